import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../checks/types.js';
import type { BuildRunReportInput } from './build.js';
import { mergeShardReports, missingShardNotRun, runDifference, type ShardReport } from './merge.js';
import { syntheticReport, syntheticResult } from './testing.js';
import type { RunReport } from './types.js';

/** Ten results over four areas, every outcome, one skipped MUST lacking what the target declares. */
function results(): CheckResult[] {
  return [
    syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
    syntheticResult('AUTH-B', 'auth', 'MUST', 'failed'),
    syntheticResult('AUTH-C', 'auth', 'SHOULD', 'warning'),
    syntheticResult('CUST-A', 'customers', 'MUST', 'passed', {
      leftovers: {
        count: 2,
        items: [
          { kind: 'customer', id: 'cust_1' },
          { kind: 'customer', id: 'cust_2' },
        ],
      },
    }),
    syntheticResult('CUST-B', 'customers', 'MUST', 'skipped', { lacks: ['clock'], message: 'needs clock' }),
    syntheticResult('CUST-C', 'customers', 'SHOULD', 'passed'),
    syntheticResult('KYC-A', 'kyc', 'MUST', 'failed'),
    syntheticResult('KYC-B', 'kyc', 'MUST', 'passed', { leftovers: { count: 1, items: [{ kind: 'document', id: 'doc_1' }] } }),
    syntheticResult('RATE-A', 'rate-limits', 'MUST', 'passed'),
    syntheticResult('RATE-B', 'rate-limits', 'SHOULD', 'skipped', { lacks: [] }),
  ];
}

/** The plan the tests give merge: by area, as lib/cli/shard.ts would group them. */
const PLAN: Record<number, string[]> = { 1: ['auth'], 2: ['customers', 'rate-limits'], 3: ['kyc'] };
const assigned = (all: CheckResult[]) => (index: number) => all.filter((r) => PLAN[index]!.includes(r.area));

const target = {
  name: 'local',
  baseUrl: 'http://127.0.0.1:4555/v3',
  profile: 'local',
  capabilities: ['stateful', 'control'],
  declaredLacks: ['clock' as const],
};

function shardsOf(all: CheckResult[], over: Partial<BuildRunReportInput> = {}, each: (i: number, r: RunReport) => void = () => {}): ShardReport[] {
  return [1, 2, 3].map((index) => {
    const report = syntheticReport(assigned(all)(index), {
      target: { ...target, baseUrl: `http://127.0.0.1:${4555 + index}/v3` },
      startedAt: new Date(Date.parse('2026-11-23T10:00:00.000Z') + index * 1000),
      durationMs: 5000,
      ...over,
    });
    report.shard = { index, count: 3 };
    each(index, report);
    return { dir: `reports/s${index}`, report };
  });
}

const whole = (all: CheckResult[], over: Partial<BuildRunReportInput> = {}) => syntheticReport(all, { target, ...over });

/** What must agree with an unsharded run's report. */
const essence = (r: RunReport) => ({
  verdict: r.verdict,
  counts: r.counts,
  requirements: r.requirements,
  baseline: r.baseline,
  comparison: r.comparison,
  leftovers: r.leftovers,
  options: r.options,
  seed: r.seed,
  runs: r.runs,
  contract: r.contract,
  suite: r.suite,
});

describe('merging the shards of one run', () => {
  it("gives the unsharded run's requirements, counts and verdict (completeness and excuses judged over the union)", () => {
    const all = results();
    const { report, missing } = mergeShardReports({ shards: shardsOf(all), assigned: assigned(all) });
    expect(missing).toEqual([]);
    expect(essence(report)).toEqual(essence(whole(all)));
    expect(report.shard).toBeUndefined();
    expect(report.errors).toBeUndefined();
    // Spanning the shards: from the first start to the last end.
    expect(report.startedAt).toBe('2026-11-23T10:00:01.000Z');
    expect(report.durationMs).toBe(7000);
    expect(report.verdict.status).toBe('not-conforming');
    expect(report.verdict.blocking.sort()).toEqual(['AUTH-B', 'KYC-A']);
  });

  it('in any order the dirs are given', () => {
    const all = results();
    const shards = shardsOf(all);
    const a = mergeShardReports({ shards, assigned: assigned(all) }).report;
    const b = mergeShardReports({ shards: [shards[2]!, shards[0]!, shards[1]!], assigned: assigned(all) }).report;
    expect(essence(b)).toEqual(essence(a));
  });

  it('a shard that passes alone does not make the run pass: an undeclared skip in another shard fails it', () => {
    const all = results().map((r) => (r.outcome === 'failed' ? { ...r, outcome: 'passed' as const, message: undefined } : r));
    all.push(syntheticResult('KYC-C', 'kyc', 'MUST', 'skipped', { lacks: ['webhooks'], message: 'needs webhooks' }));
    const shards = shardsOf(all);
    expect(shards[0]!.report.verdict.passed).toBe(true);
    const { report } = mergeShardReports({ shards, assigned: assigned(all) });
    expect(report.verdict).toEqual(whole(all).verdict);
    expect(report.verdict).toMatchObject({ passed: false, complete: false, excused: false, status: 'incomplete' });
  });

  it('only declared skips in the union: the run passes, incomplete, as unsharded', () => {
    const all = results().map((r) => (r.outcome === 'failed' ? { ...r, outcome: 'passed' as const, message: undefined } : r));
    const { report } = mergeShardReports({ shards: shardsOf(all), assigned: assigned(all) });
    expect(report.verdict).toEqual(whole(all).verdict);
    expect(report.verdict).toMatchObject({ passed: true, complete: false, excused: true, status: 'incomplete' });
  });

  it("joins the baseline's known failures and fixes, with their notes, as the unsharded run applies it", () => {
    const all = results();
    const baseline = {
      file: 'baseline.json',
      content: { target: 'local', known: [{ id: 'AUTH-B', note: 'tracked in #12' }, { id: 'KYC-A' }, { id: 'CUST-A' }, { id: 'NOT-IN-RUN' }] },
    };
    const { report } = mergeShardReports({ shards: shardsOf(all, { baseline }), assigned: assigned(all) });
    const unsharded = whole(all, { baseline });
    expect(report.baseline).toEqual({ ...unsharded.baseline, known: [...unsharded.baseline!.known].sort(), fixed: [...unsharded.baseline!.fixed].sort() });
    expect(report.verdict).toEqual(unsharded.verdict);
    expect(report.verdict.passed).toBe(true);
    expect(report.requirements.find((r) => r.id === 'AUTH-B')).toMatchObject({ known: true, knownNote: 'tracked in #12' });
  });

  it("joins --compare's regressions and fixes", () => {
    const all = results();
    const previous = {
      file: 'prev.json',
      report: whole(all.map((r) => (r.id === 'AUTH-A' ? { ...r, outcome: 'failed' as const } : r.id === 'KYC-A' ? { ...r, outcome: 'passed' as const } : r))),
    };
    const { report } = mergeShardReports({ shards: shardsOf(all, { previous }), assigned: assigned(all) });
    const unsharded = whole(all, { previous });
    expect(report.comparison).toEqual(unsharded.comparison);
    expect(report.comparison).toMatchObject({ regressions: ['KYC-A'], fixes: ['AUTH-A'] });
    expect(report.requirements.filter((r) => r.change).map((r) => [r.id, r.change])).toEqual(
      unsharded.requirements.filter((r) => r.change).map((r) => [r.id, r.change]),
    );
  });

  it("a shard's errors and interruption are the run's", () => {
    const all = results();
    const shards = shardsOf(all, {}, (i, r) => {
      if (i === 2) r.errors = ['suites/kyc/kyc.test.ts: failed to load'];
      if (i === 3) r.interrupted = { signal: 'SIGTERM' };
    });
    const { report } = mergeShardReports({ shards, assigned: assigned(all) });
    expect(report.errors).toEqual(['shard 2/3: suites/kyc/kyc.test.ts: failed to load']);
    expect(report.interrupted).toEqual({ signal: 'SIGTERM' });
    expect(report.verdict).toMatchObject({ status: 'interrupted', passed: false, complete: false });
  });
});

describe('a missing shard', () => {
  it('leaves its checks not run: the run is incomplete and never passes, even when every other check passed', () => {
    const all = results().map((r) => ({ ...r, outcome: 'passed' as const, lacks: undefined, message: undefined }));
    const shards = shardsOf(all);
    const { report, missing } = mergeShardReports({ shards: [shards[0]!, shards[2]!], assigned: assigned(all) });
    expect(missing).toEqual([2]);
    expect(report.requirements.map((r) => r.id).sort()).toEqual(all.map((r) => r.id).sort());
    const notRun = report.requirements.filter((r) => r.area === 'customers' || r.area === 'rate-limits');
    for (const r of notRun) expect(r).toMatchObject({ outcome: 'skipped', message: missingShardNotRun(2, 3), lacks: [] });
    expect(report.errors).toEqual(['the results of shard 2/3 are missing: its checks are reported as not run']);
    expect(report.verdict).toMatchObject({ status: 'incomplete', complete: false, excused: false, passed: false });
  });

  it('one shard alone is still the whole plan: the others are missing', () => {
    const all = results();
    const { missing, report } = mergeShardReports({ shards: [shardsOf(all)[0]!], assigned: assigned(all) });
    expect(missing).toEqual([2, 3]);
    expect(report.verdict.passed).toBe(false);
  });
});

describe('refusals, each one sentence', () => {
  const all = results();
  const refuse = (shards: ShardReport[]) => {
    try {
      mergeShardReports({ shards, assigned: assigned(all) });
    } catch (e) {
      expect((e as Error).name).toBe('MergeError');
      expect((e as Error).message).not.toMatch(/\n/);
      return (e as Error).message;
    }
    throw new Error('merged');
  };

  it('shards of different runs: seed, target, contract, settings, suite, number of shards', () => {
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.seed = 7)))).toBe(
      'Cannot merge shards of different runs: reports/s1 (shard 1/3) and reports/s2 (shard 2/3) differ in the seed (42 vs 7: give every shard the same --seed).',
    );
    expect(
      refuse(shardsOf(all, {}, (i, r) => i === 3 && (r.target = { ...r.target, name: 'sandbox', profile: 'sandbox', baseUrl: 'https://sandbox.example/v3' }))),
    ).toMatch(
      /^Cannot merge shards of different runs: reports\/s1 \(shard 1\/3\) and reports\/s3 \(shard 3\/3\) differ in the target \(local at http:\/\/127\.0\.0\.1:4556\/v3 vs sandbox at https:\/\/sandbox\.example\/v3\)\.$/,
    );
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.contract = { ...r.contract, revision: 'sdk', digest: 'sha256:def' })))).toMatch(
      /differ in the contract \(docs revision, digest sha256:abc12 vs sdk revision, digest sha256:def\)\.$/,
    );
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.options = { ...r.options, strict: true })))).toMatch(/differ in --strict \(false vs true\)\.$/);
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.options = { ...r.options, only: ['auth'] })))).toMatch(/differ in --only \(none vs auth\)\.$/);
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.runs = 5)))).toMatch(/differ in --runs \(50 vs 5\)\.$/);
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.suite = { ...r.suite, version: '0.2.0' })))).toMatch(
      /differ in the suite \(dinie-conformance 0\.1\.0 vs dinie-conformance 0\.2\.0\)\.$/,
    );
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.target = { ...r.target, declaredLacks: [] })))).toMatch(
      /differ in the target's declared lacks \(clock vs none\)\.$/,
    );
    expect(refuse(shardsOf(all, {}, (i, r) => i === 2 && (r.shard = { index: 2, count: 4 })))).toMatch(/differ in the number of shards \(3 vs 4\)\.$/);
  });

  it('the embedded reference server on another port is the same target', () => {
    const [a, b] = shardsOf(all);
    expect(a!.report.target.baseUrl).not.toBe(b!.report.target.baseUrl);
    expect(runDifference(a!.report, b!.report)).toBeUndefined();
  });

  it("a shard given twice, a whole run's report, a result where the plan does not put it", () => {
    const shards = shardsOf(all);
    expect(refuse([shards[0]!, shards[1]!, { ...shards[1]!, dir: 'copy/s2' }])).toBe(
      "Shard 2/3 is given twice (reports/s2 and copy/s2): give each shard's report dir once.",
    );
    expect(refuse([shards[0]!, { dir: 'reports', report: whole(all) }])).toBe(
      'reports holds the report of a whole run, not of a shard: merge joins the report dirs of runs made with --shard i/n.',
    );
    const stray = shardsOf(all, {}, (i, r) => i === 1 && r.requirements.push({ ...r.requirements[0]!, id: 'KYC-A', area: 'kyc' }));
    expect(refuse(stray)).toMatch(/^Cannot merge: reports\/s1 \(shard 1\/3\) holds KYC-A, which this suite's plan does not give that shard/);
  });
});
