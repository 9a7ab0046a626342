// --compare PREVIOUS.json: what changed since an earlier run (regression = passed before, fails
// now; fix = failed before, passes now). Requirements absent from either run are not compared.
import { readFile } from 'node:fs/promises';
import type { CheckResult, Comparison, RunReport } from './types.js';

export class CompareError extends Error {
  override name = 'CompareError';
}

export async function loadPreviousReport(file: string): Promise<RunReport> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new CompareError(`The previous report ${file} cannot be read.`);
  }
  let raw: { requirements?: unknown } | null;
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    throw new CompareError(`The previous report ${file} is not valid JSON.`);
  }
  if (!raw || !Array.isArray(raw.requirements)) {
    throw new CompareError(`The previous report ${file} is not a conformance.json (no "requirements").`);
  }
  return raw as RunReport;
}

const failedLike = (o: string) => o === 'failed' || o === 'warning';

export function compareRuns(previous: Pick<RunReport, 'requirements' | 'startedAt'>, current: readonly CheckResult[], file: string): Comparison {
  const before = new Map(previous.requirements.map((r) => [r.id, r.outcome]));
  const regressions: string[] = [];
  const fixes: string[] = [];
  for (const r of current) {
    const was = before.get(r.id);
    if (was === undefined) continue;
    if (was === 'passed' && failedLike(r.outcome)) regressions.push(r.id);
    else if (failedLike(was) && r.outcome === 'passed') fixes.push(r.id);
  }
  return { previous: file, previousStartedAt: previous.startedAt, regressions, fixes };
}
