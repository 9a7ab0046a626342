import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDefaultWriter, ReporterRuntime } from 'allure-js-commons/sdk/reporter';
import { MessageHolderTestRuntime } from 'allure-js-commons/sdk/runtime';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeAllureResults } from '../report/allure-results.js';
import { syntheticResult } from '../report/testing.js';
import { labelWithAllure } from './allure-labels.js';
import { deadlineNotRun, notRunResult } from './not-run.js';
import type { CheckResult } from './types.js';

interface Written {
  testCaseId?: string;
  historyId?: string;
  parameters: { name: string; value: string; excluded?: boolean }[];
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** What Allure 3 keys a history line on (@allurereport/core's store/convert.js: it ignores the written historyId). */
const allure3HistoryId = (r: Written) =>
  `${md5(r.testCaseId ?? '')}.${md5(
    r.parameters
      .filter((p) => !p.excluded)
      .sort((a, b) => a.name.localeCompare(b.name) || a.value.localeCompare(b.value))
      .map((p) => `${p.name}:${p.value}`)
      .join(','),
  )}`;

const identity = (r: Written) => ({ testCaseId: r.testCaseId, historyId: r.historyId, allure3: allure3HistoryId(r) });

let dir: string;
let n = 0;
/** A results directory of its own for each result written. */
const nextDir = (kind: string) => path.join(dir, `${kind}-${++n}`);
const saved = (globalThis as Record<string, unknown>).allureTestRuntime;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'allure-labels-'));
});
afterEach(async () => {
  // The unit project shares a worker between files: leave no Allure runtime behind.
  (globalThis as Record<string, unknown>).allureTestRuntime = saved;
  await rm(dir, { recursive: true, force: true });
});

async function readResults(from: string): Promise<Written[]> {
  const names = (await readdir(from)).filter((n) => n.endsWith('-result.json'));
  return Promise.all(names.map(async (n) => JSON.parse(await readFile(path.join(from, n), 'utf8')) as Written));
}

/** The result allure-vitest writes for a test that called labelWithAllure (its reporter's steps for one task). */
async function throughVitest(result: CheckResult, target: string): Promise<Written> {
  const holder = new MessageHolderTestRuntime();
  (globalThis as Record<string, unknown>).allureTestRuntime = () => holder;
  await labelWithAllure(result, target);
  const out = nextDir('vitest');
  const runtime = new ReporterRuntime({ writer: createDefaultWriter({ resultsDir: out }) });
  const uuid = runtime.startTest({ name: `${result.id} ${result.title}`, fullName: `suites/conformance.test.ts#${result.id} ${result.title}` });
  runtime.applyRuntimeMessages(uuid, holder.messages());
  runtime.stopTest(uuid, { duration: 1 });
  runtime.writeTest(uuid);
  const [written] = await readResults(out);
  return written!;
}

/** The result lib/report/allure-results.ts writes for it. */
async function written(result: CheckResult, target: string): Promise<Written> {
  const out = nextDir('written');
  await writeAllureResults(out, 'receiver', [result], target);
  const [w] = await readResults(out);
  return w!;
}

describe('every Allure result of a requirement has one identity', () => {
  const passed = syntheticResult('RECV-EVENTS-ACKNOWLEDGED', 'receiver', 'MUST', 'passed');
  const failed = syntheticResult('RECV-EVENTS-ACKNOWLEDGED', 'receiver', 'MUST', 'failed');
  const notRun = notRunResult(passed, deadlineNotRun(60));

  it('a not-run result written by allure-results and a run one through allure-vitest share testCaseId and historyId', async () => {
    const run = await throughVitest(passed, 'local');
    const skipped = await written(notRun, 'local');
    expect(run.testCaseId).toBe('RECV-EVENTS-ACKNOWLEDGED');
    expect(identity(skipped)).toEqual(identity(run));
  });

  it("a requirement's outcome does not change its identity, through either writer", async () => {
    // One after the other: each sets the one global Allure runtime.
    const all: Written[] = [];
    for (const r of [passed, failed, notRun]) all.push(await throughVitest(r, 'local'));
    for (const r of [passed, failed, notRun]) all.push(await written(r, 'local'));
    for (const w of all) expect(identity(w)).toEqual(identity(all[0]!));
  });

  it('another target is another history line, another requirement another test case', async () => {
    const here = identity(await throughVitest(passed, 'local'));
    const there = identity(await written(passed, 'sandbox'));
    expect(there.testCaseId).toBe(here.testCaseId);
    expect(there.historyId).not.toBe(here.historyId);
    expect(there.allure3).not.toBe(here.allure3);
    const other = identity(await written({ ...passed, id: 'RECV-REFUSES-FORGED-SIGNATURE' }, 'local'));
    expect(other.testCaseId).not.toBe(here.testCaseId);
  });
});
