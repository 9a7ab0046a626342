// Judges a recorded observe-mode session (lib/reference/observe) against the client requirements
// (requirements.ts). Each judge reads only the recording: one result per requirement, failed with
// the exchanges that prove it, passed with what was seen, or skipped as "not exercised: …" when the
// application's traffic never met the situation (never passed: such a run is incomplete).
import type { CheckResult, Exchange, Level } from '../../checks/types.js';
import type { ObservedDelivery, ObservedExchange, ObservedSession } from '../../reference/observe/types.js';
import { type Contract, matchMedia, type Operation } from '../../spec/index.js';
import { deliveryExchange, describe, describeDelivery, seconds, toExchange } from './evidence.js';
import { type ClientJudgeOptions, type ClientRequirement, type ClientRequirementId, clientRequirements, DEFAULT_CLIENT_JUDGE_OPTIONS } from './requirements.js';

/** How many offending exchanges a result shows (the notes count them all). */
const SHOWN = 5;

/** Query parameters that position a list some other way than starting_after. */
const POSITIONAL =
  /^(offset|page|page_number|pagenumber|page_size|pagesize|per_page|perpage|skip|start|cursor|after|before|ending_before|page_token|pagetoken|next|from|index)$/i;

interface Judged {
  outcome: 'passed' | 'failed' | 'skipped';
  message?: string;
  expected?: unknown;
  actual?: unknown;
  exchanges?: Exchange[];
  notes?: string[];
}

/** What every judge reads: the session, each exchange's operation, per-credential timelines. */
export interface JudgeContext {
  session: ObservedSession;
  contract: Contract;
  options: ClientJudgeOptions;
  origin: string;
  /** The operation each exchange matched (method + path), if any. */
  op: Map<number, Operation>;
  /** Exchanges per credential, in arrival order. */
  byCredential: Map<string, ObservedExchange[]>;
  ex(rec: ObservedExchange): Exchange;
}

export function judgeContext(session: ObservedSession, contract: Contract, options: Partial<ClientJudgeOptions> = {}): JudgeContext {
  const op = new Map<number, Operation>();
  const byCredential = new Map<string, ObservedExchange[]>();
  for (const rec of session.exchanges) {
    const found = contract.findOperation(rec.method, rec.path);
    if (found) op.set(rec.seq, found.operation);
    if (rec.credential) {
      let list = byCredential.get(rec.credential);
      if (!list) byCredential.set(rec.credential, (list = []));
      list.push(rec);
    }
  }
  const origin = originOf(session.baseUrl);
  return {
    session,
    contract,
    options: { ...DEFAULT_CLIENT_JUDGE_OPTIONS, ...options },
    origin,
    op,
    byCredential,
    ex: (rec) => toExchange(rec, origin),
  };
}

function originOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).origin;
  } catch {
    return 'http://127.0.0.1';
  }
}

/** When an exchange ended: its answer went out, or the client gave up. */
const endOf = (r: ObservedExchange): number | undefined => r.respondedAt ?? r.abortedAt;
const isTokenRequest = (ctx: JudgeContext, r: ObservedExchange) =>
  ctx.op.get(r.seq)?.id === 'createToken' || (r.method === 'POST' && /\/auth\/token\/?$/.test(r.path));
const isCreating = (ctx: JudgeContext, r: ObservedExchange) => {
  const op = ctx.op.get(r.seq);
  return op !== undefined && op.method === 'POST' && op.idempotencyKey;
};
/** An attempt whose outcome invites a retry of the same request. */
const retryable = (r: ObservedExchange) =>
  r.aborted === true || (r.status !== undefined && (r.status >= 500 || r.status === 429 || r.status === 401 || r.status === 408));
const failedServerSide = (r: ObservedExchange) => r.aborted === true || (r.status !== undefined && r.status >= 500);
const plural = (n: number, one: string, many = one.endsWith('y') && !/[aeiou]y$/.test(one) ? `${one.slice(0, -1)}ies` : `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

// ─── CLIENT-REQUEST-VALID ──────────────────────────────────────────────────────────────────────

/** Why a request is not valid against the contract (empty when it is). */
export function requestProblems(ctx: Pick<JudgeContext, 'contract' | 'op'>, rec: ObservedExchange): string[] {
  const op = ctx.op.get(rec.seq);
  if (!op) {
    const other = ctx.contract.operations.filter((o) => ctx.contract.findOperation(o.method, rec.path)?.operation === o).map((o) => o.method);
    return [
      other.length
        ? `${rec.method} is not an operation of ${rec.path} (the contract has ${other.join(', ')})`
        : `no operation of the contract has the path ${rec.path}`,
    ];
  }
  const problems: string[] = [];
  // Authentication.
  if (op.id === 'createToken') {
    if (rec.auth !== 'basic' && rec.auth !== 'form')
      problems.push('createToken without client authentication (HTTP Basic, or client_id and client_secret form fields)');
  } else if (op.secured && rec.auth !== 'bearer') {
    problems.push(`${op.id} needs Authorization: Bearer <token>${rec.headers.authorization ? `, not ${rec.headers.authorization.split(' ')[0]}` : ''}`);
  }
  // Query.
  const q = ctx.contract.validateQuery(op.id, rec.query);
  if (!q.valid) problems.push(...q.errors.map((e) => `query: ${e}`));
  // Header parameters.
  for (const p of op.parameters) {
    if (p.in !== 'header') continue;
    const value = rec.headers[p.name.toLowerCase()];
    if (value === undefined) {
      if (p.required) problems.push(`header ${p.name} is required`);
      continue;
    }
    const s = p.schema ?? {};
    if (typeof s.minLength === 'number' && value.length < s.minLength) problems.push(`header ${p.name} must have at least ${s.minLength} character(s)`);
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) problems.push(`header ${p.name} must have at most ${s.maxLength} character(s)`);
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) problems.push(`header ${p.name} must match ${s.pattern}`);
    if (Array.isArray(s.enum) && !s.enum.includes(value)) problems.push(`header ${p.name} must be one of: ${s.enum.join(', ')}`);
  }
  // Body.
  const contentType = rec.headers['content-type'];
  if (!rec.bodyRead) {
    // Refused before the body was read: what can still be told from the headers and the answer.
    if (rec.problemCode === 'invalid_json') problems.push('body: not valid JSON');
    else if (op.requestBody && contentType && !matchMedia(op.requestBody.contentTypes, contentType)) {
      problems.push(`media type ${contentType} is not accepted by ${op.id} (documented: ${op.requestBody.contentTypes.join(', ')})`);
    } else if (op.requestBody?.required && !contentType && !rec.headers['content-length'] && !rec.headers['transfer-encoding']) {
      problems.push(`${op.id} needs a body (${op.requestBody.contentTypes.join(', ')})`);
    }
    return problems;
  }
  if (rec.body === undefined) {
    if (op.requestBody?.required) problems.push(`${op.id} needs a body (${op.requestBody.contentTypes.join(', ')})`);
  } else {
    const v = ctx.contract.validateRequestBody(op.id, contentType ?? '', rec.body);
    if (!v.valid) problems.push(...v.errors.map((e) => (e.startsWith('media type') || e.includes('takes no request body') ? e : `body: ${e}`)));
  }
  return problems;
}

function judgeValid(ctx: JudgeContext): Judged {
  const all = ctx.session.exchanges;
  if (all.length === 0) return { outcome: 'skipped', message: 'not exercised: the application sent no request' };
  const bad = all.map((rec) => ({ rec, problems: requestProblems(ctx, rec) })).filter((b) => b.problems.length);
  const unread = all.filter((r) => !r.bodyRead && ctx.op.get(r.seq)?.requestBody).length;
  const notes = [`${plural(all.length, 'request')} judged against ${ctx.contract.title} ${ctx.contract.version}`];
  if (unread) notes.push(`${plural(unread, 'request')} refused before the body was read (authentication, media type): judged on their headers only`);
  if (!bad.length) return { outcome: 'passed', notes };
  const first = bad[0]!;
  return {
    outcome: 'failed',
    message: `${bad.length} of ${plural(all.length, 'request')} not valid against the contract; first: ${first.rec.method} ${first.rec.path}: ${first.problems[0]}`,
    expected: 'every request valid against the contract',
    actual: bad.slice(0, SHOWN).map((b) => ({ request: describe(b.rec), problems: b.problems })),
    exchanges: bad.slice(0, SHOWN).map((b) => ctx.ex(b.rec)),
    notes: [...notes, ...bad.slice(0, 20).map((b) => `${describe(b.rec)}: ${b.problems.join('; ')}`)],
  };
}

// ─── Idempotency keys ──────────────────────────────────────────────────────────────────────────

/** Each retry of a creating POST with the attempt it retries: same credential, path and body, after an attempt that invites a retry. */
export function creatingRetries(ctx: JudgeContext): { retry: ObservedExchange; of: ObservedExchange }[] {
  const last = new Map<string, ObservedExchange>();
  const out: { retry: ObservedExchange; of: ObservedExchange }[] = [];
  for (const rec of ctx.session.exchanges) {
    if (!isCreating(ctx, rec) || rec.bodyFingerprint === undefined) continue;
    const key = `${rec.credential ?? '-'}|${rec.method} ${rec.path}|${rec.bodyFingerprint}`;
    const prev = last.get(key);
    const prevEnd = prev ? endOf(prev) : undefined;
    if (prev && retryable(prev) && prevEnd !== undefined && prevEnd <= rec.at) out.push({ retry: rec, of: prev });
    last.set(key, rec);
  }
  return out;
}

function judgeKeyOnRetry(ctx: JudgeContext): Judged {
  const retries = creatingRetries(ctx);
  if (!retries.length) {
    const creating = ctx.session.exchanges.filter((r) => isCreating(ctx, r));
    return {
      outcome: 'skipped',
      message: creating.length
        ? `not exercised: no creating POST was retried (${plural(creating.length, 'creating POST')}; none repeated after a 5xx, 429, 401 or timeout)`
        : 'not exercised: the application made no creating POST',
    };
  }
  const bad = retries.filter(({ retry, of }) => of.idempotencyKey === undefined || retry.idempotencyKey !== of.idempotencyKey);
  const words = ({ retry, of }: { retry: ObservedExchange; of: ObservedExchange }) =>
    of.idempotencyKey === undefined
      ? retry.idempotencyKey === undefined
        ? 'neither attempt carried an Idempotency-Key'
        : 'the retry carried an Idempotency-Key the first attempt did not'
      : retry.idempotencyKey === undefined
        ? 'the retry carried no Idempotency-Key'
        : 'the retry carried another Idempotency-Key';
  const notes = retries.map(
    (r) => `${describe(r.retry)} retries #${r.of.seq} (${r.of.status ?? 'no answer'}): ${bad.includes(r) ? words(r) : 'same Idempotency-Key'}`,
  );
  if (!bad.length) return { outcome: 'passed', notes: [`${plural(retries.length, 'retry')} of creating POSTs, each with the key of its attempt`, ...notes] };
  const first = bad[0]!;
  return {
    outcome: 'failed',
    message: `${bad.length} of ${plural(retries.length, 'retry')} of a creating POST did not reuse the Idempotency-Key; first: ${first.retry.method} ${first.retry.path} #${first.retry.seq} after #${first.of.seq} (${first.of.status ?? 'no answer'}): ${words(first)}`,
    expected: 'the retry carries the Idempotency-Key of the attempt it retries',
    actual: bad
      .slice(0, SHOWN)
      .map(({ retry, of }) => ({ attempt: describe(of), key: of.idempotencyKey ?? null, retry: describe(retry), retryKey: retry.idempotencyKey ?? null })),
    exchanges: bad.slice(0, SHOWN).flatMap(({ retry, of }) => [ctx.ex(of), ctx.ex(retry)]),
    notes,
  };
}

function judgeKeySent(ctx: JudgeContext): Judged {
  const retries = new Set(creatingRetries(ctx).map((r) => r.retry.seq));
  const first = ctx.session.exchanges.filter((r) => isCreating(ctx, r) && !retries.has(r.seq));
  if (!first.length) return { outcome: 'skipped', message: 'not exercised: the application made no creating POST' };
  const bad = first.filter((r) => r.idempotencyKey === undefined);
  if (!bad.length) return { outcome: 'passed', notes: [`${plural(first.length, 'creating POST')}, each with an Idempotency-Key`] };
  return {
    outcome: 'failed',
    message: `${bad.length} of ${plural(first.length, 'creating POST')} carried no Idempotency-Key; first: ${describe(bad[0]!)}`,
    expected: 'an Idempotency-Key on every creating POST',
    actual: bad.slice(0, SHOWN).map(describe),
    exchanges: bad.slice(0, SHOWN).map(ctx.ex),
    notes: bad.slice(0, 20).map(describe),
  };
}

// ─── Tokens ────────────────────────────────────────────────────────────────────────────────────

/**
 * A token dropped while still good: another token of the credential was requested before it neared
 * expiry, no request carrying it had been answered 401, and it was never sent again afterwards.
 * Tokens used side by side (several processes of one application) are not dropped.
 */
export function droppedTokens(ctx: JudgeContext): { credential: string; tokenNo: number; uses: number; issued: ObservedExchange; next: ObservedExchange }[] {
  const out: { credential: string; tokenNo: number; uses: number; issued: ObservedExchange; next: ObservedExchange }[] = [];
  for (const [credential, list] of ctx.byCredential) {
    const issued = list.filter((r) => isTokenRequest(ctx, r) && r.status === 200 && r.issuedToken);
    issued.forEach((t, i) => {
      const next = issued[i + 1];
      if (!next) return;
      const { tokenNo, expiresIn } = t.issuedToken!;
      const since = t.respondedAt ?? t.at;
      const carrying = list.filter((r) => r.auth === 'bearer' && r.tokenNo === tokenNo);
      if (carrying.some((r) => r.status === 401 && (r.respondedAt ?? Infinity) <= next.at)) return;
      if (next.at >= since + expiresIn * 1000 * (1 - ctx.options.renewalFraction)) return;
      if (carrying.some((r) => r.at > (next.respondedAt ?? next.at))) return;
      out.push({ credential, tokenNo, uses: carrying.length, issued: t, next });
    });
  }
  return out;
}

function judgeTokenReused(ctx: JudgeContext): Judged {
  const notes: string[] = [];
  let exercised = false;
  for (const [credential, list] of ctx.byCredential) {
    const tokenReqs = list.filter((r) => isTokenRequest(ctx, r));
    const bearer = list.filter((r) => r.auth === 'bearer' && !isTokenRequest(ctx, r));
    if (bearer.length >= 2 || tokenReqs.length >= 2) exercised = true;
    const tokens = new Set(bearer.map((r) => r.tokenNo));
    notes.push(`${credential}: ${plural(tokenReqs.length, 'token request')}, ${plural(bearer.length, 'bearer request')} with ${plural(tokens.size, 'token')}`);
  }
  if (!exercised) return { outcome: 'skipped', message: 'not exercised: no credential made two authenticated requests', notes };
  const dropped = droppedTokens(ctx);
  const tolerated = ctx.options.droppedTokensTolerated;
  const words = (d: (typeof dropped)[number]) =>
    `token #${d.tokenNo} of ${d.credential} dropped after ${plural(d.uses, 'request')}, ${seconds(d.next.at - (d.issued.respondedAt ?? d.issued.at))} into its ${d.issued.issuedToken!.expiresIn} s, no 401: #${d.next.seq} asked for another`;
  notes.push(...dropped.slice(0, 20).map(words));
  if (dropped.length <= tolerated) {
    if (dropped.length)
      notes.push(`${plural(dropped.length, 'token')} dropped while good: tolerated (at most ${tolerated}, e.g. a set-up script's before the application's)`);
    return { outcome: 'passed', notes };
  }
  return {
    outcome: 'failed',
    message: `${dropped.length} tokens were dropped while still good and replaced without a 401 (at most ${tolerated} tolerated): a token is fetched per call; first: ${words(dropped[0]!)}`,
    expected: 'a token reused until it nears expiry; a new one only after a 401 or near expiry',
    actual: dropped.slice(0, SHOWN).map(words),
    exchanges: dropped.slice(0, SHOWN).map((d) => ctx.ex(d.next)),
    notes,
  };
}

function judgeTokenRenewed(ctx: JudgeContext): Judged {
  const bad: { rec: ObservedExchange[]; why: string }[] = [];
  const notes: string[] = [];
  let met = 0;
  let followed = 0;
  for (const [credential, list] of ctx.byCredential) {
    const seen = new Set<number>();
    for (const r of list) {
      if (r.auth !== 'bearer' || isTokenRequest(ctx, r) || r.status !== 401 || !r.tokenNo || seen.has(r.tokenNo)) continue;
      seen.add(r.tokenNo);
      met += 1;
      const end = r.respondedAt ?? r.at;
      const after = list.filter((x) => x.at > end);
      if (!after.length) {
        notes.push(`${describe(r)}: no request of ${credential} followed`);
        continue;
      }
      followed += 1;
      const again = after.filter((x) => x.auth === 'bearer' && x.tokenNo === r.tokenNo);
      if (again.length)
        bad.push({
          rec: [r, again[0]!],
          why: `token #${r.tokenNo} was refused with 401 (${r.problemCode ?? 'no code'}) and sent again ${plural(again.length, 'time')}`,
        });
      const next = after.find((x) => x.auth === 'bearer' && !isTokenRequest(ctx, x) && x.tokenNo !== r.tokenNo);
      const renewals = after.filter((x) => isTokenRequest(ctx, x) && x.status === 200 && (!next || x.at < next.at));
      if (renewals.length > 1) bad.push({ rec: [r, ...renewals.slice(0, 3)], why: `${plural(renewals.length, 'new token')} requested after one 401` });
      notes.push(
        `${describe(r)}: ${plural(renewals.length, 'token request')} before the next bearer request${next ? ` (#${next.seq}, token #${next.tokenNo})` : ''}`,
      );
    }
  }
  if (!met) return { outcome: 'skipped', message: 'not exercised: no bearer request was answered 401' };
  if (!bad.length && !followed) return { outcome: 'skipped', message: 'not exercised: no request followed the 401', notes };
  if (!bad.length) return { outcome: 'passed', notes };
  return {
    outcome: 'failed',
    message: `after a 401: ${bad[0]!.why}`,
    expected: 'after a 401, the refused token is not sent again and one new token is requested',
    actual: bad.slice(0, SHOWN).map((b) => b.why),
    exchanges: bad.slice(0, 2).flatMap((b) => b.rec.map(ctx.ex)),
    notes,
  };
}

// ─── Retry-After and back-off ──────────────────────────────────────────────────────────────────

function judgeRetryAfter(ctx: JudgeContext): Judged {
  const bad: { limited: ObservedExchange; next: ObservedExchange; gap: number; wait: number }[] = [];
  const notes: string[] = [];
  let met = 0;
  for (const list of ctx.byCredential.values()) {
    for (const r of list) {
      if (r.status !== 429) continue;
      met += 1;
      const raw = r.responseHeaders['retry-after'];
      const wait =
        raw !== undefined && /^\d+$/.test(raw.trim())
          ? Number(raw) * 1000
          : raw !== undefined && !Number.isNaN(Date.parse(raw))
            ? Math.max(0, Date.parse(raw) - Date.parse(r.startedAt))
            : 0;
      const end = r.respondedAt!;
      const next = list.find((x) => x.at > end);
      if (!next) {
        notes.push(`${describe(r)} (Retry-After: ${raw ?? 'none'}): no request of the credential followed`);
        continue;
      }
      const gap = next.at - end;
      notes.push(`${describe(r)} (Retry-After: ${raw ?? 'none'}): next request #${next.seq} ${Math.round(gap)} ms later`);
      if (gap + ctx.options.retryAfterToleranceMs < wait) bad.push({ limited: r, next, gap, wait });
    }
  }
  if (!met) return { outcome: 'skipped', message: 'not exercised: the application was never answered 429' };
  if (!bad.length) return { outcome: 'passed', notes };
  const first = bad[0]!;
  return {
    outcome: 'failed',
    message: `${plural(bad.length, 'request')} came before Retry-After had passed; first: #${first.next.seq} ${first.next.method} ${first.next.path} ${Math.round(first.gap)} ms after the 429 (#${first.limited.seq}) that asked for ${first.wait} ms`,
    expected: `the next request at least Retry-After (${first.wait} ms) after the 429`,
    actual: `${Math.round(first.gap)} ms`,
    exchanges: bad.slice(0, SHOWN).flatMap((b) => [ctx.ex(b.limited), ctx.ex(b.next)]),
    notes,
  };
}

function judgeBackoff(ctx: JudgeContext): Judged {
  const o = ctx.options;
  const bad: { why: string; recs: ObservedExchange[] }[] = [];
  const notes: string[] = [];
  let met = 0;
  const retryKey = (r: ObservedExchange) => `${r.method} ${r.path}${r.rawQuery} ${r.bodyFingerprint ?? '-'}`;
  for (const list of ctx.byCredential.values()) {
    const handled = new Set<number>();
    for (const f of list) {
      if (!failedServerSide(f) || handled.has(f.seq)) continue;
      const end = endOf(f);
      if (end === undefined) continue;
      met += 1;
      // Hammering: requests of the credential within the window while it had no good answer since the failure.
      const recovered = Math.min(
        ...list.filter((x) => x.at > end && x.status !== undefined && x.status < 500 && x.status !== 429).map((x) => x.respondedAt ?? Infinity),
      );
      const burst = list.filter((x) => x.at > end && x.at <= Math.min(end + o.hammerWindowMs, recovered));
      if (burst.length >= o.hammerCount) {
        bad.push({
          why: `${burst.length} requests of the credential within ${o.hammerWindowMs} ms after ${describe(f)}, before any good answer`,
          recs: [f, ...burst.slice(0, 3)],
        });
      }
      // The chain of attempts of the same request, while they keep failing.
      const chain = [f];
      let prev = f;
      for (const x of list) {
        if (x.at <= (endOf(prev) ?? Infinity) || retryKey(x) !== retryKey(f)) continue;
        chain.push(x);
        handled.add(x.seq);
        if (!failedServerSide(x)) break;
        prev = x;
      }
      const gaps = chain.slice(1).map((x, i) => x.at - endOf(chain[i]!)!);
      notes.push(
        `${describe(f)}: ${gaps.length ? `retried after ${gaps.map((g) => `${Math.round(g)} ms`).join(', then ')}` : 'not retried'}; ${plural(burst.length, 'request')} of the credential before a good answer (within ${o.hammerWindowMs} ms)`,
      );
      if (gaps.length && gaps[0]! < o.minBackoffMs) {
        bad.push({ why: `retried ${Math.round(gaps[0]!)} ms after ${describe(f)} (at least ${o.minBackoffMs} ms expected)`, recs: [f, chain[1]!] });
      }
      for (let i = 1; i < gaps.length; i++) {
        if (gaps[i]! <= gaps[i - 1]!) {
          bad.push({
            why: `the gaps between retries of ${f.method} ${f.path} did not grow (${Math.round(gaps[i - 1]!)} ms, then ${Math.round(gaps[i]!)} ms)`,
            recs: chain.slice(0, i + 2),
          });
          break;
        }
      }
    }
  }
  if (!met) return { outcome: 'skipped', message: 'not exercised: the application met no 5xx and none of its requests timed out' };
  if (!bad.length) return { outcome: 'passed', notes };
  return {
    outcome: 'failed',
    message: `no back-off after a 5xx or a timeout: ${bad[0]!.why}`,
    expected: `a first retry after at least ${o.minBackoffMs} ms, growing gaps, fewer than ${o.hammerCount} requests within ${o.hammerWindowMs} ms`,
    actual: bad.slice(0, SHOWN).map((b) => b.why),
    exchanges: bad.slice(0, 2).flatMap((b) => b.recs.map(ctx.ex)),
    notes,
  };
}

// ─── Lists ─────────────────────────────────────────────────────────────────────────────────────

function judgeListCursor(ctx: JudgeContext): Judged {
  const bad: { rec: ObservedExchange; why: string }[] = [];
  const notes: string[] = [];
  let walked = 0;
  let longLists = 0;
  const lastPage = new Map<string, ObservedExchange>();
  const pagesEnds = new Map<string, Set<string>>();
  for (const rec of ctx.session.exchanges) {
    const op = ctx.op.get(rec.seq);
    if (!op?.parameters.some((p) => p.in === 'query' && p.name === 'starting_after')) continue;
    const documented = new Set(op.parameters.filter((p) => p.in === 'query').map((p) => p.name));
    const undocumented = Object.keys(rec.query).filter((k) => !documented.has(k));
    const filters = Object.entries(rec.query)
      .filter(([k]) => documented.has(k) && k !== 'starting_after' && k !== 'limit')
      .sort();
    const list = `${rec.credential ?? '-'}|${rec.path}|${JSON.stringify(filters)}`;
    const previous = lastPage.get(list);
    const positional = undocumented.filter((k) => POSITIONAL.test(k));
    if (positional.length) {
      bad.push({ rec, why: `positioned with ${positional.map((k) => `${k}=${String(rec.query[k])}`).join(', ')} instead of starting_after` });
    } else if (previous?.page?.hasMore && rec.query.starting_after === undefined && undocumented.length) {
      bad.push({ rec, why: `fetched what follows a page with has_more: true (#${previous.seq}) with ${undocumented.join(', ')}, not starting_after` });
    }
    const cursor = rec.query.starting_after;
    if (typeof cursor === 'string') {
      walked += 1;
      if (!pagesEnds.get(rec.path)?.has(cursor))
        notes.push(`${describe(rec)}: starting_after is not the last item of a page this application received from ${rec.path}`);
    }
    if (rec.page) {
      lastPage.set(list, rec);
      if (rec.page.hasMore) longLists += 1;
      const lastId = rec.page.ids[rec.page.ids.length - 1];
      if (lastId) {
        let set = pagesEnds.get(rec.path);
        if (!set) pagesEnds.set(rec.path, (set = new Set()));
        set.add(lastId);
      }
    }
  }
  if (bad.length) {
    return {
      outcome: 'failed',
      message: `${plural(bad.length, 'list request')} not walked with starting_after; first: ${describe(bad[0]!.rec)}: ${bad[0]!.why}`,
      expected: 'the next page requested with starting_after = the last id of the previous page',
      actual: bad.slice(0, SHOWN).map((b) => `${describe(b.rec)}: ${b.why}`),
      exchanges: bad.slice(0, SHOWN).map((b) => ctx.ex(b.rec)),
      notes,
    };
  }
  if (!walked) {
    return {
      outcome: 'skipped',
      message: longLists
        ? 'not exercised: a page with has_more: true was never followed by the next page'
        : 'not exercised: no list the application read was longer than one page',
      notes,
    };
  }
  return { outcome: 'passed', notes: [`${plural(walked, 'page')} fetched with starting_after`, ...notes] };
}

// ─── Webhook deliveries ────────────────────────────────────────────────────────────────────────

function deliveriesJudge(ctx: JudgeContext, pick: (d: ObservedDelivery) => boolean, wantAck: boolean, what: string): Judged {
  const registered =
    ctx.session.exchanges.some((r) => ctx.op.get(r.seq)?.id === 'createWebhookEndpoint' && r.status === 201) || ctx.session.endpoints.length > 0;
  if (!registered) return { outcome: 'skipped', message: 'not exercised: the application registered no webhook endpoint' };
  // An attempt cut short by the end of the session says nothing about the receiver.
  const judged = ctx.session.deliveries.filter((d) => pick(d) && !(d.status === null && d.error?.startsWith('the session ended')));
  if (!judged.length) {
    const any = ctx.session.deliveries.length;
    return {
      outcome: 'skipped',
      message: `not exercised: ${any ? `no ${what} was made` : 'no event was delivered to the registered endpoint(s)'} before the session ended`,
    };
  }
  const ok = (d: ObservedDelivery) => d.status !== null && d.status >= 200 && d.status < 300;
  const bad = judged.filter((d) => ok(d) !== wantAck);
  const notes = judged.slice(0, 30).map(describeDelivery);
  if (!bad.length) return { outcome: 'passed', notes: [`${plural(judged.length, what)} ${wantAck ? 'acknowledged' : 'refused'}`, ...notes] };
  const first = bad[0]!;
  return {
    outcome: 'failed',
    message: `${bad.length} of ${plural(judged.length, what)} ${wantAck ? 'not acknowledged with 2xx' : 'not refused'}; first: ${describeDelivery(first)}`,
    expected: wantAck ? '2xx within the delivery timeout' : "a non-2xx answer (the signature verifies with none of the endpoint's secrets)",
    actual: bad.slice(0, SHOWN).map(describeDelivery),
    exchanges: bad.slice(0, SHOWN).map(deliveryExchange),
    notes,
  };
}

// ─── All of them ───────────────────────────────────────────────────────────────────────────────

const JUDGES: Record<ClientRequirementId, (ctx: JudgeContext) => Judged> = {
  'CLIENT-REQUEST-VALID': judgeValid,
  'CLIENT-IDEMPOTENCY-KEY-ON-RETRY': judgeKeyOnRetry,
  'CLIENT-IDEMPOTENCY-KEY-SENT': judgeKeySent,
  'CLIENT-TOKEN-REUSED': judgeTokenReused,
  'CLIENT-TOKEN-RENEWED-ON-401': judgeTokenRenewed,
  'CLIENT-RETRY-AFTER-HONOURED': judgeRetryAfter,
  'CLIENT-BACKOFF-ON-5XX': judgeBackoff,
  'CLIENT-LIST-CURSOR': judgeListCursor,
  'CLIENT-WEBHOOK-ACKNOWLEDGED': (ctx) => deliveriesJudge(ctx, (d) => d.kind === 'genuine', true, 'genuine delivery'),
  'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED': (ctx) => deliveriesJudge(ctx, (d) => d.kind === 'redelivery', true, 'redelivery'),
  'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED': (ctx) =>
    deliveriesJudge(ctx, (d) => d.kind === 'genuine' && d.outOfOrder === true, true, 'out-of-order delivery'),
  'CLIENT-WEBHOOK-FORGED-REFUSED': (ctx) => deliveriesJudge(ctx, (d) => d.kind === 'forged', false, 'forged delivery'),
};

function toResult(req: ClientRequirement, j: Judged, durationMs: number): CheckResult {
  const outcome = j.outcome === 'failed' && (req.level as Level) === 'SHOULD' ? 'warning' : j.outcome;
  return {
    id: req.id,
    level: req.level,
    area: req.area,
    title: req.title,
    source: req.source,
    outcome,
    ...(j.message ? { message: j.message } : {}),
    // Not exercised names no lack: no declaration excuses it, so the run is incomplete.
    ...(outcome === 'skipped' ? { lacks: [] } : {}),
    evidence: {
      ...(j.expected !== undefined ? { expected: j.expected } : {}),
      ...(j.actual !== undefined ? { actual: j.actual } : {}),
      exchanges: j.exchanges ?? [],
      notes: j.notes ?? [],
    },
    durationMs,
  };
}

/** One result per client requirement, in the catalogue's order. */
export function judgeSession(session: ObservedSession, contract: Contract, options: Partial<ClientJudgeOptions> = {}): CheckResult[] {
  const ctx = judgeContext(session, contract, options);
  return clientRequirements(ctx.options).map((req) => {
    const t0 = performance.now();
    let j: Judged;
    try {
      j = JUDGES[req.id](ctx);
    } catch (err) {
      j = { outcome: 'skipped', message: `not judged: the judge broke (${(err as Error).message})` };
    }
    return toResult(req, j, Math.round((performance.now() - t0) * 10) / 10);
  });
}
