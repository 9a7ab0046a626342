// The disturbance schedule of observe mode: deterministic, counted per credential over the
// requests that reach the server (and per webhook endpoint over the events it is sent), so the
// same application run meets the same disturbances at the same requests.
import { DEFAULT_OBSERVE_SCHEDULE, type Disturbance, type ObserveSchedule } from './types.js';

const KEYS = Object.keys(DEFAULT_OBSERVE_SCHEDULE) as (keyof ObserveSchedule)[];
/** Members that must be at least 1 (the others may be 0 = off). */
const AT_LEAST_ONE = new Set<keyof ObserveSchedule>(['retryAfterSeconds', 'serverErrorTimes', 'deliveryTimeoutMs']);

/** The schedule with defaults filled in; throws naming the member that is not a whole number. */
export function resolveSchedule(partial: Partial<ObserveSchedule> = {}): ObserveSchedule {
  const s = { ...DEFAULT_OBSERVE_SCHEDULE, ...partial };
  for (const k of Object.keys(partial)) {
    if (!(KEYS as string[]).includes(k)) throw new Error(`observe: unknown schedule member "${k}"; members are ${KEYS.join(', ')}.`);
  }
  for (const k of KEYS) {
    const min = AT_LEAST_ONE.has(k) ? 1 : 0;
    if (!Number.isSafeInteger(s[k]) || s[k] < min) throw new Error(`observe: schedule.${k} must be a whole number ≥ ${min}, not ${String(s[k])}.`);
  }
  return s;
}

const nth = (n: number) => `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;

/** The schedule in words, one line per disturbance (the banner and the README say the same). */
export function describeSchedule(s: ObserveSchedule): string[] {
  const lines: string[] = [];
  if (s.rateLimitAt) lines.push(`the ${nth(s.rateLimitAt)} request of each credential: 429 rate_limit_exceeded, Retry-After: ${s.retryAfterSeconds}`);
  if (s.serverErrorAt) {
    lines.push(
      `the ${nth(s.serverErrorAt)} creating POST of each credential: 503, nothing created` +
        (s.serverErrorTimes > 1
          ? `; its next ${s.serverErrorTimes - 1 === 1 ? 'retry' : `${s.serverErrorTimes - 1} retries`} (same path and body) 503 again`
          : ''),
    );
  }
  if (s.slowAt) lines.push(`the ${nth(s.slowAt)} GET of each credential: answered ${s.slowMs} ms late`);
  if (s.tokenExpiredAt) lines.push(`the ${nth(s.tokenExpiredAt)} bearer request of each credential: 401 token_expired on a valid token, refused from then on`);
  if (s.duplicateAt) lines.push(`the ${nth(s.duplicateAt)} event to each webhook endpoint: delivered twice (same webhook-id)`);
  if (s.forgedAt) lines.push(`after the ${nth(s.forgedAt)} event to each webhook endpoint: a copy under a new webhook-id with a bad signature`);
  if (s.outOfOrderAt)
    lines.push(`the ${nth(s.outOfOrderAt)} event to each webhook endpoint: held back and delivered after the next one (at most ${s.holdMs} ms)`);
  if (s.seedCustomers) lines.push(`each demo partner starts with ${s.seedCustomers} customers, so lists run longer than a page`);
  return lines;
}

/** What the plan needs to know of a request to decide. */
export interface PlanRequest {
  /** client_id; without one nothing is counted or disturbed. */
  credential?: string;
  method: string;
  /** A bearer request (not the token endpoint). */
  bearer: boolean;
  /** Identifies the bearer token (never the token itself is needed: any stable key). */
  tokenKey?: string;
  /** A POST of an operation taking an Idempotency-Key. */
  creating: boolean;
  /** Same for the same operation path and body: how a retry is recognised. */
  retryKey?: string;
}

interface CredentialState {
  requests: number;
  bearer: number;
  creating: number;
  gets: number;
  due: Set<'rate-limit' | 'server-error' | 'slow' | 'token-expired'>;
  /** The request answered 503 by the schedule, and how many more of its attempts get 503. */
  serverError?: { key: string; left: number };
}

/** Decides, request by request, which disturbance (if any) the observing server applies. */
export class DisturbancePlan {
  private readonly states = new Map<string, CredentialState>();
  /** Tokens expired by the schedule: refused from then on. */
  private readonly expired = new Set<string>();

  constructor(readonly schedule: ObserveSchedule) {}

  decide(req: PlanRequest): Disturbance | undefined {
    if (req.bearer && req.tokenKey !== undefined && this.expired.has(req.tokenKey)) return 'token-refused';
    if (req.credential === undefined) return undefined;
    const s = this.state(req.credential);
    const sc = this.schedule;
    s.requests += 1;
    if (s.requests === sc.rateLimitAt) s.due.add('rate-limit');
    if (req.bearer && ++s.bearer === sc.tokenExpiredAt) s.due.add('token-expired');
    if (req.creating && ++s.creating === sc.serverErrorAt) s.due.add('server-error');
    if (req.method === 'GET' && ++s.gets === sc.slowAt) s.due.add('slow');

    if (req.bearer && req.tokenKey !== undefined && s.due.delete('token-expired')) {
      this.expired.add(req.tokenKey);
      return 'token-expired';
    }
    if (s.due.delete('rate-limit')) return 'rate-limit';
    if (req.creating && req.retryKey !== undefined) {
      if (s.serverError && s.serverError.left > 0 && s.serverError.key === req.retryKey) {
        s.serverError.left -= 1;
        return 'server-error';
      }
      if (!s.serverError && s.due.delete('server-error')) {
        s.serverError = { key: req.retryKey, left: sc.serverErrorTimes - 1 };
        return 'server-error';
      }
    }
    if (req.method === 'GET' && s.due.delete('slow')) return 'slow';
    return undefined;
  }

  private state(credential: string): CredentialState {
    let s = this.states.get(credential);
    if (!s) this.states.set(credential, (s = { requests: 0, bearer: 0, creating: 0, gets: 0, due: new Set() }));
    return s;
  }
}
