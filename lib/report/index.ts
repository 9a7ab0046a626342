// lib/report: everything a run writes, built from its CheckResults.

export { renderAllureReport, stripAnalytics } from './allure.js';
export { applyBaseline, BaselineError, loadBaseline, parseBaseline } from './baseline.js';
export { type BuildRunReportInput, buildRunReport, sortResults, type TargetInput, targetSummary } from './build.js';
export {
  certificationRefusal,
  certifyWrittenRun,
  type Manifest,
  sha256,
  type VerifyResult,
  verifyCertificationPackage,
  writeCertificationPackage,
} from './certify.js';
export { CompareError, compareRuns, loadPreviousReport } from './compare.js';
export { renderHtml } from './html/render.js';
export { renderJunit, type SelfTestResult } from './junit.js';
export { collectSecrets, makeScrubber, type Scrubber } from './redact.js';
export { assertValidReport, InvalidReportError, REPORT_SCHEMA_PATH, reportSchemaErrors } from './schema.js';
export * from './types.js';
export {
  countedReason,
  countResults,
  describeSkipReason,
  groupSkippedMusts,
  isCovered,
  isViolation,
  type JudgeOptions,
  judge,
  lackWords,
  skipAdvice,
  verdictHeadline,
} from './verdict.js';
export { scrubDirectory, serialiseReport, type WrittenReports, writeRunReports } from './write.js';
