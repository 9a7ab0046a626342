// The client judges on hand-made recorded traffic: for each requirement, what passes, what fails
// (and why, in the message), and what is not exercised (skipped, naming no lack).
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../checks/types.js';
import type { ObservedDelivery, ObservedExchange, ObservedSession } from '../../reference/observe/types.js';
import { DEFAULT_OBSERVE_SCHEDULE } from '../../reference/observe/types.js';
import { loadContract } from '../../spec/index.js';
import { judgeSession } from './judge.js';
import { clientRequirements } from './requirements.js';

const contract = await loadContract();
const A = 'dinie_ci_test_demopartnera0001';
const B = 'dinie_ci_test_demopartnerb0002';
const CPF = '529.982.247-25';
const CUSTOMER = { cpf: CPF, name: 'Maria Souza', email: 'maria@example.com', phone: '+5511987654321', external_id: 'ext-1' };

type Rec = Partial<ObservedExchange> & { method: string; path: string; at: number };

/** A recorded exchange with sensible defaults: partner A's bearer token #1, answered 200 10 ms later. */
function ex(r: Rec): ObservedExchange {
  const [path, q] = r.path.split('?');
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(q ?? ''));
  const status = 'status' in r ? r.status : 200;
  return {
    seq: 0,
    startedAt: new Date(Date.UTC(2026, 0, 1) + r.at).toISOString(),
    rawQuery: q ? `?${q}` : '',
    query,
    headers: r.auth === 'basic' ? { authorization: `Basic [${A}:<secret>]` } : r.auth === 'none' ? {} : { authorization: '[token]' },
    bodyRead: true,
    bodyFingerprint: r.body === undefined ? 'none' : JSON.stringify(r.body),
    credential: A,
    auth: 'bearer',
    tokenNo: r.auth === 'basic' || r.auth === 'none' ? undefined : 1,
    responseHeaders: {},
    ...(status !== undefined && !r.aborted ? { respondedAt: r.at + 10 } : {}),
    ...r,
    path: path!,
    status: r.aborted ? undefined : status,
  } as ObservedExchange;
}

const token = (at: number, tokenNo: number, extra: Partial<Rec> = {}): Rec => ({
  method: 'POST',
  path: '/v3/auth/token',
  at,
  auth: 'basic',
  tokenNo: undefined,
  headers: { authorization: `Basic [${A}:<secret>]`, 'content-type': 'application/x-www-form-urlencoded' },
  body: { grant_type: 'client_credentials' },
  issuedToken: { tokenNo, expiresIn: 3600 },
  ...extra,
});
const createCustomer = (at: number, extra: Partial<Rec> = {}): Rec => ({
  method: 'POST',
  path: '/v3/customers',
  at,
  status: 201,
  body: CUSTOMER,
  headers: { authorization: '[token]', 'content-type': 'application/json', 'idempotency-key': 'k1' },
  idempotencyKey: 'k1',
  ...extra,
});
const listCustomers = (at: number, query: string, page?: { ids: string[]; hasMore: boolean }, extra: Partial<Rec> = {}): Rec => ({
  method: 'GET',
  path: `/v3/customers${query}`,
  at,
  ...(page ? { page } : {}),
  ...extra,
});

function session(recs: Rec[], deliveries: Partial<ObservedDelivery>[] = [], endpoints: ObservedSession['endpoints'] = []): ObservedSession {
  const exchanges = recs
    .map(ex)
    .sort((a, b) => a.at - b.at)
    .map((e, i) => ({ ...e, seq: i + 1 }));
  return {
    baseUrl: 'http://127.0.0.1:4010/v3',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 60_000,
    schedule: DEFAULT_OBSERVE_SCHEDULE,
    exchanges,
    deliveries: deliveries.map((d, i) => ({
      seq: i + 1,
      endpointId: 'we_1',
      url: 'http://127.0.0.1:4020/webhooks/dinie',
      kind: 'genuine',
      eventId: `evt_${i}`,
      eventType: 'customer.created',
      messageId: `msg_${i}`,
      attempt: 1,
      at: 1000 + i,
      startedAt: '2026-01-01T00:00:01.000Z',
      status: 200,
      durationMs: 3,
      body: '{}',
      headers: {},
      ...d,
    })),
    endpoints,
  };
}

function judge(s: ObservedSession, id: string, opts = {}): CheckResult {
  const r = judgeSession(s, contract, opts).find((x) => x.id === id);
  if (!r) throw new Error(`no result for ${id}`);
  return r;
}

/** A minimal clean life: a token, then calls with it. */
const base = (): Rec[] => [token(0, 1), { method: 'GET', path: '/v3/customers?limit=10', at: 100 }, { method: 'GET', path: '/v3/customers?limit=10', at: 200 }];

describe('the catalogue', () => {
  it('has twelve client requirements, area client, each with a level and a decision as its source', () => {
    const reqs = clientRequirements();
    expect(reqs).toHaveLength(12);
    for (const r of reqs) {
      expect(r.id).toMatch(/^CLIENT-[A-Z0-9-]+$/);
      expect(r.area).toBe('client');
      expect(r.source).toMatch(/decision (16|17)/);
    }
    expect(
      reqs
        .filter((r) => r.level === 'SHOULD')
        .map((r) => r.id)
        .sort(),
    ).toEqual(['CLIENT-BACKOFF-ON-5XX', 'CLIENT-IDEMPOTENCY-KEY-SENT', 'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED']);
  });

  it('judges an empty session as not exercised everywhere: skipped, no lacks, never passed', () => {
    const results = judgeSession(session([]), contract);
    expect(results).toHaveLength(12);
    for (const r of results) {
      expect(r.outcome, r.id).toBe('skipped');
      expect(r.message, r.id).toMatch(/^not exercised: /);
      expect(r.lacks, r.id).toEqual([]);
    }
  });
});

describe('CLIENT-REQUEST-VALID', () => {
  it('passes requests valid against the contract', () => {
    const r = judge(session([...base(), createCustomer(300)]), 'CLIENT-REQUEST-VALID');
    expect(r.outcome, r.message).toBe('passed');
  });

  it.each([
    ['an invalid body', createCustomer(300, { body: { ...CUSTOMER, cpf: '529.982.247-26' } }), /body: .*cpf/],
    ['a body missing a required member', createCustomer(300, { body: { name: 'x' } }), /body: .*cpf/],
    ['a path of no operation', { method: 'GET', path: '/v3/clients', at: 300 }, /no operation of the contract has the path \/v3\/clients/],
    ['a method the path does not have', { method: 'DELETE', path: '/v3/customers', at: 300 }, /DELETE is not an operation of \/v3\/customers/],
    ['a secured operation without a bearer token', { method: 'GET', path: '/v3/customers', at: 300, auth: 'none', headers: {} }, /needs Authorization: Bearer/],
    [
      'a token request without client authentication',
      token(300, 2, { auth: 'none', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      /without client authentication/,
    ],
    ['a query out of bounds', { method: 'GET', path: '/v3/customers?limit=0', at: 300 }, /query: .*limit/],
    [
      'an empty Idempotency-Key',
      createCustomer(300, { headers: { authorization: '[token]', 'content-type': 'application/json', 'idempotency-key': '' }, idempotencyKey: '' }),
      /Idempotency-Key must have at least 1/,
    ],
    [
      'a media type the operation does not take (body unread)',
      createCustomer(300, { bodyRead: false, body: undefined, headers: { authorization: '[token]', 'content-type': 'text/plain' }, status: 415 }),
      /media type text\/plain is not accepted/,
    ],
    ['malformed JSON (body unread)', createCustomer(300, { bodyRead: false, body: undefined, status: 400, problemCode: 'invalid_json' }), /not valid JSON/],
    ['a creating POST with no body', createCustomer(300, { body: undefined, headers: { authorization: '[token]' } }), /needs a body/],
  ] as [string, Rec, RegExp][])('fails %s, naming it', (_what, bad, message) => {
    const r = judge(session([...base(), bad]), 'CLIENT-REQUEST-VALID');
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(message);
    expect(r.evidence.exchanges).toHaveLength(1);
    expect(r.evidence.exchanges[0]!.curl).toMatch(/^curl /);
  });
});

describe('Idempotency-Key', () => {
  const failed = (at: number, extra: Partial<Rec> = {}) => createCustomer(at, { status: 503, disturbance: 'server-error', ...extra });

  it('passes a retry after a 503 under the same key; the first attempts all carry one', () => {
    const s = session([...base(), failed(300), createCustomer(600)]);
    expect(judge(s, 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY').outcome).toBe('passed');
    expect(judge(s, 'CLIENT-IDEMPOTENCY-KEY-SENT').outcome).toBe('passed');
  });

  it.each([
    ['another key', { idempotencyKey: 'k2' }, /the retry carried another Idempotency-Key/],
    ['no key', { idempotencyKey: undefined }, /the retry carried no Idempotency-Key/],
  ] as [string, Partial<Rec>, RegExp][])('fails a retry under %s', (_w, retry, message) => {
    const r = judge(session([...base(), failed(300), createCustomer(600, retry)]), 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY');
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(message);
    expect(r.evidence.exchanges).toHaveLength(2);
  });

  it('fails a retry when neither attempt carried a key (MUST), and warns that creating POSTs go bare (SHOULD)', () => {
    const s = session([...base(), failed(300, { idempotencyKey: undefined }), createCustomer(600, { idempotencyKey: undefined })]);
    expect(judge(s, 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY')).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/neither attempt carried/) });
    expect(judge(s, 'CLIENT-IDEMPOTENCY-KEY-SENT')).toMatchObject({ outcome: 'warning', level: 'SHOULD' });
  });

  it('counts as retries the repeats after a 429, a 401 or a timeout too', () => {
    for (const first of [failed(300, { status: 429 }), failed(300, { status: 401 }), failed(300, { aborted: true, abortedAt: 800, status: undefined })]) {
      const r = judge(session([...base(), first, createCustomer(900, { idempotencyKey: 'other' })]), 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY');
      expect(r.outcome).toBe('failed');
    }
  });

  it('does not take a request sent while the first was still in flight, or one after a 201, for a retry', () => {
    const inFlight = judge(
      session([...base(), failed(300, { respondedAt: 900 }), createCustomer(400, { idempotencyKey: 'k2' })]),
      'CLIENT-IDEMPOTENCY-KEY-ON-RETRY',
    );
    expect(inFlight.outcome).toBe('skipped');
    const afterSuccess = judge(session([...base(), createCustomer(300), createCustomer(600, { idempotencyKey: 'k2' })]), 'CLIENT-IDEMPOTENCY-KEY-ON-RETRY');
    expect(afterSuccess).toMatchObject({ outcome: 'skipped', message: expect.stringMatching(/not exercised: no creating POST was retried/) });
  });
});

describe('tokens', () => {
  it('passes one token reused; a token dropped while good is tolerated once (a set-up script), twice is fetching per call', () => {
    expect(judge(session(base()), 'CLIENT-TOKEN-REUSED').outcome).toBe('passed');
    const once = [token(0, 1), { method: 'GET', path: '/v3/customers', at: 100 }, token(200, 2), { method: 'GET', path: '/v3/customers', at: 300, tokenNo: 2 }];
    expect(judge(session(once), 'CLIENT-TOKEN-REUSED').outcome).toBe('passed');
    const perCall = [
      ...once,
      token(400, 3),
      { method: 'GET', path: '/v3/customers', at: 500, tokenNo: 3 },
      token(600, 4),
      { method: 'GET', path: '/v3/customers', at: 700, tokenNo: 4 },
    ];
    const r = judge(session(perCall), 'CLIENT-TOKEN-REUSED');
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/3 tokens were dropped while still good .* fetched per call; first: token #1 .* dropped after 1 request/);
  });

  it('does not count tokens used side by side, renewed after a 401, or renewed near expiry', () => {
    const sideBySide = [
      token(0, 1),
      token(5, 2),
      token(6, 3),
      ...[1, 2, 3, 1, 2, 3].map((n, i) => ({ method: 'GET', path: '/v3/customers', at: 100 + i * 10, tokenNo: n })),
    ];
    expect(judge(session(sideBySide), 'CLIENT-TOKEN-REUSED').outcome).toBe('passed');
    const after401 = (n: number, at: number): Rec[] => [{ method: 'GET', path: '/v3/customers', at, tokenNo: n, status: 401 }, token(at + 50, n + 1)];
    expect(
      judge(
        session([token(0, 1), ...after401(1, 100), ...after401(2, 200), ...after401(3, 300), { method: 'GET', path: '/v3/customers', at: 400, tokenNo: 4 }]),
        'CLIENT-TOKEN-REUSED',
      ).outcome,
    ).toBe('passed');
    const short = (n: number, at: number) => token(at, n, { issuedToken: { tokenNo: n, expiresIn: 1 } });
    expect(
      judge(
        session([
          short(1, 0),
          { method: 'GET', path: '/v3/customers', at: 100 },
          short(2, 950),
          { method: 'GET', path: '/v3/customers', at: 1000, tokenNo: 2 },
          short(3, 1950),
          { method: 'GET', path: '/v3/customers', at: 2000, tokenNo: 3 },
        ]),
        'CLIENT-TOKEN-REUSED',
      ).outcome,
    ).toBe('passed');
  });

  it('renewal after a 401: once and with the new token passes; the refused token again, or two renewals, fail; no 401 or nothing after is not exercised', () => {
    const refused: Rec = { method: 'GET', path: '/v3/customers', at: 300, status: 401, problemCode: 'token_expired', disturbance: 'token-expired' };
    const next: Rec = { method: 'GET', path: '/v3/customers', at: 500, tokenNo: 2 };
    expect(judge(session([...base(), refused, token(400, 2), next]), 'CLIENT-TOKEN-RENEWED-ON-401').outcome).toBe('passed');
    const again = judge(
      session([...base(), refused, { method: 'GET', path: '/v3/customers', at: 350, status: 401 }, token(400, 2), next]),
      'CLIENT-TOKEN-RENEWED-ON-401',
    );
    expect(again).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/token #1 was refused with 401 \(token_expired\) and sent again 1 time/) });
    const twice = judge(session([...base(), refused, token(400, 2), token(450, 3), { ...next, tokenNo: 3 }]), 'CLIENT-TOKEN-RENEWED-ON-401');
    expect(twice).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/2 new tokens requested after one 401/) });
    expect(judge(session(base()), 'CLIENT-TOKEN-RENEWED-ON-401').message).toBe('not exercised: no bearer request was answered 401');
    expect(judge(session([...base(), refused]), 'CLIENT-TOKEN-RENEWED-ON-401')).toMatchObject({
      outcome: 'skipped',
      message: 'not exercised: no request followed the 401',
    });
  });
});

describe('CLIENT-RETRY-AFTER-HONOURED', () => {
  const limited: Rec = { method: 'GET', path: '/v3/customers', at: 300, status: 429, responseHeaders: { 'retry-after': '2' }, disturbance: 'rate-limit' };

  it('passes a next request after Retry-After; fails one before, with the gap; another credential does not count', () => {
    expect(judge(session([...base(), limited, { method: 'GET', path: '/v3/customers', at: 2315 }]), 'CLIENT-RETRY-AFTER-HONOURED').outcome).toBe('passed');
    const early = judge(session([...base(), limited, { method: 'GET', path: '/v3/customers', at: 1310 }]), 'CLIENT-RETRY-AFTER-HONOURED');
    expect(early).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/#5 GET \/v3\/customers 1000 ms after the 429 \(#4\) that asked for 2000 ms/),
    });
    expect(early.evidence.exchanges).toHaveLength(2);
    const other = judge(
      session([...base(), limited, { method: 'GET', path: '/v3/customers', at: 400, credential: B }, { method: 'GET', path: '/v3/customers', at: 2400 }]),
      'CLIENT-RETRY-AFTER-HONOURED',
    );
    expect(other.outcome).toBe('passed');
  });

  it('is not exercised without a 429', () => {
    expect(judge(session(base()), 'CLIENT-RETRY-AFTER-HONOURED')).toMatchObject({
      outcome: 'skipped',
      message: 'not exercised: the application was never answered 429',
    });
  });
});

describe('CLIENT-BACKOFF-ON-5XX', () => {
  const fail503 = (at: number) => createCustomer(at, { status: 503 });

  it('passes growing gaps after 5xx; warns on an immediate retry, on gaps that do not grow, on hammering', () => {
    const growing = judge(session([...base(), fail503(300), fail503(510), createCustomer(930)]), 'CLIENT-BACKOFF-ON-5XX');
    expect(growing.outcome, growing.message).toBe('passed');
    expect(growing.evidence.notes.join('\n')).toMatch(/retried after 200 ms, then 410 ms/);
    const immediate = judge(session([...base(), fail503(300), createCustomer(312)]), 'CLIENT-BACKOFF-ON-5XX');
    expect(immediate).toMatchObject({ outcome: 'warning', message: expect.stringMatching(/retried 2 ms after .* \(at least 100 ms expected\)/) });
    const flat = judge(session([...base(), fail503(300), fail503(510), createCustomer(720)]), 'CLIENT-BACKOFF-ON-5XX');
    expect(flat).toMatchObject({ outcome: 'warning', message: expect.stringMatching(/did not grow \(200 ms, then 200 ms\)/) });
    const hammering = [
      ...base(),
      fail503(300),
      ...Array.from({ length: 10 }, (_, i) => ({ method: 'GET', path: `/v3/customers/cust_${i}`, at: 500 + i * 20, status: 503 })),
    ];
    expect(judge(session(hammering), 'CLIENT-BACKOFF-ON-5XX').message).toMatch(/10 requests of the credential within 5000 ms .* before any good answer/);
  });

  it('counts a request the client gave up on (a timeout) as a failure; ordinary work after a good answer is not hammering', () => {
    const timeout: Rec = { method: 'GET', path: '/v3/customers/cust_1', at: 300, aborted: true, abortedAt: 800, disturbance: 'slow' };
    expect(judge(session([...base(), timeout, { method: 'GET', path: '/v3/customers/cust_1', at: 801 }]), 'CLIENT-BACKOFF-ON-5XX').outcome).toBe('warning');
    const busy = [
      ...base(),
      fail503(300),
      createCustomer(500),
      ...Array.from({ length: 12 }, (_, i) => ({ method: 'GET', path: '/v3/customers', at: 600 + i * 10 })),
    ];
    expect(judge(session(busy), 'CLIENT-BACKOFF-ON-5XX').outcome).toBe('passed');
  });

  it('is not exercised without a 5xx or a timeout', () => {
    expect(judge(session(base()), 'CLIENT-BACKOFF-ON-5XX').outcome).toBe('skipped');
  });
});

describe('CLIENT-LIST-CURSOR', () => {
  it('passes a walk by starting_after', () => {
    const r = judge(
      session([
        ...base(),
        listCustomers(300, '?limit=2', { ids: ['cust_1', 'cust_2'], hasMore: true }),
        listCustomers(400, '?limit=2&starting_after=cust_2', { ids: ['cust_3'], hasMore: false }),
      ]),
      'CLIENT-LIST-CURSOR',
    );
    expect(r.outcome).toBe('passed');
  });

  it('fails offset or page parameters, and a next page asked for with a parameter the contract does not have', () => {
    const offset = judge(session([...base(), listCustomers(300, '?limit=2&offset=2')]), 'CLIENT-LIST-CURSOR');
    expect(offset).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/positioned with offset=2 instead of starting_after/) });
    expect(judge(session([...base(), listCustomers(300, '?page=2')]), 'CLIENT-LIST-CURSOR').outcome).toBe('failed');
    const other = judge(
      session([...base(), listCustomers(300, '?limit=2', { ids: ['cust_1', 'cust_2'], hasMore: true }), listCustomers(400, '?limit=2&p=2')]),
      'CLIENT-LIST-CURSOR',
    );
    expect(other).toMatchObject({ outcome: 'failed', message: expect.stringMatching(/with p, not starting_after/) });
  });

  it('is not exercised when no list ran past a page, or a long one was never followed', () => {
    expect(judge(session([...base(), listCustomers(300, '?limit=10', { ids: ['cust_1'], hasMore: false })]), 'CLIENT-LIST-CURSOR').message).toBe(
      'not exercised: no list the application read was longer than one page',
    );
    expect(judge(session([...base(), listCustomers(300, '?limit=1', { ids: ['cust_1'], hasMore: true })]), 'CLIENT-LIST-CURSOR').message).toBe(
      'not exercised: a page with has_more: true was never followed by the next page',
    );
  });
});

describe('webhook deliveries', () => {
  const registered: Rec = {
    method: 'POST',
    path: '/v3/webhooks/endpoints',
    at: 50,
    status: 201,
    body: { url: 'http://127.0.0.1:4020/webhooks/dinie', events: ['*'] },
    headers: { authorization: '[token]', 'content-type': 'application/json' },
  };
  const ids = [
    'CLIENT-WEBHOOK-ACKNOWLEDGED',
    'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED',
    'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED',
    'CLIENT-WEBHOOK-FORGED-REFUSED',
  ];
  const all: Partial<ObservedDelivery>[] = [
    { kind: 'genuine' },
    { kind: 'redelivery', messageId: 'msg_0' },
    { kind: 'genuine' },
    { kind: 'forged', status: 401 },
    { kind: 'genuine', outOfOrder: true },
  ];

  it('passes genuine, redelivered and out-of-order deliveries acknowledged, the forged one refused', () => {
    const s = session([...base(), registered], all);
    for (const id of ids) expect(judge(s, id).outcome, id).toBe('passed');
  });

  it('fails a genuine delivery not acknowledged (or not answered), a redelivery refused, a forged one acknowledged; warns on an out-of-order one refused', () => {
    const bad = session(
      [...base(), registered],
      [
        { kind: 'genuine', status: 500 },
        { kind: 'genuine', status: null, error: 'no answer within 15000 ms' },
        { kind: 'redelivery', status: 409 },
        { kind: 'forged', status: 200 },
        { kind: 'genuine', outOfOrder: true, status: 409 },
      ],
    );
    expect(judge(bad, 'CLIENT-WEBHOOK-ACKNOWLEDGED')).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/^3 of 3 genuine deliveries not acknowledged with 2xx; first: delivery #1 .* → 500/),
    });
    expect(judge(bad, 'CLIENT-WEBHOOK-REDELIVERY-ACKNOWLEDGED').outcome).toBe('failed');
    expect(judge(bad, 'CLIENT-WEBHOOK-FORGED-REFUSED')).toMatchObject({
      outcome: 'failed',
      message: expect.stringMatching(/1 of 1 forged delivery not refused/),
    });
    expect(judge(bad, 'CLIENT-WEBHOOK-OUT-OF-ORDER-ACKNOWLEDGED').outcome).toBe('warning');
    const forged = judge(bad, 'CLIENT-WEBHOOK-FORGED-REFUSED');
    expect(forged.evidence.exchanges[0]!.request.url).toBe('http://127.0.0.1:4020/webhooks/dinie');
  });

  it('is not exercised without a registered endpoint, without deliveries, or when the session ended first', () => {
    expect(judge(session(base(), all), 'CLIENT-WEBHOOK-ACKNOWLEDGED').message).toBe('not exercised: the application registered no webhook endpoint');
    expect(judge(session([...base(), registered]), 'CLIENT-WEBHOOK-FORGED-REFUSED').message).toMatch(/^not exercised: no event was delivered/);
    const cut = session([...base(), registered], [{ kind: 'genuine' }, { kind: 'forged', status: null, error: 'the session ended before an answer came' }]);
    expect(judge(cut, 'CLIENT-WEBHOOK-FORGED-REFUSED').message).toMatch(/^not exercised: no forged delivery was made/);
  });
});
