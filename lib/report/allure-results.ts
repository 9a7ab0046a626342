// allure-results written in-process: the partner-side certifications' (receiver, client), whose
// checks run outside vitest, and a server run's requirements no test wrote one for (not run:
// annotateAllureResults). Server runs get the others from allure-vitest. Written in the same shape
// (one `<uuid>-result.json` per requirement, labelled like lib/checks/allure-labels.ts, with the
// exchanges and evidence as attachments). writeRunReports then annotates, scrubs and renders them
// exactly as it does a server run's.
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CheckResult } from '../types.js';
import { allureIdentity, requirementLabels } from './allure-identity.js';

/** Allure's status for an outcome: a warning passes (the report says it), as in the vitest glue. */
const STATUS: Record<CheckResult['outcome'], string> = { passed: 'passed', warning: 'passed', failed: 'failed', skipped: 'skipped' };

/** `suite` names the certification (`receiver`, `client`) or `conformance`, in fullName; results follow each other from `startedAt`. */
export async function writeAllureResults(
  dir: string,
  suite: string,
  results: readonly CheckResult[],
  targetName: string,
  startedAt = Date.now(),
): Promise<void> {
  await mkdir(dir, { recursive: true });
  let clock = startedAt;
  for (const r of results) {
    const uuid = randomUUID();
    const attachments: { name: string; source: string; type: string }[] = [];
    const attach = async (name: string, value: unknown) => {
      const source = `${randomUUID()}-attachment.json`;
      await writeFile(path.join(dir, source), JSON.stringify(value, null, 2));
      attachments.push({ name, source, type: 'application/json' });
    };
    if (r.evidence.exchanges.length) await attach('exchanges.json', r.evidence.exchanges);
    const { expected, actual, notes } = r.evidence;
    if (expected !== undefined || actual !== undefined || notes.length) await attach('evidence.json', { expected, actual, notes });
    // Identified as the vitest glue identifies a check, so a requirement's history is one line.
    const { testCaseId, historyId, parameters } = allureIdentity(r, targetName);
    const name = `${r.id} ${r.title}`;
    const result = {
      uuid,
      historyId,
      testCaseId,
      name,
      fullName: `dinie-conformance:${suite}#${r.id}`,
      status: STATUS[r.outcome],
      statusDetails: r.message ? { message: r.outcome === 'warning' ? `warning (SHOULD): ${r.message}` : r.message } : {},
      stage: 'finished',
      start: clock,
      stop: clock + Math.round(r.durationMs),
      labels: requirementLabels(r),
      parameters,
      links: [],
      steps: [],
      attachments,
    };
    clock += Math.round(r.durationMs);
    await writeFile(path.join(dir, `${uuid}-result.json`), JSON.stringify(result));
  }
}
