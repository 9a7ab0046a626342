import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLURE_HISTORY_RUNS, annotateAllureResults, renderAllureReport, stripAnalytics } from './allure.js';
import { allureIdentity } from './allure-identity.js';
import { syntheticReport, syntheticResult } from './testing.js';

describe('stripAnalytics', () => {
  it('removes the tag manager script and its inline config, keeps the report scripts', () => {
    const page = `<head><script>window.allure={}</script></head><body>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('js', new Date());
    </script>
    <script>window.reportData = 1</script></body>`;
    const out = stripAnalytics(page);
    expect(out).not.toMatch(/googletagmanager|gtag|dataLayer/);
    expect(out).toContain('window.allure={}');
    expect(out).toContain('window.reportData = 1');
  });
});

describe('annotateAllureResults', () => {
  const results = [
    syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
    syntheticResult('LOAN-CANCEL', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel', lacks: ['trigger:loan.cancel'] }),
  ];
  async function resultsDir() {
    const dir = await mkdtemp(path.join(tmpdir(), 'allure-results-'));
    const labels = (id: string) => [
      { name: 'requirement', value: id },
      { name: 'feature', value: 'x' },
    ];
    await writeFile(path.join(dir, 'a-result.json'), JSON.stringify({ uuid: 'a', name: 'AUTH-A', status: 'passed', labels: labels('AUTH-A') }));
    await writeFile(path.join(dir, 'b-result.json'), JSON.stringify({ uuid: 'b', name: 'LOAN-CANCEL', status: 'skipped', labels: labels('LOAN-CANCEL') }));
    return dir;
  }
  const read = async (dir: string) => {
    const out: any[] = [];
    for (const f of await readdir(dir)) if (f.endsWith('-result.json')) out.push(JSON.parse(await readFile(path.join(dir, f), 'utf8')));
    return out;
  };

  it('gives each skip its reason and adds a failing `verdict` result saying INCOMPLETE when undeclared lacks fail the run', async () => {
    const dir = await resultsDir();
    await annotateAllureResults(dir, syntheticReport(results));
    const all = await read(dir);
    expect(all.find((r) => r.uuid === 'b').statusDetails.message).toBe(
      'needs loan cancel [MUST not checked; lacks trigger loan.cancel (not declared); this fails the run]',
    );
    expect(all.find((r) => r.uuid === 'a').statusDetails).toBeUndefined();
    const verdict = all.find((r) => r.fullName === 'conformance verdict');
    expect(verdict).toMatchObject({ name: 'verdict: INCOMPLETE', status: 'failed' });
    expect(verdict.statusDetails.message).toMatch(
      /^INCOMPLETE: no MUST requirements failed, but 1 of 2 MUST requirements were not checked: 1 needs trigger loan.cancel/,
    );
    expect(verdict.statusDetails.trace).toContain('LOAN-CANCEL');
    const env = await readFile(path.join(dir, 'environment.properties'), 'utf8');
    expect(env).toMatch(/^verdict=INCOMPLETE$/m);
    expect(env).toMatch(/^must.not.checked=1 of 2$/m);
  });

  it('declared lacks only: the verdict result is skipped, still INCOMPLETE; a complete run passes as CONFORMING', async () => {
    const dir = await resultsDir();
    const target = { name: 'sandbox', baseUrl: 'https://sandbox.example/v3', capabilities: ['stateful'], declaredLacks: ['trigger:loan.cancel' as const] };
    await annotateAllureResults(dir, syntheticReport(results, { target }));
    expect((await read(dir)).find((r) => r.fullName === 'conformance verdict')).toMatchObject({ name: 'verdict: INCOMPLETE', status: 'skipped' });
    const ok = await mkdtemp(path.join(tmpdir(), 'allure-results-'));
    await annotateAllureResults(ok, syntheticReport([results[0]!]));
    expect((await read(ok)).find((r) => r.fullName === 'conformance verdict')).toMatchObject({ name: 'verdict: CONFORMING', status: 'passed' });
  });

  it('a requirement without a labelled result (stopped, broken or never reported) gets the labels, identity and reason its run results have', async () => {
    const dir = await resultsDir();
    // As allure-vitest writes a test the run stopped, or one broken before labelWithAllure: named `ID title`, identified by file and title.
    const unlabelled = (uuid: string, name: string, status: string) =>
      writeFile(
        path.join(dir, `${uuid}-result.json`),
        JSON.stringify({ uuid, name, status, testCaseId: 'md5-of-title', historyId: 'md5-of-title:x', labels: [] }),
      );
    await unlabelled('c', 'IDEM-X idempotency x holds', 'skipped');
    await unlabelled('d', 'AUTH-B auth b holds', 'broken');
    const interrupted = syntheticResult('IDEM-X', 'idempotency', 'MUST', 'skipped', { message: 'not run: the run was interrupted (SIGINT)', lacks: [] });
    const broken = syntheticResult('AUTH-B', 'auth', 'MUST', 'failed', { message: 'the check could not run: boom' });
    const missingShard = syntheticResult('CUST-X', 'customers', 'SHOULD', 'skipped', { message: 'not run: its shard is missing', lacks: [] });
    const report = syntheticReport([...results, interrupted, broken, missingShard]);
    await annotateAllureResults(dir, report);
    const all = await read(dir);
    const of = (id: string) => all.filter((r) => r.labels?.some((l: { name: string; value: string }) => l.name === 'requirement' && l.value === id));
    // One result per requirement, and nothing else but the verdict.
    expect(report.requirements.map((r) => of(r.id).length)).toEqual(report.requirements.map(() => 1));
    expect(all).toHaveLength(report.requirements.length + 1);
    const [x] = of('IDEM-X');
    expect(x).toMatchObject({
      uuid: 'c',
      status: 'skipped',
      statusDetails: { message: 'not run: the run was interrupted (SIGINT) [MUST not checked; names no lack; this fails the run]' },
      testCaseId: 'IDEM-X',
      historyId: allureIdentity(interrupted, 'local').historyId,
    });
    expect(x.labels).toEqual(
      expect.arrayContaining([
        { name: 'suite', value: 'idempotency' },
        { name: 'severity', value: 'critical' },
      ]),
    );
    expect(of('AUTH-B')[0]).toMatchObject({ uuid: 'd', status: 'broken', testCaseId: 'AUTH-B', historyId: allureIdentity(broken, 'local').historyId });
    expect(of('CUST-X')[0]).toMatchObject({
      status: 'skipped',
      statusDetails: { message: 'not run: its shard is missing [SHOULD not checked; names no lack]' },
      testCaseId: 'CUST-X',
      historyId: allureIdentity(missingShard, 'local').historyId,
      fullName: 'dinie-conformance:conformance#CUST-X',
    });
  });

  it("the verdict result's history identity (testCaseId and the parameters not excluded) is the target's, whatever the verdict", async () => {
    const identity = async (report: ReturnType<typeof syntheticReport>) => {
      const dir = await resultsDir();
      await annotateAllureResults(dir, report);
      const v = (await read(dir)).find((r) => r.fullName === 'conformance verdict');
      return { testCaseId: v.testCaseId, historyId: v.historyId, params: v.parameters.filter((p: { excluded?: boolean }) => !p.excluded) };
    };
    const complete = await identity(syntheticReport([results[0]!]));
    expect(await identity(syntheticReport(results))).toEqual(complete);
    expect(complete.params).toEqual([{ name: 'target', value: 'local' }]);
  });

  it("a shard's verdict result and environment name the shard: its verdict is not the run's", async () => {
    const dir = await resultsDir();
    await annotateAllureResults(dir, { ...syntheticReport([results[0]!]), shard: { index: 3, count: 3 } });
    const verdict = (await read(dir)).find((r) => r.fullName === 'conformance verdict');
    expect(verdict).toMatchObject({ name: 'verdict of shard 3/3: CONFORMING', status: 'passed' });
    expect(verdict.statusDetails.message).toMatch(/^shard 3\/3: CONFORMING: /);
    expect(verdict.statusDetails.trace).toContain('This report holds shard 3 of 3 of a run');
    expect(await readFile(path.join(dir, 'environment.properties'), 'utf8')).toMatch(/^shard=3\/3 \(this shard's checks only\)$/m);
  });
});

describe("Allure's history", () => {
  it('keeps the last ALLURE_HISTORY_RUNS runs: the oldest lines go as a run is added', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'allure-history-'));
    const historyPath = path.join(dir, 'allure-history.jsonl');
    // Runs that a history file of many nights holds, one line each (Allure's history entry).
    const entry = (i: number) =>
      JSON.stringify({ uuid: `run-${i}`, name: 'night', timestamp: 1_700_000_000_000 + i, knownTestCaseIds: [], testResults: {}, metrics: {}, url: '' });
    await writeFile(historyPath, `${Array.from({ length: ALLURE_HISTORY_RUNS + 5 }, (_, i) => entry(i)).join('\n')}\n`);
    const resultsDir = await mkdtemp(path.join(tmpdir(), 'allure-results-'));
    await annotateAllureResults(resultsDir, syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed')]));
    await renderAllureReport({ resultsDir, outDir: path.join(dir, 'allure-report'), historyPath, name: 'history' });
    const lines = (await readFile(historyPath, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(ALLURE_HISTORY_RUNS);
    // The newest runs stay, this one last.
    expect(JSON.parse(lines[0]!).uuid).toBe(`run-${5 + 1}`);
    expect(JSON.parse(lines.at(-1)!).name).toBe('history');
  });
});
