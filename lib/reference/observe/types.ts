// What observe mode records while a partner's application runs against the reference server, and
// the schedule of disturbances it meets the application with. lib/partner/client judges a
// recorded session against the client requirements of decision 17.

/**
 * When the observing server disturbs the client, counted per credential (client_id) over the
 * requests that reach it (bearer requests by the token's credential, token requests by the
 * client_id they authenticate with), and per webhook endpoint over the events it is sent. Each
 * disturbance happens once per credential (or endpoint); one that falls on a request already
 * disturbed moves to the next eligible request. 0 switches a disturbance off.
 */
export interface ObserveSchedule {
  /** The Nth request of a credential is answered 429 `rate_limit_exceeded` with `Retry-After` (default 5). */
  rateLimitAt: number;
  /** The `Retry-After` of that 429, whole seconds (default 2). */
  retryAfterSeconds: number;
  /** The Nth creating POST of a credential (an operation taking an Idempotency-Key) is answered 503 before anything is done (default 2). */
  serverErrorAt: number;
  /** How many times in a row that request is answered 503: the first attempt and its retries (same path and body), default 2. */
  serverErrorTimes: number;
  /** The Nth GET of a credential is answered `slowMs` late (default 3). */
  slowAt: number;
  /** How late, ms (default 3000). */
  slowMs: number;
  /** The Nth bearer request of a credential gets 401 `token_expired` though its token is valid; that token stays refused from then on (default 8). */
  tokenExpiredAt: number;
  /** Per endpoint: the Nth event is delivered twice, with the same webhook-id (default 1). */
  duplicateAt: number;
  /** Per endpoint: after the Nth event, a copy of it under a new webhook-id signed with a secret that is not the endpoint's (default 2). */
  forgedAt: number;
  /** Per endpoint: the Nth event is held back and delivered after the next one (default 3). */
  outOfOrderAt: number;
  /** How long an event held back for out-of-order delivery waits for its successor, ms (default 10 000); then it goes alone. */
  holdMs: number;
  /** How long one delivery attempt waits for the receiver's answer, ms (default 15 000, decision 16). */
  deliveryTimeoutMs: number;
  /** Customers each demo partner starts with, so its lists run longer than a page as on a real sandbox (default 30; none in sandbox mode, which seeds its own). */
  seedCustomers: number;
}

export const DEFAULT_OBSERVE_SCHEDULE: ObserveSchedule = {
  rateLimitAt: 5,
  retryAfterSeconds: 2,
  serverErrorAt: 2,
  serverErrorTimes: 2,
  slowAt: 3,
  slowMs: 3000,
  tokenExpiredAt: 8,
  duplicateAt: 1,
  forgedAt: 2,
  outOfOrderAt: 3,
  holdMs: 10_000,
  deliveryTimeoutMs: 15_000,
  seedCustomers: 30,
};

/** Every disturbance off and no customer seeded: a session holding only the application's own requests as sent (tests, `--schedule`). */
export const QUIET_SCHEDULE: Partial<ObserveSchedule> = {
  rateLimitAt: 0,
  serverErrorAt: 0,
  slowAt: 0,
  tokenExpiredAt: 0,
  duplicateAt: 0,
  forgedAt: 0,
  outOfOrderAt: 0,
  seedCustomers: 0,
};

/** What the observing server did to one request instead of (or before) answering it normally. */
export type Disturbance =
  | 'rate-limit' //      429 rate_limit_exceeded + Retry-After, nothing done
  | 'server-error' //    503 service_unavailable, nothing done
  | 'slow' //            answered normally, slowMs late
  | 'token-expired' //   401 token_expired on a token that was valid; the token is refused from then on
  | 'token-refused'; //  401 token_expired: the token was expired by the schedule earlier

/**
 * One request the partner's application sent, and what it got. Secrets never appear: a value equal
 * to one the session knows (a partner's client secret, a token it issued, a webhook secret) is
 * replaced wherever it was sent (`[token #n]` for a token, `[redacted]` for the rest).
 */
export interface ObservedExchange {
  /** 1-based, in arrival order. */
  seq: number;
  /** Arrival, ms since the session started (monotonic). */
  at: number;
  /** Arrival, ISO 8601. */
  startedAt: string;
  method: string;
  /** As sent, without the query (`/v3/customers/cust_…`), secrets replaced. */
  path: string;
  /** The query as sent (`?limit=2&starting_after=…`), secrets replaced; '' when none. */
  rawQuery: string;
  /** Parsed query, secrets replaced: a repeated name holds an array. */
  query: Record<string, string | string[]>;
  /** Request headers, lower-case names; Authorization replaced by `Bearer [token #n]` / `Basic [client_id …]`, secret-named ones by `[redacted]`, secrets in the rest replaced. */
  headers: Record<string, string>;
  /** The route's operationId, when a route of the contract answered. */
  operationId?: string;
  /** The body as the server read it (JSON or form value; multipart fields with files as `<file: N bytes, type>`), secrets replaced. */
  body?: unknown;
  /** False when the request was refused before its body was read (authentication, media type, a malformed body). */
  bodyRead: boolean;
  /** sha-256 (hex, 16) of the body as read, files included: equal bodies have equal fingerprints. */
  bodyFingerprint?: string;
  /** The credential the request was sent with (client_id), when one could be told. */
  credential?: string;
  /** How the request authenticated. */
  auth: 'bearer' | 'basic' | 'form' | 'none';
  /** For a bearer request: which of the tokens this server issued it carried (1-based, in issue order); 0 = one it never issued. */
  tokenNo?: number;
  /** The Idempotency-Key header, when sent. */
  idempotencyKey?: string;
  disturbance?: Disturbance;
  /** Undefined when no answer went out (the client gave up first, or the session ended). */
  status?: number;
  /** When the answer had been sent, ms since the session started. */
  respondedAt?: number;
  /** The client closed the connection before the answer was sent (a client-side timeout). */
  aborted?: boolean;
  /** When it did, ms since the session started. */
  abortedAt?: number;
  /** Response headers that matter to a client (content-type, retry-after, location, rate-limit, idempotent-replayed). */
  responseHeaders: Record<string, string>;
  /** The response body as text, secrets replaced, at most 16 KiB. */
  responseBody?: string;
  /** `code` of a problem answer (`token_expired`, `rate_limit_exceeded`, …). */
  problemCode?: string;
  /** A token response: which token it issued and its `expires_in`, seconds. */
  issuedToken?: { tokenNo: number; expiresIn: number };
  /** A list response: its items' ids in order and has_more. */
  page?: { ids: string[]; hasMore: boolean };
}

/** One delivery attempt of the observing server to a webhook endpoint the partner registered. */
export interface ObservedDelivery {
  /** 1-based, in the order attempts started. */
  seq: number;
  endpointId: string;
  url: string;
  /** genuine: an event's normal delivery; redelivery: the scheduled duplicate; forged: the badly signed copy. */
  kind: 'genuine' | 'redelivery' | 'forged';
  /** This genuine delivery was held back and sent after a later event (out of order). */
  outOfOrder?: boolean;
  eventId: string;
  eventType: string;
  /** The webhook-id header. */
  messageId: string;
  /** 1 for the first attempt; retries of a refused genuine delivery count up. */
  attempt: number;
  /** ms since the session started. */
  at: number;
  startedAt: string;
  /** The receiver's status; null when none came (timeout, refused connection). */
  status: number | null;
  error?: string;
  durationMs: number;
  /** The signed body as sent (events carry no secrets). */
  body: string;
  /** Request headers as sent (webhook-id, webhook-timestamp, webhook-signature, content-type). */
  headers: Record<string, string>;
  /** The receiver's answer, at most 2 KiB. */
  responseBody?: string;
}

/** Why the session ended. */
export type EndReason = 'SIGINT' | 'SIGTERM' | 'finish request' | 'time limit' | 'closed';

/** Everything one observation session recorded. */
export interface ObservedSession {
  /** The observing server's base URL (http://127.0.0.1:PORT/v3). */
  baseUrl: string;
  startedAt: string;
  endedAt?: string;
  endReason?: EndReason;
  durationMs: number;
  schedule: ObserveSchedule;
  exchanges: ObservedExchange[];
  deliveries: ObservedDelivery[];
  /** Webhook endpoints that existed while the session ran (registered by the partner). */
  endpoints: { id: string; url: string; events: string[] }[];
}
