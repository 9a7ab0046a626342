// lib/report: everything a run writes, built from its CheckResults.
export * from './types.js';
export { buildRunReport, sortResults, targetSummary, type BuildRunReportInput, type TargetInput } from './build.js';
export {
  countResults, isViolation, isCovered, judge, groupSkippedMusts, countedReason, describeSkipReason, skipAdvice, lackWords, verdictHeadline, type JudgeOptions,
} from './verdict.js';
export { applyBaseline, loadBaseline, parseBaseline, BaselineError } from './baseline.js';
export { compareRuns, loadPreviousReport, CompareError } from './compare.js';
export { reportSchemaErrors, assertValidReport, InvalidReportError, REPORT_SCHEMA_PATH } from './schema.js';
export { renderJunit, type SelfTestResult } from './junit.js';
export { renderHtml } from './html/render.js';
export { renderAllureReport, stripAnalytics } from './allure.js';
export { collectSecrets, makeScrubber, type Scrubber } from './redact.js';
export { writeRunReports, serialiseReport, scrubDirectory, type WrittenReports } from './write.js';
export {
  certificationRefusal, certifyWrittenRun, writeCertificationPackage, verifyCertificationPackage, sha256, type Manifest, type VerifyResult,
} from './certify.js';
