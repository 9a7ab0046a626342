// The sample client, watched from the wire: a recording proxy sits between it and the reference
// server (auto mode) and answers a few requests itself (a 503, a 429, a 401, a slow answer), so
// every rule of decision 17 can be read off what the client sent. Then every fault is shown to
// change exactly the behaviour it is meant to break, and nothing else.
import { formatCPF, generateCPF } from '@brazilian-utils/brazilian-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../lib/reference/index.js';
import { type Contract, loadContract } from '../../lib/spec/index.js';
import { CLIENT_FAULTS, type ClientFault, DinieClient, DinieError, runSampleJourney, type SampleJourneyOptions } from './client.js';
import { failFirst, type Recorded, type Rule, startRecordingProxy } from './recording-proxy.js';

// The back-off base. What tells a back-off from "at once" is a margin over the event loop's lag on a
// loaded machine: at 100 ms a fresh-clone CI run saw the no-backoff fault's retries arrive over 70
// and 140 ms apart (lag, not back-off), which passed for backing off.
const BASE_MS = 300;
let server: ReferenceServer;
let contract: Contract;

beforeAll(async () => {
  server = await startReferenceServer({ port: 0, auto: { kycMs: 20, creditMs: 20, loanStepMs: 20 } });
  contract = await loadContract();
  // 25 customers already there, so the journey's list walk turns pages.
  const setup = new DinieClient(credentials(server.baseUrl));
  for (let i = 0; i < 25; i++) await setup.call('POST', '/customers', { json: { cpf: formatCPF(generateCPF()) }, idempotent: true });
});
afterAll(async () => server?.close());

function credentials(baseUrl: string): SampleJourneyOptions {
  const a = server.partners[0]!;
  return { baseUrl, clientId: a.clientId, clientSecret: a.clientSecret };
}

/** Runs the journey through a recording proxy applying `rules`; returns what the client sent, and the outcome. */
async function journey(rules: Rule[], extra: Partial<SampleJourneyOptions> = {}) {
  const proxy = await startRecordingProxy(server.baseUrl, rules);
  const lines: string[] = [];
  try {
    const result = await runSampleJourney({
      ...credentials(proxy.baseUrl),
      retry: { attempts: 4, baseMs: BASE_MS, maxMs: 2000, timeoutMs: 3000 },
      poll: { initialMs: 20, maxMs: 100, timeoutMs: 15_000 },
      log: (l) => lines.push(l),
      ...extra,
    }).catch((err: unknown) => err as Error);
    return { result, requests: proxy.requests, lines };
  } finally {
    await proxy.close();
  }
}

const SIMULATE = /^\/v3\/credit-offers\/[^/]+\/simulations$/;
const LOANS = /^\/v3\/loans$/;
const CUSTOMER = /^\/v3\/customers\/cust_[0-9a-f]+$/;
const TOKEN = '/v3/auth/token';

/** Why each request is invalid against the contract (empty when all are valid). */
async function invalidRequests(requests: Recorded[]): Promise<string[]> {
  const problems: string[] = [];
  for (const r of requests) {
    const label = `${r.method} ${r.path}`;
    const found = contract.findOperation(r.method, r.path);
    if (!found) {
      problems.push(`${label}: no such operation`);
      continue;
    }
    const op = found.operation;
    const auth = r.headers.authorization ?? '';
    if (op.id === 'createToken' ? !/^Basic \S+$/.test(auth) : op.secured && !/^Bearer \S+$/.test(auth)) problems.push(`${label}: wrong Authorization`);
    const query = contract.validateQuery(op.id, Object.fromEntries(r.query));
    if (!query.valid) problems.push(`${label}: ${query.errors.join('; ')}`);
    const type = r.headers['content-type'] ?? '';
    let body: unknown;
    if (type.startsWith('application/json')) body = JSON.parse(r.body.toString());
    else if (type.startsWith('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(r.body.toString()));
    else if (type.startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(r.body), { headers: { 'content-type': type } }).formData();
      body = { type: form.get('type') ?? undefined, file: form.get('file') ? '(binary)' : undefined };
    }
    if (body === undefined) {
      if (op.requestBody?.required) problems.push(`${label}: no body`);
      continue;
    }
    const checked = contract.validateRequestBody(op.id, type.split(';')[0]!, body);
    if (!checked.valid) problems.push(`${label}: ${checked.errors.join('; ')}`);
  }
  return problems;
}

// The scenario every fault is run through: the simulation answers 503 twice, the loan 429 (Retry-After: 1)
// once, the first read of the customer 401 (as if the token had been revoked).
const SCENARIO: Rule[] = [failFirst(2, 'POST', SIMULATE, 503), failFirst(1, 'POST', LOANS, 429, { 'retry-after': '1' }), failFirst(1, 'GET', CUSTOMER, 401)];

const gaps = (rs: Recorded[]) => rs.slice(1).map((r, i) => r.at - rs[i]!.at);

/** Each rule of decision 17, as read off the requests of one run of SCENARIO. */
async function observe(requests: Recorded[]) {
  const creating = requests.filter((r) => r.method === 'POST' && r.path !== TOKEN);
  const simulations = creating.filter((r) => SIMULATE.test(r.path));
  const loans = creating.filter((r) => LOANS.test(r.path));
  const lists = requests.filter((r) => r.method === 'GET' && r.path === '/v3/customers');
  const [g1 = 0, g2 = 0] = gaps(simulations);
  return {
    'creating POSTs carry an Idempotency-Key': creating.every((r) => r.headers['idempotency-key']),
    'a retry reuses its Idempotency-Key': [simulations, loans].every((rs) => new Set(rs.map((r) => r.headers['idempotency-key'])).size === 1),
    'the token is reused (renewed once, after the 401)': requests.filter((r) => r.path === TOKEN).length === 2,
    'a 429 is retried after Retry-After': loans.length === 2 && gaps(loans)[0]! >= 990,
    // Back-off base, 2 × base (each ±20 %): no less than 0.7 × and 1.4 × base, however busy the machine.
    'a 5xx is retried with exponential back-off': simulations.length === 3 && g1 >= 0.7 * BASE_MS && g2 >= 1.4 * BASE_MS,
    'lists are walked with starting_after':
      lists.length >= 2 &&
      lists.every(
        (r, i) =>
          !r.query.has('offset') &&
          !r.query.has('page') &&
          r.query.get('starting_after') === (i === 0 ? null : (lists[i - 1]!.response as { data: { id: string }[] }).data.at(-1)!.id),
      ),
    'every request is valid against the contract': (await invalidRequests(requests)).length === 0,
  };
}
type Behaviour = keyof Awaited<ReturnType<typeof observe>>;

const BREAKS: Record<ClientFault, Behaviour> = {
  'no-idempotency-key': 'creating POSTs carry an Idempotency-Key',
  'new-key-on-retry': 'a retry reuses its Idempotency-Key',
  'token-per-request': 'the token is reused (renewed once, after the 401)',
  'ignores-retry-after': 'a 429 is retried after Retry-After',
  'no-backoff-on-5xx': 'a 5xx is retried with exponential back-off',
  'offset-pagination': 'lists are walked with starting_after',
  'invalid-request': 'every request is valid against the contract',
};

const broken = (seen: Record<Behaviour, boolean>) =>
  Object.entries(seen)
    .filter(([, kept]) => !kept)
    .map(([name]) => name);

describe.concurrent('the sample client without faults', () => {
  it('runs to a created loan against the reference server, and the loan is there', async () => {
    const lines: string[] = [];
    const opts = { ...credentials(server.baseUrl), poll: { initialMs: 20, maxMs: 100, timeoutMs: 15_000 }, log: (l: string) => lines.push(l) };
    const { customerId, loanId } = await runSampleJourney(opts);
    const dinie = new DinieClient(opts);
    expect((await dinie.call<{ status: string }>('GET', `/customers/${customerId}`)).status).toBe('active');
    expect((await dinie.call<{ customer_id: string }>('GET', `/loans/${loanId}`)).customer_id).toBe(customerId);
    expect(lines[0]).toMatch(/^token: obtained/);
    expect(lines.some((l) => l.startsWith('loan: ln_'))).toBe(true);
  });

  it('keeps every rule through a 503, a 429 and a 401, and gets its loan', async () => {
    const { result, requests, lines } = await journey(SCENARIO);
    expect(result).toMatchObject({ customerId: expect.stringMatching(/^cust_/), loanId: expect.stringMatching(/^ln_/) });
    expect(await invalidRequests(requests)).toEqual([]);
    expect(broken(await observe(requests))).toEqual([]);
    expect(lines.some((l) => /401, renewing the access token once/.test(l))).toBe(true);
    expect(lines.filter((l) => /^customers: page/.test(l))).toHaveLength(3);
  });

  it('retries a POST that timed out under the same Idempotency-Key and gets the loan it created', async () => {
    const slowFirstLoan: Rule = (req, earlier) =>
      req.method === 'POST' && LOANS.test(req.path) && !earlier.some((r) => LOANS.test(r.path)) ? { delayMs: 2500 } : undefined;
    const { result, requests } = await journey([slowFirstLoan], { retry: { attempts: 4, baseMs: BASE_MS, maxMs: 2000, timeoutMs: 1000 } });
    const loans = requests.filter((r) => LOANS.test(r.path));
    expect(loans).toHaveLength(2);
    expect(loans[1]!.headers['idempotency-key']).toBe(loans[0]!.headers['idempotency-key']);
    // The first attempt did create the loan; the retry got the same one back.
    expect((loans[0]!.response as { id: string }).id).toBe((result as { loanId: string }).loanId);
  });

  it('with new-key-on-retry the same timeout makes the retry a second loan request, which is refused', async () => {
    const slowFirstLoan: Rule = (req, earlier) =>
      req.method === 'POST' && LOANS.test(req.path) && !earlier.some((r) => LOANS.test(r.path)) ? { delayMs: 2500 } : undefined;
    const { result, requests } = await journey([slowFirstLoan], {
      faults: ['new-key-on-retry'],
      retry: { attempts: 4, baseMs: BASE_MS, maxMs: 2000, timeoutMs: 1000 },
    });
    const loans = requests.filter((r) => LOANS.test(r.path));
    expect(loans[1]!.headers['idempotency-key']).not.toBe(loans[0]!.headers['idempotency-key']);
    expect(result).toBeInstanceOf(DinieError);
    expect((result as DinieError).status).toBe(409);
  });

  it('gives up after its bound of attempts, backing off more each time', async () => {
    const { result, requests } = await journey([failFirst(Infinity, 'POST', SIMULATE, 503)]);
    expect(result).toBeInstanceOf(DinieError);
    expect((result as DinieError).status).toBe(503);
    const simulations = requests.filter((r) => SIMULATE.test(r.path));
    expect(simulations).toHaveLength(4);
    const [g1, g2, g3] = gaps(simulations) as [number, number, number];
    expect(g1).toBeGreaterThanOrEqual(0.7 * BASE_MS);
    expect(g2).toBeGreaterThanOrEqual(1.4 * BASE_MS);
    expect(g3).toBeGreaterThanOrEqual(2.8 * BASE_MS);
  });

  it('renews a token before it expires, without meeting a 401', async () => {
    const shortToken: Rule = (req) => (req.path === TOKEN ? { rewrite: (body) => ({ ...(body as object), expires_in: 1 }) } : undefined);
    const { result, requests } = await journey([shortToken, failFirst(1, 'POST', LOANS, 429, { 'retry-after': '1' })]);
    expect(result).toMatchObject({ loanId: expect.stringMatching(/^ln_/) });
    expect(requests.filter((r) => r.path === TOKEN).length).toBeGreaterThanOrEqual(2);
    expect(requests.filter((r) => r.status === 401)).toEqual([]);
    const loans = requests.filter((r) => LOANS.test(r.path));
    expect(loans[1]!.headers.authorization).not.toBe(loans[0]!.headers.authorization);
  });

  it('renews the token only once when the retry is refused too', async () => {
    const { result, requests } = await journey([failFirst(Infinity, 'GET', CUSTOMER, 401)]);
    expect(result).toBeInstanceOf(DinieError);
    expect((result as DinieError).status).toBe(401);
    expect(requests.filter((r) => CUSTOMER.test(r.path))).toHaveLength(2);
    expect(requests.filter((r) => r.path === TOKEN)).toHaveLength(2);
  });

  it('refuses an unknown fault', async () => {
    await expect(runSampleJourney({ ...credentials(server.baseUrl), faults: ['nope' as ClientFault] })).rejects.toThrow(/Unknown client fault/);
  });
});

describe('client faults', () => {
  it('every fault names the behaviour it breaks', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(CLIENT_FAULTS).sort());
  });

  it.concurrent.each(Object.keys(CLIENT_FAULTS) as ClientFault[])('%s breaks exactly its behaviour', async (fault) => {
    const { result, requests } = await journey(SCENARIO, { faults: [fault] });
    expect(result).toMatchObject({ loanId: expect.stringMatching(/^ln_/) });
    expect(broken(await observe(requests))).toEqual([BREAKS[fault]]);
  });
});
