// End to end through the CLI: three --shard runs against the embedded reference server, merged,
// give the verdict, counts and requirement set of one unsharded run of the same selection; a
// missing shard makes the merge incomplete and failing; shards of different runs and bad --shard
// values are one sentence, exit 2. A small selection (three areas, whose exclusive checks make a
// group of their own) keeps it fast.
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../lib/report/types.js';
import { type CliRun, cli, cliInProcess } from './cli.test-helper.js';

// No rate-limit checks: whether 1000 requests meet a 429 depends on how fast a loaded machine
// sends them, and an outcome that differs between runs would fail the comparison for no fault of
// the merge. The exclusive group is then the clock checks (AUTH-TOKEN-EXPIRES, IDEM-KEY-KEPT-24H).
const ONLY = 'auth,customers,idempotency';
// One fault, so the verdict to agree on is a failing one; the missing-shard case leaves out the
// shard its failures are in, so the shards it gives pass on their own.
const FAULT = 'missing-token-403';
const FAILS = 'AUTH-NO-TOKEN-401';
const SETTINGS = ['--only', ONLY, '--seed', '11', '--runs', '3', '--fault', FAULT];

const read = async (dir: string): Promise<RunReport> => JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
const outcomes = (r: RunReport) => r.requirements.map((q) => `${q.id} ${q.level} ${q.outcome}`).sort();
const oneSentence = (run: CliRun) => run.stderr.split('\n').filter((l) => l.trim() && !/^npm warn/.test(l));

describe('three shards merged are one run', () => {
  let tmp: string;
  const dir = (name: string) => path.join(tmp, name);
  let whole: CliRun;
  let shards: CliRun[];
  let merged: CliRun;

  beforeAll(async () => {
    tmp = await mkdtemp(path.join(tmpdir(), 'dinie-shards-'));
    // The four runs are independent (each starts its own reference server): at once. As a CI job
    // would, they keep allure-results and render no Allure page: the merge renders the run's.
    [whole, ...shards] = await Promise.all([
      cli(['conformance', ...SETTINGS, '--skip-allure-page', '--report-dir', dir('whole')]),
      ...[1, 2, 3].map((i) => cli(['conformance', ...SETTINGS, '--shard', `${i}/3`, '--skip-allure-page', '--report-dir', dir(`s${i}`)])),
    ]);
    // merge starts no run: the CLI's main in this process (its exit code is main's, see dinie-conformance.test).
    merged = await cliInProcess(['merge', dir('s1'), dir('s2'), dir('s3'), '--report-dir', dir('merged')]);
  }, 300_000);

  it('each shard runs its share and says so', async () => {
    for (const [i, run] of shards.entries()) {
      expect(run.stderr).toBe('');
      expect(run.stdout).toMatch(new RegExp(`^shard ${i + 1}/3: \\d+ of the \\d+ checks selected`, 'm'));
      expect((await read(dir(`s${i + 1}`))).shard).toEqual({ index: i + 1, count: 3 });
    }
    const ids = await Promise.all([1, 2, 3].map(async (i) => (await read(dir(`s${i}`))).requirements.map((r) => r.id)));
    for (const list of ids) expect(list.length).toBeGreaterThan(0);
    expect(new Set(ids.flat()).size).toBe(ids.flat().length);
  });

  it("the merge has the unsharded run's requirement set, counts, verdict and exit code", async () => {
    expect(merged.stderr).toBe('');
    const [a, b] = [await read(dir('merged')), await read(dir('whole'))];
    expect(outcomes(a)).toEqual(outcomes(b));
    expect(a.counts).toEqual(b.counts);
    expect(a.verdict).toEqual(b.verdict);
    expect(a.verdict.blocking).toEqual([FAILS]);
    expect(a.options).toEqual(b.options);
    expect(a.shard).toBeUndefined();
    expect(whole.code).toBe(1);
    expect(merged.code).toBe(whole.code);
    // The closing line CI reads, and the verdict line, are the unsharded run's.
    const closing = (run: CliRun) => run.stdout.trimEnd().split('\n').at(-1);
    expect(closing(merged)).toBe(closing(whole));
  });

  it('junit.xml and the Allure results hold every requirement once, and one verdict', async () => {
    const junit = await readFile(dir('merged/junit.xml'), 'utf8');
    const wholeJunit = await readFile(dir('whole/junit.xml'), 'utf8');
    const cases = (x: string) => [...x.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    expect(cases(junit)).toEqual(cases(wholeJunit));
    const { readdir } = await import('node:fs/promises');
    const results = await Promise.all(
      (await readdir(dir('merged/allure-results')))
        .filter((f) => f.endsWith('-result.json'))
        .map(async (f) => JSON.parse(await readFile(dir(`merged/allure-results/${f}`), 'utf8'))),
    );
    const verdicts = results.filter((r) => r.fullName === 'conformance verdict');
    expect(verdicts).toHaveLength(1);
    const reqs = results
      .flatMap((r) => r.labels?.filter((l: { name: string }) => l.name === 'requirement').map((l: { value: string }) => l.value) ?? [])
      .sort();
    expect(reqs).toEqual((await read(dir('merged'))).requirements.map((r) => r.id).sort());
    await readFile(dir('merged/allure-report/index.html'), 'utf8');
    await readFile(dir('merged/conformance.html'), 'utf8');
  });

  it('a missing shard: INCOMPLETE, exit code 1, its checks not run, though the shards given pass', async () => {
    // Leave out the shard that holds the fault's failures (where the plan puts it depends on the catalogue).
    const reports = await Promise.all([1, 2, 3].map((i) => read(dir(`s${i}`))));
    const k = reports.findIndex((r) => r.requirements.some((q) => q.id === FAILS)) + 1;
    expect(k).toBeGreaterThan(0);
    const given = [1, 2, 3].filter((i) => i !== k);
    for (const i of given) expect(reports[i - 1]!.verdict.passed).toBe(true);
    // As CI hands them over: the dir of a job that wrote no report is there, empty.
    await mkdir(dir('crashed'));
    const run = await cliInProcess(['merge', dir(`s${given[0]}`), dir('crashed'), dir(`s${given[1]}`), '--report-dir', dir('missing')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`${dir('crashed')} holds no conformance.json (did its job end before writing one?): left out`);
    expect(run.stdout).toMatch(new RegExp(`^missing: shard ${k}/3; its checks are reported as not run`, 'm'));
    const r = await read(dir('missing'));
    expect(r.verdict).toMatchObject({ status: 'incomplete', complete: false, passed: false });
    expect(outcomes(r).map((o) => o.split(' ')[0])).toEqual(outcomes(await read(dir('whole'))).map((o) => o.split(' ')[0]));
    for (const q of reports[k - 1]!.requirements)
      expect(r.requirements.find((x) => x.id === q.id)?.message).toBe(`not run: the results of shard ${k}/3 were not given to merge`);
  }, 120_000);

  it('shards of another run (here: another seed) are refused in one sentence, exit 2', async () => {
    await cp(dir('s2'), dir('s2-other'), { recursive: true });
    const other = await read(dir('s2-other'));
    await writeFile(path.join(dir('s2-other'), 'conformance.json'), JSON.stringify({ ...other, seed: 12 }));
    const run = await cliInProcess(['merge', dir('s1'), dir('s2-other'), dir('s3'), '--report-dir', dir('refused')]);
    expect(run.code).toBe(2);
    expect(oneSentence(run)).toEqual([
      `dinie-conformance: Cannot merge shards of different runs: ${dir('s1')} (shard 1/3) and ${dir('s2-other')} (shard 2/3) differ in the seed (11 vs 12: give every shard the same --seed).`,
    ]);
  }, 60_000);
});

describe('a bad --shard value is one sentence, exit 2', () => {
  // Every bad form is covered by lib/cli/shard.test.ts; this proves the CLI's exit code and stderr.
  it('--shard 4/3', async () => {
    const run = await cliInProcess(['conformance', '--shard', '4/3']);
    expect(run.code).toBe(2);
    expect(oneSentence(run)).toEqual(['dinie-conformance: --shard must be i/n with 1 ≤ i ≤ n, e.g. 2/3 for the second of three shards, not "4/3".']);
  }, 90_000);
});
