// Which contract revision does the target speak? (decision 18) A cheap probe at start-up, after the
// preflight: one customer of a stateful target, told by customerRevisionOf. A target that appears
// to speak the other revision than the one chosen ends the run before any check (exit 2, one
// sentence naming the --contract to run with); one that tells nothing, or whose customer cannot be
// read, lets the run go on with a note. The probe never fails a run for a reason of its own.
//
// judgeRevision is pure; probeRevision adds at most three requests through a client the caller
// gives (a fake in tests): GET /customers?limit=1, and, where the suite owns the data (the embedded
// reference server) and the list is empty, POST /customers and GET /customers/{id}.
import { type ContractRevision, type ContractRevisionName, customerRevisionSigns, type RevisionSign } from '../spec/revisions.js';
import { probeCustomerBody, probeIdempotency } from './detect.js';

/** The few requests the probe makes, paths relative to the target's base URL (ApiClient fits). */
export interface RevisionProbeClient {
  request(req: {
    method: 'GET' | 'POST';
    path: string;
    query?: Record<string, string | number>;
    json?: unknown;
    idempotencyKey?: string;
    headers?: Record<string, string>;
  }): Promise<{ status: number; body: unknown }>;
}

/** What the probe saw: a revision, `unknown` (nothing tells, or signs of both) or `unread` (no customer read). */
export type RevisionSeen = ContractRevisionName | 'unknown' | 'unread';

export interface RevisionProbeResult {
  seen: RevisionSeen;
  /** false: the run stops before any check, exit code 2, with `message`. */
  proceed: boolean;
  /** The sentence that stops the run, a note for the console, or absent (the target speaks the revision chosen). */
  message?: string;
  /** The signs the customer carried (for tests and notes). */
  signs: RevisionSign[];
}

const signWords = (signs: RevisionSign[]) => signs.map((s) => s.sign).join(', ');
/** The most telling sign (KYC items first, then status, then timestamps), for a sentence. */
const firstSign = (signs: RevisionSign[]) => signs[0]!.sign;

/**
 * The verdict on one customer of target `target` (its name as the console shows it) when the
 * `chosen` revision was asked for. Pure.
 */
export function judgeRevision(target: string, chosen: ContractRevision, customer: unknown): RevisionProbeResult {
  const signs = customerRevisionSigns(customer);
  const revisions = [...new Set(signs.map((s) => s.revision))];
  if (revisions.length === 0) {
    return {
      seen: 'unknown',
      proceed: true,
      signs,
      message: `note: a customer of target ${target} carries no sign of either contract revision (KYC items, status, timestamps), so which one it speaks is not told; the run goes on with the ${chosenWords(chosen)}.`,
    };
  }
  if (revisions.length > 1) {
    const by = (r: ContractRevisionName) => `${r}: ${signWords(signs.filter((s) => s.revision === r))}`;
    return {
      seen: 'unknown',
      proceed: true,
      signs,
      message: `note: a customer of target ${target} carries signs of both contract revisions (${revisions.map(by).join('; ')}), so which one it speaks is not told; the run goes on with the ${chosenWords(chosen)}.`,
    };
  }
  const seen = revisions[0]!;
  if (chosen === 'custom') {
    return {
      seen,
      proceed: true,
      signs,
      message: `note: target ${target} appears to speak the ${seen} revision of the contract (its customers' ${firstSign(signs)}); the contract chosen is another document, so the run goes on with it.`,
    };
  }
  if (seen === chosen) return { seen, proceed: true, signs };
  return {
    seen,
    proceed: false,
    signs,
    message: `Target ${target} appears to speak the ${seen} revision of the contract (its customers' ${firstSign(signs)}), but the ${chosen} revision was chosen: run with --contract ${seen}, or point at a target that speaks ${chosen}.`,
  };
}

/** The run goes on when no customer could be read: the probe is no source of errors. Pure. */
export function unreadRevision(target: string, chosen: ContractRevision, why: string): RevisionProbeResult {
  return {
    seen: 'unread',
    proceed: true,
    signs: [],
    message: `note: which contract revision target ${target} speaks was not probed (${why}); the run goes on with the ${chosenWords(chosen)}.`,
  };
}

function chosenWords(chosen: ContractRevision): string {
  return chosen === 'custom' ? 'contract document chosen' : `${chosen} revision`;
}

export interface ProbeRevisionOptions {
  /** The target's name as the console shows it. */
  target: string;
  chosen: ContractRevision;
  /**
   * What the statefulness probe (detectStateful) already found: the customer it read back, or why
   * it read none. Either way no request is made: the probe asks a target one time only.
   */
  probed?: { customer: unknown } | { unread: string };
  /** Reads (and, with `mayCreate`, creates) a customer; absent: nothing is read. */
  client?: RevisionProbeClient;
  /** The suite owns the target's data (the embedded reference server): an empty list may be filled with one probe customer. */
  mayCreate?: boolean;
}

/** One customer of the target (or why none was read); never throws. */
export async function readOneCustomer(client: RevisionProbeClient, mayCreate = false): Promise<{ customer: unknown } | { why: string }> {
  try {
    const list = await client.request({ method: 'GET', path: '/customers', query: { limit: 1 } });
    if (list.status !== 200) return { why: `GET /customers answered ${list.status}` };
    const data = (list.body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) return { why: 'GET /customers answered no list' };
    if (data.length > 0) return { customer: data[0] };
    if (!mayCreate) return { why: 'the target has no customer to read' };
    const created = await client.request({ method: 'POST', path: '/customers', json: probeCustomerBody(), ...probeIdempotency() });
    const id = (created.body as { id?: unknown } | null)?.id;
    if (created.status >= 300 || typeof id !== 'string') return { why: `POST /customers answered ${created.status}` };
    const read = await client.request({ method: 'GET', path: `/customers/${encodeURIComponent(id)}` });
    return { customer: read.status === 200 ? read.body : created.body };
  } catch (e) {
    return { why: `reading a customer failed: ${((e as Error)?.message ?? String(e)).split('\n')[0]}` };
  }
}

/** The start-up probe: the customer given, or one read through the client, judged. Never throws. */
export async function probeRevision(opts: ProbeRevisionOptions): Promise<RevisionProbeResult> {
  if (opts.probed) {
    return 'customer' in opts.probed
      ? judgeRevision(opts.target, opts.chosen, opts.probed.customer)
      : unreadRevision(opts.target, opts.chosen, opts.probed.unread);
  }
  if (!opts.client) return unreadRevision(opts.target, opts.chosen, 'no credentials to read a customer with');
  const read = await readOneCustomer(opts.client, opts.mayCreate);
  return 'customer' in read ? judgeRevision(opts.target, opts.chosen, read.customer) : unreadRevision(opts.target, opts.chosen, read.why);
}
