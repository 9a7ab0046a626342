// Client certification (decision 17): the partner's API client judged from the traffic the
// reference server recorded in observe mode (lib/reference/observe, `npm run serve -- --observe`).

export { deliveryExchange, describe, describeDelivery, toExchange } from './evidence.js';
export { creatingRetries, type JudgeContext, judgeContext, judgeSession, requestProblems } from './judge.js';
export { CLIENT_TARGET_NAME, type ClientOutcome, type FinishClientInput, finishClientCertification } from './report.js';
export { type ClientJudgeOptions, type ClientRequirement, type ClientRequirementId, clientRequirements, DEFAULT_CLIENT_JUDGE_OPTIONS } from './requirements.js';
export { type ClientSummaryOptions, clientSummaryLines } from './summary.js';
