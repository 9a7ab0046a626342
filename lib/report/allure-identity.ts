// How an Allure result names its requirement, for every writer of the suite's results: the vitest
// glue (lib/checks/allure-labels.ts, through allure-vitest), the results written in-process
// (allure-results.ts) and those annotateAllureResults completes (allure.ts). A requirement's history follows it only if every
// writer agrees: Allure 3 keys history on the testCaseId and the parameters not `excluded` (its
// own hash of both; it ignores the historyId written), Allure 2 and allure-js-commons on historyId.
import { getTestResultHistoryId } from 'allure-js-commons/sdk/reporter';
import type { CheckResult } from '../types.js';

export interface AllureParameter {
  name: string;
  value: string;
  excluded?: boolean;
}

export interface AllureIdentity {
  testCaseId: string;
  historyId: string;
  parameters: AllureParameter[];
}

/**
 * The requirement id is the testCaseId, and the target the one parameter that tells a history line
 * from another. The others are shown but excluded from identity: the outcome changes from run to
 * run (with it, a failure or a skip started a new history line), and a level or source edited
 * leaves the requirement the same.
 */
export function allureIdentity(r: Pick<CheckResult, 'id' | 'level' | 'source' | 'outcome' | 'message'>, targetName: string): AllureIdentity {
  const parameters: AllureParameter[] = [
    { name: 'level', value: r.level, excluded: true },
    { name: 'source', value: r.source, excluded: true },
    { name: 'target', value: targetName },
    ...(r.message ? [{ name: 'outcome', value: `${r.outcome}: ${r.message}`, excluded: true }] : []),
  ];
  const testCaseId = r.id;
  // allure-js-commons' own derivation, as allure-vitest applies it to a result without a historyId.
  const historyId = getTestResultHistoryId({ testCaseId, parameters } as Parameters<typeof getTestResultHistoryId>[0]);
  return { testCaseId, historyId, parameters };
}

export interface AllureLabel {
  name: string;
  value: string;
}

/** Where a requirement's result sits in the tree (suite and feature: its area) and what names it. */
export function requirementLabels(r: Pick<CheckResult, 'id' | 'area' | 'level'>): AllureLabel[] {
  return [
    { name: 'suite', value: r.area },
    { name: 'feature', value: r.area },
    { name: 'story', value: r.id },
    { name: 'severity', value: r.level === 'MUST' ? 'critical' : 'normal' },
    { name: 'requirement', value: r.id },
  ];
}
