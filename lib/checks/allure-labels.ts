// Allure metadata for one check's outcome. Only when an Allure runtime is active (the allure-vitest
// reporter registers one); otherwise allure-js-commons would print a warning per call.
import * as allure from 'allure-js-commons';
import type { CheckResult } from './types.js';

export function allureActive(): boolean {
  return typeof (globalThis as Record<string, unknown>).allureTestRuntime === 'function';
}

export async function labelWithAllure(result: CheckResult, targetName: string): Promise<void> {
  if (!allureActive()) return;
  // The catalogue is one test file: the Allure tree groups by area through the suite label, and a
  // check's history follows its requirement id, not the file or title it is registered under.
  await allure.suite(result.area);
  await allure.testCaseId(result.id);
  await allure.feature(result.area);
  await allure.story(result.id);
  await allure.severity(result.level === 'MUST' ? 'critical' : 'normal');
  await allure.label('requirement', result.id);
  await allure.parameter('level', result.level);
  await allure.parameter('source', result.source);
  await allure.parameter('target', targetName);
  if (result.message) await allure.parameter('outcome', `${result.outcome}: ${result.message}`);
  if (result.evidence.exchanges.length) {
    await allure.attachment('exchanges.json', JSON.stringify(result.evidence.exchanges, null, 2), 'application/json');
  }
  if (result.evidence.expected !== undefined || result.evidence.actual !== undefined || result.evidence.notes.length) {
    const { expected, actual, notes } = result.evidence;
    await allure.attachment('evidence.json', JSON.stringify({ expected, actual, notes }, null, 2), 'application/json');
  }
}
