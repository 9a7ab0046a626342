// The partner's application calling Dinie: one customer's journey from registration to a loan.
//
//   token → register the customer → upload its KYC documents → start biometrics → wait until it is
//   active → find its credit offer → simulate → create the loan → walk the customer list
//
// What a conforming client does (decision 17), all in DinieClient below:
// - every request is valid against the contract (fixtures/openapi/dinie-v3.yaml);
// - the access token (client credentials, HTTP Basic) is reused until it expires, and renewed once
//   if a call answers 401;
// - every creating POST carries an `Idempotency-Key`, and a retry of it reuses that key;
// - a 429 is retried after at least `Retry-After` seconds; a 5xx or a timeout is retried with
//   exponential back-off, and the client gives up after a bound;
// - lists are walked with `starting_after` (the id of the last item of the previous page).
//
// `faults` switches on realistic defects, one rule broken each (CLIENT_FAULTS), so that the
// client certification can be seen to catch them.
import { randomUUID } from 'node:crypto';
import { formatCPF, generateCPF } from '@brazilian-utils/brazilian-utils';

export const CLIENT_FAULTS = {
  'no-idempotency-key': 'sends its creating POSTs (customer, documents, biometrics, simulation, loan) without an Idempotency-Key',
  'new-key-on-retry': 'retries a creating POST under a new Idempotency-Key, so a retry may create a second resource',
  'token-per-request': 'fetches a new access token before every call instead of reusing it until it expires',
  'ignores-retry-after': 'retries a 429 at once instead of waiting Retry-After seconds',
  'no-backoff-on-5xx': 'retries a 5xx or a timeout at once, attempt after attempt (up to the bound), without backing off',
  'offset-pagination': 'walks the customer list with ?offset= (not in the contract) instead of starting_after',
  'invalid-request': 'first registers the customer with a CPF whose check digits are wrong (invalid against the contract), and corrects it after the 422',
} as const;

export type ClientFault = keyof typeof CLIENT_FAULTS;

export function isClientFault(name: string): name is ClientFault {
  return Object.hasOwn(CLIENT_FAULTS, name);
}

export interface RetryPolicy {
  /** Attempts per call, the first included (default 5). */
  attempts: number;
  /** First back-off after a 5xx or a timeout (default 500 ms); it doubles each retry, ±20 %. */
  baseMs: number;
  /** Longest back-off (default 10 000 ms). */
  maxMs: number;
  /** One attempt's timeout (default 15 000 ms). */
  timeoutMs: number;
}

export interface PollPolicy {
  /** First wait between two polls (default 500 ms); it doubles each poll. */
  initialMs: number;
  /** Longest wait between two polls (default 5000 ms). */
  maxMs: number;
  /** Give up waiting after this long (default 5 min). */
  timeoutMs: number;
}

export interface SampleJourneyOptions {
  /** Dinie's API base, e.g. http://127.0.0.1:4010/v3 or https://sandbox.api.dinie.com.br/v3. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  faults?: ClientFault[];
  /** One line per step. */
  log?: (line: string) => void;
  retry?: Partial<RetryPolicy>;
  poll?: Partial<PollPolicy>;
  /** Loan amount to ask for, kept within the offer (default "5000.00"). */
  amount?: string;
  /** Number of installments to ask for, kept within the offer (default 12). */
  installments?: number;
  /** Customer list walk: items per page (default 10) and pages at most (default 3). */
  pageSize?: number;
  maxPages?: number;
}

export interface SampleJourneyResult {
  customerId: string;
  loanId?: string;
}

/** A 4xx (or a final 5xx) from Dinie, with its problem+json body. */
export class DinieError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly body: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'DinieError';
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// A one-page PDF: what a partner's app would send is the customer's scanned document.
const SAMPLE_PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');

interface CallOptions {
  query?: Record<string, string | number | undefined>;
  json?: unknown;
  form?: FormData;
  /** A creating POST: carries an Idempotency-Key, the same on every retry. */
  idempotent?: boolean;
}

/** The small Dinie API client the partner's application uses. */
export class DinieClient {
  private readonly baseUrl: string;
  private readonly faults: Set<ClientFault>;
  private readonly retry: RetryPolicy;
  private readonly log: (line: string) => void;
  private token: { value: string; renewAt: number } | undefined;

  constructor(private readonly options: SampleJourneyOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.faults = new Set(options.faults ?? []);
    for (const f of this.faults) if (!isClientFault(f)) throw new Error(`Unknown client fault: ${String(f)}`);
    this.retry = { attempts: 5, baseMs: 500, maxMs: 10_000, timeoutMs: 15_000, ...options.retry };
    this.log = options.log ?? (() => {});
  }

  has(fault: ClientFault): boolean {
    return this.faults.has(fault);
  }

  /** Calls one operation and returns its JSON body; throws DinieError on a 4xx or a final 5xx. */
  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<T> {
    const label = `${method} ${path}`;
    const key = options.idempotent && !this.has('no-idempotency-key') ? randomUUID() : undefined;
    const send = async () => {
      const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${await this.accessToken()}` };
      // The fault: every attempt gets a key of its own, so the server cannot tell a retry from a new request.
      if (key) headers['idempotency-key'] = this.has('new-key-on-retry') ? randomUUID() : key;
      let body: string | FormData | undefined;
      if (options.json !== undefined) {
        headers['content-type'] = 'application/json';
        body = JSON.stringify(options.json);
      } else if (options.form) {
        body = options.form; // fetch writes the multipart/form-data content type with its boundary
      }
      return fetch(this.url(path, options.query), { method, headers, body, signal: AbortSignal.timeout(this.retry.timeoutMs) });
    };
    let res = await this.withRetries(label, send);
    if (res.status === 401) {
      // The token expired or was revoked early: renew it once and send again (same Idempotency-Key).
      await res.body?.cancel();
      this.log(`${label}: 401, renewing the access token once`);
      this.token = undefined;
      res = await this.withRetries(label, send);
    }
    return readJson<T>(label, res);
  }

  /** The access token, reused until a minute before it expires (a tenth of its life if shorter). */
  private async accessToken(): Promise<string> {
    if (this.token && Date.now() < this.token.renewAt && !this.has('token-per-request')) return this.token.value;
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString('base64');
    const res = await this.withRetries('POST /auth/token', () =>
      fetch(this.url('/auth/token'), {
        method: 'POST',
        headers: { accept: 'application/json', authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
        signal: AbortSignal.timeout(this.retry.timeoutMs),
      }),
    );
    const { access_token: value, expires_in: expiresIn } = await readJson<{ access_token: string; expires_in: number }>('POST /auth/token', res);
    this.token = { value, renewAt: Date.now() + expiresIn * 1000 - Math.min(60_000, expiresIn * 100) };
    this.log(`token: obtained, valid ${expiresIn} s`);
    return value;
  }

  /**
   * Sends one request until it is answered with something other than a 429 or a 5xx: a 429 is
   * retried after Retry-After, a 5xx or a timeout after an exponential back-off; after
   * `retry.attempts` attempts the last answer is returned (a transport failure is thrown).
   */
  private async withRetries(label: string, send: () => Promise<Response>): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let what: string;
      try {
        res = await send();
        if (res.status !== 429 && res.status < 500) return res;
        what = `answered ${res.status}`;
      } catch (err) {
        if (!isTransient(err)) throw err;
        what = (err as Error).name === 'TimeoutError' ? `no answer within ${this.retry.timeoutMs} ms` : `failed (${describe(err)})`;
      }
      if (attempt >= this.retry.attempts) {
        if (res) return res;
        throw new Error(`${label}: ${what}; gave up after ${attempt} attempts`);
      }
      const delay = res?.status === 429 ? this.afterRateLimit(res, attempt) : this.backoff(attempt);
      await res?.body?.cancel();
      this.log(`${label}: ${what}; retrying in ${delay} ms (attempt ${attempt + 1} of ${this.retry.attempts})`);
      await sleep(delay);
    }
  }

  /** Exponential back-off with ±20 % jitter: base, 2 × base, 4 × base, … up to maxMs. */
  private backoff(attempt: number): number {
    if (this.has('no-backoff-on-5xx')) return 0;
    const ms = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
    return Math.round(ms * (0.8 + 0.4 * Math.random()));
  }

  /** At least Retry-After (seconds or an HTTP date); the back-off if the header is missing. */
  private afterRateLimit(res: Response, attempt: number): number {
    if (this.has('ignores-retry-after')) return 0;
    const header = res.headers.get('retry-after');
    if (header === null) return this.backoff(attempt);
    const seconds = /^\d+$/.test(header.trim()) ? Number(header) : (Date.parse(header) - Date.now()) / 1000;
    return Math.max(0, Math.ceil((Number.isFinite(seconds) ? seconds : 0) * 1000));
  }

  private url(path: string, query: CallOptions['query'] = {}): string {
    const url = new URL(this.baseUrl + path);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(name, String(value));
    return url.toString();
  }
}

async function readJson<T>(label: string, res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = text;
  }
  if (res.ok) return body as T;
  const p = (body && typeof body === 'object' ? body : undefined) as { code?: unknown; detail?: unknown; title?: unknown; error?: unknown } | undefined;
  const detail = p ? [p.code, p.detail ?? p.title ?? p.error].filter(Boolean).join(': ') : text.slice(0, 200);
  throw new DinieError(res.status, typeof p?.code === 'string' ? p.code : undefined, body, `${label}: ${res.status}${detail ? ` ${detail}` : ''}`);
}

function isTransient(err: unknown): boolean {
  const name = (err as Error)?.name;
  // TimeoutError: our own per-attempt timeout; TypeError "fetch failed": the connection broke.
  return name === 'TimeoutError' || (err instanceof TypeError && err.message === 'fetch failed');
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

/** Polls `read` with a doubling wait until it returns a value, or throws after `timeoutMs`. */
async function waitFor<T>(what: string, poll: PollPolicy, read: () => Promise<T | undefined>): Promise<{ value: T; polls: number }> {
  const deadline = Date.now() + poll.timeoutMs;
  let delay = poll.initialMs;
  for (let polls = 1; ; polls++) {
    const value = await read();
    if (value !== undefined) return { value, polls };
    if (Date.now() + delay > deadline) throw new Error(`${what}: still waiting after ${polls} polls (${poll.timeoutMs} ms)`);
    await sleep(delay);
    delay = Math.min(poll.maxMs, delay * 2);
  }
}

const cents = (money: string) => Math.round(Number(money) * 100);
const money = (c: number) => (c / 100).toFixed(2);
const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** The CPF with its last check digit changed: the shape of a CPF, but not a valid one. */
function withWrongCheckDigit(cpf: string): string {
  return formatCPF(cpf.slice(0, 10) + String((Number(cpf[10]) + 1) % 10));
}

interface KycItem {
  kind: string;
  type: string;
  status: string;
  message: string | null;
}
interface Customer {
  id: string;
  status: string;
  kyc: KycItem[];
}
interface Offer {
  id: string;
  status: string;
  approved_amount: string;
  min_amount: string;
  installments?: number;
  min_installments?: number;
  max_installments?: number;
}
interface Simulation {
  id: string;
  number_of_installments: number;
  installments_value: string;
  first_due_date: string;
  total_loan_amount: string;
}

/** One customer's journey, from registration to a created loan. */
export async function runSampleJourney(options: SampleJourneyOptions): Promise<SampleJourneyResult> {
  const dinie = new DinieClient(options);
  const log = options.log ?? (() => {});
  const poll: PollPolicy = { initialMs: 500, maxMs: 5000, timeoutMs: 5 * 60_000, ...options.poll };

  // 1. Register the customer. In a real app these come from the customer's sign-up form.
  const cpf = generateCPF();
  const externalId = `sample-partner-${randomUUID()}`;
  const registration = { cpf: formatCPF(cpf), name: 'Maria Souza', email: `maria.${externalId}@example.com`, phone: '+5511987654321', external_id: externalId };
  if (dinie.has('invalid-request')) {
    // The fault: the form does not check the CPF's check digits, so Dinie has to refuse it.
    try {
      await dinie.call('POST', '/customers', { json: { ...registration, cpf: withWrongCheckDigit(cpf) }, idempotent: true });
    } catch (err) {
      if (!(err instanceof DinieError) || err.status !== 422) throw err;
      log(`customer: refused (${err.message}); asking the customer to correct the CPF`);
    }
  }
  let customer = await dinie.call<Customer>('POST', '/customers', { json: registration, idempotent: true });
  log(`customer: registered ${customer.id} (${customer.status}), KYC needs ${customer.kyc.map((i) => i.type).join(', ')}`);

  // 2. Upload the documents its `kyc` array asks for (multipart, a PDF each).
  for (const item of customer.kyc) {
    if (item.kind !== 'document' || item.type === 'biometrics' || item.status !== 'pending') continue;
    const form = new FormData();
    form.append('type', item.type);
    form.append('file', new Blob([SAMPLE_PDF], { type: 'application/pdf' }), `${item.type}.pdf`);
    const doc = await dinie.call<{ id: string; status: string }>('POST', `/customers/${customer.id}/documents`, { form, idempotent: true });
    log(`kyc: uploaded ${item.type} as ${doc.id} (${doc.status})`);
  }

  // 3. Biometrics: the customer completes the capture at the session URL.
  if (customer.kyc.some((i) => i.type === 'biometrics' && i.status === 'pending')) {
    const session = await dinie.call<{ session_url: string }>('POST', `/customers/${customer.id}/biometrics`, { idempotent: true });
    log(`biometrics: session started, the customer completes it at ${session.session_url}`);
  }

  // 4. Wait for the KYC review to make the customer active (webhooks tell the receiver; here we poll).
  const active = await waitFor('customer active', poll, async () => {
    customer = await dinie.call<Customer>('GET', `/customers/${customer.id}`);
    const stuck = customer.kyc.find((i) => i.status === 'pending_resubmission' || i.status === 'pending_correction');
    if (stuck) throw new Error(`customer ${customer.id}: KYC item ${stuck.type} is ${stuck.status}: ${stuck.message ?? ''}`);
    return customer.status === 'active' ? customer : undefined;
  });
  log(`customer: ${customer.id} is active (after ${active.polls} polls)`);

  // 5. The credit analysis ran in parallel since registration: find the available offer.
  const { value: offer } = await waitFor(
    'credit offer',
    poll,
    async () => (await dinie.call<{ data: Offer[] }>('GET', `/customers/${customer.id}/credit-offers`, { query: { status: 'available' } })).data[0],
  );
  log(`offer: ${offer.id} available, R$ ${offer.approved_amount} approved`);

  // 6. Simulate the amount and term the customer chose, kept within the offer.
  const amount = money(clamp(cents(options.amount ?? '5000.00'), cents(offer.min_amount), cents(offer.approved_amount)));
  const installments = offer.installments ?? clamp(options.installments ?? 12, offer.min_installments ?? 1, offer.max_installments ?? 120);
  const simulation = await dinie.call<Simulation>('POST', `/credit-offers/${offer.id}/simulations`, {
    json: { requested_amount: amount, installment_count: installments },
    idempotent: true,
  });
  log(
    `simulation: ${simulation.id}, R$ ${amount} in ${simulation.number_of_installments} × R$ ${simulation.installments_value} (total R$ ${simulation.total_loan_amount})`,
  );

  // 7. The customer accepts: create the loan with the simulation's terms.
  const loan = await dinie.call<{ id: string; status: string }>('POST', '/loans', {
    json: {
      credit_offer_id: offer.id,
      simulation_id: simulation.id,
      installments: simulation.number_of_installments,
      installments_value: simulation.installments_value,
      first_due_date: simulation.first_due_date,
    },
    idempotent: true,
  });
  log(`loan: ${loan.id} created (${loan.status}); its progress arrives as loan.* webhooks`);

  // 8. Reconcile with the back office: walk the customer list, a few pages, by cursor.
  await walkCustomers(dinie, options, log);

  return { customerId: customer.id, loanId: loan.id };
}

async function walkCustomers(dinie: DinieClient, options: SampleJourneyOptions, log: (line: string) => void): Promise<void> {
  const limit = options.pageSize ?? 10;
  const maxPages = options.maxPages ?? 3;
  let startingAfter: string | undefined;
  let seen = 0;
  for (let page = 1; page <= maxPages; page++) {
    // The fault: page by offset, which the contract does not have (a server ignoring it repeats page 1).
    const query = dinie.has('offset-pagination') ? { limit, offset: (page - 1) * limit } : { limit, starting_after: startingAfter };
    const { data, has_more: hasMore } = await dinie.call<{ data: { id: string }[]; has_more: boolean }>('GET', '/customers', { query });
    seen += data.length;
    log(`customers: page ${page}, ${data.length} customer${data.length === 1 ? '' : 's'}${hasMore ? ', more to come' : ', the last page'}`);
    if (!hasMore || data.length === 0) return;
    startingAfter = data[data.length - 1]!.id;
  }
  log(`customers: stopped after ${maxPages} pages (${seen} customers)`);
}
