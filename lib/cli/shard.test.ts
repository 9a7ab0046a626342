import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../suites/catalogue.js';
import { isExclusive } from '../checks/runner.js';
import { AREAS, type Check } from '../checks/types.js';
import { parseOptions } from './options.js';
import { checksOfShard, parseShard, planShards, shardGroups } from './shard.js';

describe('parseShard', () => {
  it('reads i/n', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(' 3 / 3 ')).toEqual({ index: 3, count: 3 });
  });

  it.each(['0/3', '4/3', 'x', '1/0', '1', '1/3/4', '-1/3', '1.5/3', '', '2/'])('refuses %j in one sentence naming the value', (text) => {
    let err: Error | undefined;
    try {
      parseShard(text);
    } catch (e) {
      err = e as Error;
    }
    expect(err?.name).toBe('ConfigError');
    expect(err!.message).toBe(`--shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3 for the second of three shards, not "${text}".`);
  });
});

describe('the plan over the full catalogue', async () => {
  const server = (await loadCatalogue()).filter((c) => (AREAS as readonly string[]).includes(c.area));
  const groups = shardGroups(server, isExclusive);
  const ids = (cs: readonly Pick<Check, 'id'>[]) => cs.map((c) => c.id);

  it('has a group per area for its shared checks and one for every exclusive check', () => {
    expect(groups.map((g) => g.key)).toEqual([...new Set(server.filter((c) => !isExclusive(c)).map((c) => c.area)), 'exclusive']);
    expect(ids(groups.at(-1)!.checks).sort()).toEqual(ids(server.filter(isExclusive)).sort());
    expect(groups.at(-1)!.checks.length).toBeGreaterThan(0);
  });

  it.each(Array.from({ length: 11 }, (_, i) => i + 1))('%i shards: every check in exactly one, none empty, groups whole, the same plan every time', (n) => {
    if (n > groups.length) return;
    const plan = planShards(server, n, isExclusive);
    expect(plan).toHaveLength(n);
    const all = plan.flatMap((s) => s.flatMap((g) => ids(g.checks)));
    expect(all.sort()).toEqual(ids(server).sort());
    for (const s of plan) expect(s.length).toBeGreaterThan(0);
    // A group is never split: each area's shared checks, and the exclusive checks, sit in one shard.
    for (const g of groups) {
      const holders = plan.filter((s) => s.some((x) => ids(x.checks).some((id) => ids(g.checks).includes(id))));
      expect(holders, g.key).toHaveLength(1);
    }
    expect(planShards(server, n, isExclusive)).toEqual(plan);
    // checksOfShard agrees with the plan, in catalogue order.
    for (let i = 1; i <= n; i++) {
      const mine = new Set(plan[i - 1]!.flatMap((g) => ids(g.checks)));
      expect(ids(checksOfShard(server, { index: i, count: n }, isExclusive))).toEqual(ids(server.filter((c) => mine.has(c.id))));
    }
  });

  it('balances by checks: with 3 shards no shard holds more than the largest group beyond an even share', () => {
    const loads = planShards(server, 3, isExclusive).map((s) => s.reduce((k, g) => k + g.checks.length, 0));
    const largest = Math.max(...groups.map((g) => g.checks.length));
    expect(Math.max(...loads) - Math.min(...loads)).toBeLessThanOrEqual(largest);
  });

  it('refuses more shards than groups, in one sentence', () => {
    expect(() => planShards(server, groups.length + 1, isExclusive)).toThrow(
      `The checks selected make ${groups.length} groups that stay together (one per area, plus the exclusive checks), so --shard can split them into at most ${groups.length} shards, not ${groups.length + 1}.`,
    );
  });

  it('nothing selected: empty shards (the CLI says --only selects no check)', () => {
    expect(planShards([], 3, isExclusive)).toEqual([[], [], []]);
  });
});

describe('--shard and merge on the command line', () => {
  const sentence = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      parseOptions(argv, env);
    } catch (e) {
      expect((e as Error).name).toBe('ConfigError');
      return (e as Error).message;
    }
    throw new Error('accepted');
  };

  it('--shard (or DINIE_SHARD, the flag winning) on conformance, and on test against a remote target', () => {
    expect(parseOptions(['conformance', '--shard', '2/3', '--seed', '9'], {}).shard).toEqual({ index: 2, count: 3 });
    expect(parseOptions(['conformance'], { DINIE_SHARD: '1/2', DINIE_SEED: '9' }).shard).toEqual({ index: 1, count: 2 });
    expect(parseOptions(['conformance', '--shard=3/3', '--seed=9'], { DINIE_SHARD: '1/2' }).shard).toEqual({ index: 3, count: 3 });
    expect(parseOptions(['test', '--shard', '1/2', '--seed', '9', '--target', 'https://sandbox.example/v3'], {}).shard).toEqual({ index: 1, count: 2 });
    expect(parseOptions(['conformance'], {}).shard).toBeUndefined();
  });

  it("refuses a bad value, certify, npm test's self-tests on the local target, and no --seed", () => {
    expect(sentence(['conformance', '--shard', '0/3'])).toMatch(/^--shard must be i\/n .*not "0\/3"\.$/);
    expect(sentence(['conformance'], { DINIE_SHARD: '4/3' })).toMatch(/^DINIE_SHARD must be i\/n .*not "4\/3"\.$/);
    expect(sentence(['certify', '--shard', '1/3', '--seed', '9'])).toBe('certify runs every requirement in one run: drop --shard.');
    expect(sentence(['test', '--shard', '1/3', '--seed', '9'])).toMatch(/^--shard splits the conformance checks, not the self-tests/);
    // Each shard drawing a seed of its own could not be merged: refused before any job runs.
    expect(sentence(['conformance', '--shard', '1/3'])).toMatch(/^--shard needs --seed N \(or DINIE_SEED\), the same in every shard/);
  });

  it('merge takes report dirs and --report-dir only', () => {
    const dir = process.cwd();
    expect(parseOptions(['merge', dir, dir, '--report-dir', 'out'], { DINIE_TARGET: 'sandbox', DINIE_SEED: '4' })).toMatchObject({
      command: 'merge',
      mergeDirs: [dir, dir],
      reportDir: 'out',
    });
    expect(parseOptions(['merge', dir], { DINIE_REPORT_DIR: 'merged' }).reportDir).toBe('merged');
    expect(sentence(['merge'])).toMatch(/^merge needs the report dirs of the shards to join/);
    expect(sentence(['merge', dir, '--seed', '3'])).toBe(
      "merge takes the shards' report dirs and --report-dir only, not --seed: the run's settings come from the shards' reports.",
    );
    expect(sentence(['merge', '/no/such/dir'])).toBe('The shard report dir /no/such/dir does not exist.');
  });
});
