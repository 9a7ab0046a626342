// The client requirements of decision 17 (and the receiver rules of decision 16 that a client
// certification meets through the deliveries it makes): what a partner's application must do
// when it talks to Dinie. Judged from the traffic observe mode recorded (judge.ts).
import type { Requirement } from '../../checks/types.js';

/** The numbers the judges use; the titles say them. */
export interface ClientJudgeOptions {
  /** The first retry after a 5xx or a timeout waits at least this long, ms (default 100). */
  minBackoffMs: number;
  /** "Hammering": this many requests of one credential or more … (default 10) */
  hammerCount: number;
  /** … within this long after a 5xx or a timeout, ms (default 5000). */
  hammerWindowMs: number;
  /** A request this much earlier than Retry-After allows is still on time (timer granularity), ms (default 10). */
  retryAfterToleranceMs: number;
  /** A new token is due in the last this-fraction of its expires_in (default 0.1). */
  renewalFraction: number;
  /** Tokens dropped while still good that are tolerated per session (default 1: a set-up script's token before the application's). */
  droppedTokensTolerated: number;
}

export const DEFAULT_CLIENT_JUDGE_OPTIONS: ClientJudgeOptions = {
  minBackoffMs: 100,
  hammerCount: 10,
  hammerWindowMs: 5000,
  retryAfterToleranceMs: 10,
  renewalFraction: 0.1,
  droppedTokensTolerated: 1,
};

export type ClientRequirementId =
  | 'CLIENT-REQUEST-VALID'
  | 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY'
  | 'CLIENT-IDEMPOTENCY-KEY-SENT'
  | 'CLIENT-TOKEN-REUSED'
  | 'CLIENT-TOKEN-RENEWED-ON-401'
  | 'CLIENT-RETRY-AFTER-HONOURED'
  | 'CLIENT-BACKOFF-ON-5XX'
  | 'CLIENT-LIST-CURSOR'
  | 'CLIENT-WEBHOOK-ACKNOWLEDGED'
  | 'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED'
  | 'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED'
  | 'CLIENT-WEBHOOK-FORGED-REFUSED';

export interface ClientRequirement extends Requirement {
  id: ClientRequirementId;
}

/** The catalogue, in the order the reports list it. */
export function clientRequirements(opts: ClientJudgeOptions = DEFAULT_CLIENT_JUDGE_OPTIONS): ClientRequirement[] {
  const req = (id: ClientRequirementId, level: 'MUST' | 'SHOULD', title: string, source: string): ClientRequirement => ({
    id,
    level,
    area: 'client',
    title,
    source,
  });
  return [
    req(
      'CLIENT-REQUEST-VALID',
      'MUST',
      'Every request is valid against the contract: a documented operation (method and path), with the authentication, query, headers and body its request schemas describe.',
      'decision 17; fixtures/openapi/dinie-v3.yaml',
    ),
    req(
      'CLIENT-IDEMPOTENCY-KEY-ON-RETRY',
      'MUST',
      'A retry of a creating POST (the same path and body after a 5xx, a 429, a 401 or a timeout) carries the Idempotency-Key of the attempt it retries; a retry without a key, or with another one, may create a duplicate.',
      'decision 17; decision 4',
    ),
    req(
      'CLIENT-IDEMPOTENCY-KEY-SENT',
      'SHOULD',
      'Every creating POST (an operation that accepts Idempotency-Key) carries an Idempotency-Key.',
      'decision 17; decision 4',
    ),
    req(
      'CLIENT-TOKEN-REUSED',
      'MUST',
      `An access token is reused until it nears expiry, never fetched per call: a token is not dropped for a new one while it is good (no 401 on it, not in the last ${Math.round(opts.renewalFraction * 100)}% of expires_in); ${opts.droppedTokensTolerated === 1 ? 'one such token is' : `${opts.droppedTokensTolerated} such tokens are`} tolerated (a set-up script's before the application's), tokens used side by side are not dropped.`,
      'decision 17; decision 6',
    ),
    req(
      'CLIENT-TOKEN-RENEWED-ON-401',
      'MUST',
      'After a 401 on a bearer request the application stops sending that token and requests one new token (once, not repeatedly).',
      'decision 17; decision 6',
    ),
    req(
      'CLIENT-RETRY-AFTER-HONOURED',
      'MUST',
      'After a 429 the next request of the same credential waits at least the Retry-After seconds.',
      'decision 17; decision 8',
    ),
    req(
      'CLIENT-BACKOFF-ON-5XX',
      'SHOULD',
      `After a 5xx or a timeout the application backs off and gives up after a bound: its first retry waits at least ${opts.minBackoffMs} ms, the gaps between retries of the same request grow, and fewer than ${opts.hammerCount} requests of the credential follow within ${opts.hammerWindowMs / 1000} s before a good answer.`,
      'decision 17',
    ),
    req(
      'CLIENT-LIST-CURSOR',
      'MUST',
      'Lists are walked with starting_after (the id of the last item of the previous page), never with offset, page or other parameters the contract does not document.',
      'decision 17; decision 5',
    ),
    req(
      'CLIENT-WEBHOOK-ACKNOWLEDGED',
      'MUST',
      'Every genuine delivery to a webhook endpoint the application registered is answered 2xx within the delivery timeout.',
      'decision 17; decision 16; decision 3',
    ),
    req(
      'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED',
      'MUST',
      'A redelivery of an event (the same webhook-id, signed again) is acknowledged with 2xx.',
      'decision 16; decision 2',
    ),
    req(
      'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED',
      'SHOULD',
      'An event delivered after a later event is acknowledged with 2xx (receivers must not depend on delivery order).',
      'decision 16; decision 3',
    ),
    req(
      'CLIENT-WEBHOOK-FORGED-REFUSED',
      'MUST',
      "A delivery whose signature verifies with none of the endpoint's secrets is refused with a non-2xx answer: deliveries are verified before they are acted on.",
      'decision 17; decision 16; decision 2',
    ),
  ];
}
