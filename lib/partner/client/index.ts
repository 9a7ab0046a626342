// Client certification (decision 17): the partner's API client judged from the traffic the
// reference server recorded in observe mode (lib/reference/observe, `npm run serve -- --observe`).
export { clientRequirements, DEFAULT_CLIENT_JUDGE_OPTIONS, type ClientJudgeOptions, type ClientRequirement, type ClientRequirementId } from './requirements.js';
export { judgeSession, judgeContext, requestProblems, creatingRetries, type JudgeContext } from './judge.js';
export { toExchange, deliveryExchange, describe, describeDelivery } from './evidence.js';
export { finishClientCertification, CLIENT_TARGET_NAME, type FinishClientInput, type ClientOutcome } from './report.js';
