// The loan state machine of seed 004 (· Lifecycle) as decided in decisions.md (loan states):
// processing → contract_generated → awaiting_signatures → signed → disbursing → active → finished;
// `cancelled` and `error` from any state before `active`. Nothing else is a legal move.
import { type OpenApiDocument, schemaObject } from '../spec/openapi.js';

export const LOAN_HAPPY_PATH = ['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished'] as const;

export const LOAN_STATUSES = [...LOAN_HAPPY_PATH, 'cancelled', 'error'] as const;
export type LoanStatus = (typeof LOAN_STATUSES)[number];

const BEFORE_ACTIVE: ReadonlySet<string> = new Set(['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing']);

/** Allowed moves: status → the statuses it may move to in one step. */
export type LoanTransitions = ReadonlyMap<string, ReadonlySet<string>>;

/** The machine above, for contracts that don't state their own. */
export const SEED_LOAN_TRANSITIONS: LoanTransitions = new Map(
  LOAN_STATUSES.map((from) => {
    const i = (LOAN_HAPPY_PATH as readonly string[]).indexOf(from);
    const next = i >= 0 && i + 1 < LOAN_HAPPY_PATH.length ? [LOAN_HAPPY_PATH[i + 1]] : [];
    return [from, new Set<string>([...next, ...(BEFORE_ACTIVE.has(from) ? ['cancelled', 'error'] : [])])];
  }),
);

/**
 * The moves the contract itself states (`x-transitions` on the LoanStatus schema), so a revised
 * lifecycle is judged by its own document; the seed machine where the document states none.
 */
export function loanTransitions(contract?: { document?: OpenApiDocument }): LoanTransitions {
  const stated = schemaObject(contract?.document?.components?.schemas?.LoanStatus)['x-transitions'];
  if (!stated || typeof stated !== 'object') return SEED_LOAN_TRANSITIONS;
  return new Map(Object.entries(stated as Record<string, unknown>).map(([from, to]) => [from, new Set(Array.isArray(to) ? to.map(String) : [])]));
}

export function isLoanStatus(s: unknown): s is LoanStatus {
  return typeof s === 'string' && (LOAN_STATUSES as readonly string[]).includes(s);
}

/** Whether one step `from` → `to` is allowed (staying put is not a step). */
export function isAllowedLoanTransition(from: string, to: string, transitions: LoanTransitions = SEED_LOAN_TRANSITIONS): boolean {
  return transitions.get(from)?.has(to) ?? false;
}

/**
 * Whether `to` may be observed after `from` when intermediate states could have been missed
 * (polling): some chain of allowed moves leads there.
 */
export function isReachableLoanStatus(from: string, to: string, transitions: LoanTransitions = SEED_LOAN_TRANSITIONS): boolean {
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length) {
    const at = queue.shift()!;
    if (at === to) return true;
    for (const next of transitions.get(at) ?? []) if (!seen.has(next)) seen.add(next), queue.push(next);
  }
  return false;
}

/** Illegal steps in an observed sequence of statuses (consecutive duplicates collapsed). */
export function illegalLoanSteps(
  observed: readonly string[],
  { gapsAllowed = false, transitions = SEED_LOAN_TRANSITIONS }: { gapsAllowed?: boolean; transitions?: LoanTransitions } = {},
): string[] {
  const seq = observed.filter((s, i) => i === 0 || observed[i - 1] !== s);
  const bad: string[] = [];
  for (let i = 1; i < seq.length; i++) {
    const ok = gapsAllowed ? isReachableLoanStatus(seq[i - 1]!, seq[i]!, transitions) : isAllowedLoanTransition(seq[i - 1]!, seq[i]!, transitions);
    if (!ok) bad.push(`${seq[i - 1]} → ${seq[i]}`);
  }
  return bad;
}

export type Presence = 'set' | 'null' | 'any';

/**
 * Which lifecycle fields a loan in `status` carries, per seed 004 (Create a loan / Retrieve a loan):
 * `ccb_number` "null until the contract is generated"; `signing_url` "present only during
 * contract_generated and awaiting_signatures"; `disbursement_method` "null until disbursement";
 * `net_amount` "null until calculated", available after disbursement (the create example has it null).
 * Terminal exits (cancelled, error) may happen at any earlier stage, so only `signing_url` is judged.
 */
export function loanFieldPresence(status: string): Record<'ccb_number' | 'signing_url' | 'disbursement_method' | 'net_amount', Presence> {
  const stage = (LOAN_HAPPY_PATH as readonly string[]).indexOf(status);
  if (stage < 0) return { ccb_number: 'any', signing_url: 'null', disbursement_method: 'any', net_amount: 'any' };
  const at = (name: string) => (LOAN_HAPPY_PATH as readonly string[]).indexOf(name);
  return {
    ccb_number: stage >= at('contract_generated') ? 'set' : 'null',
    signing_url: stage === at('contract_generated') || stage === at('awaiting_signatures') ? 'set' : 'null',
    disbursement_method: stage >= at('disbursing') ? 'set' : 'null',
    net_amount: stage >= at('active') ? 'set' : stage === 0 ? 'null' : 'any',
  };
}

/** Fields of `loan` that break `loanFieldPresence` for its status, in words. */
export function loanFieldViolations(loan: Record<string, unknown>): string[] {
  const rules = loanFieldPresence(String(loan.status));
  const out: string[] = [];
  for (const [field, want] of Object.entries(rules)) {
    const v = loan[field];
    if (want === 'set' && (v === null || v === undefined || v === '')) out.push(`${field} must be set while ${loan.status}, got ${JSON.stringify(v)}`);
    if (want === 'null' && v !== null) out.push(`${field} must be null while ${loan.status}, got ${JSON.stringify(v)}`);
  }
  return out;
}

/**
 * The loan.* event that announces entering `status` (seed 004 · Webhooks). Given the contract, as
 * its document declares it: `loan.created` for the status a loan starts in (LoanStatus
 * x-transitions), else `loan.<status>` when the document has that event (the SDK revision has no
 * event for awaiting_signatures after creation, none for signed or disbursing).
 */
export function loanEventFor(status: string, contract?: { document?: OpenApiDocument; events?: string[] }): string | undefined {
  if (contract?.events) {
    const stated = schemaObject(contract.document?.components?.schemas?.LoanStatus);
    const start = Array.isArray(stated.enum) ? String(stated.enum[0]) : 'processing';
    if (status === start) return 'loan.created';
    return contract.events.includes(`loan.${status}`) ? `loan.${status}` : undefined;
  }
  return status === 'processing' ? 'loan.created' : isLoanStatus(status) ? `loan.${status}` : undefined;
}
