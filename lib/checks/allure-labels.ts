// Allure metadata for one check's outcome. Only when an Allure runtime is active (the allure-vitest
// reporter registers one); otherwise allure-js-commons would print a warning per call.
import * as allure from 'allure-js-commons';
import { allureIdentity, requirementLabels } from '../report/allure-identity.js';
import type { CheckResult } from './types.js';

export function allureActive(): boolean {
  return typeof (globalThis as Record<string, unknown>).allureTestRuntime === 'function';
}

export async function labelWithAllure(result: CheckResult, targetName: string): Promise<void> {
  if (!allureActive()) return;
  // The catalogue is one test file: the Allure tree groups by area through the suite label, and a
  // check's history follows its requirement (allureIdentity), not the file or title it is registered under.
  const identity = allureIdentity(result, targetName);
  await allure.testCaseId(identity.testCaseId);
  await allure.historyId(identity.historyId);
  for (const l of requirementLabels(result)) await allure.label(l.name, l.value);
  for (const p of identity.parameters) await allure.parameter(p.name, p.value, p.excluded ? { excluded: true } : undefined);
  if (result.evidence.exchanges.length) {
    await allure.attachment('exchanges.json', JSON.stringify(result.evidence.exchanges, null, 2), 'application/json');
  }
  if (result.evidence.expected !== undefined || result.evidence.actual !== undefined || result.evidence.notes.length) {
    const { expected, actual, notes } = result.evidence;
    await allure.attachment('evidence.json', JSON.stringify({ expected, actual, notes }, null, 2), 'application/json');
  }
}
