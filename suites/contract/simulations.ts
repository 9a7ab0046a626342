// The simulations the contract checks made, with the loan terms each one promised. No operation
// reads a simulation back, so a 422 to a loan request can be tied to its simulation's state only
// when the suite made that simulation itself and kept the target's 201 (seed 004: only the latest
// simulation of an offer can be contracted, "Last Write Record", on the terms it gave).
import type { CheckContext } from '../../lib/checks/context.js';
import type { CreditOffer, Simulation } from '../../lib/flows/credit.js';
import { loanBody } from '../../lib/flows/loans.js';

export interface MadeSimulation {
  id: string;
  offerId: string;
  /** The loan-create members that repeat its terms (count, installment value, first due date), as the contract names them. */
  terms: Record<string, unknown>;
  /** Order made, per target: a later one on the same offer supersedes it. */
  seq: number;
}

const made = new Map<string, MadeSimulation>();
let seq = 0;
const key = (ctx: CheckContext, id: string) => `${ctx.target.baseUrl}|${id}`;

/** Remembers a simulation the target created (its 201 body) on `offer`. */
export function recordSimulation(ctx: CheckContext, offer: CreditOffer, sim: Simulation): void {
  const { credit_offer_id: _o, simulation_id: _s, ...terms } = loanBody(offer, sim, ctx);
  made.set(key(ctx, sim.id), { id: sim.id, offerId: offer.id, terms, seq: ++seq });
}

/** The simulation `id` when the suite made it on this target. */
export function madeSimulation(ctx: CheckContext, id: unknown): MadeSimulation | undefined {
  return typeof id === 'string' ? made.get(key(ctx, id)) : undefined;
}

/** A simulation the suite made on the same offer after `sim` (which makes `sim` no longer the latest). */
export function laterSimulation(ctx: CheckContext, sim: MadeSimulation): MadeSimulation | undefined {
  const prefix = `${ctx.target.baseUrl}|`;
  for (const [k, s] of made) if (k.startsWith(prefix) && s.offerId === sim.offerId && s.seq > sim.seq) return s;
  return undefined;
}
