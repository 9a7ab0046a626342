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
  /** Order made in the run: a later one on the same offer supersedes it. */
  seq: number;
}

/** This run's simulations by id, in the order made (ctx.perRun: another run, or a later server on the same port, starts empty). */
interface Made {
  byId: Map<string, MadeSimulation>;
  seq: number;
}

const madeThisRun = (ctx: CheckContext) => ctx.perRun<Made>('contract-simulations', async () => ({ byId: new Map(), seq: 0 }));

/** Remembers a simulation the target created (its 201 body) on `offer`. */
export async function recordSimulation(ctx: CheckContext, offer: CreditOffer, sim: Simulation): Promise<void> {
  const { credit_offer_id: _o, simulation_id: _s, ...terms } = loanBody(offer, sim, ctx);
  const made = await madeThisRun(ctx);
  made.byId.set(sim.id, { id: sim.id, offerId: offer.id, terms, seq: ++made.seq });
}

/** The simulation `id` when the suite made it in this run. */
export async function madeSimulation(ctx: CheckContext, id: unknown): Promise<MadeSimulation | undefined> {
  return typeof id === 'string' ? (await madeThisRun(ctx)).byId.get(id) : undefined;
}

/** A simulation the suite made on the same offer after `sim` (which makes `sim` no longer the latest). */
export async function laterSimulation(ctx: CheckContext, sim: MadeSimulation): Promise<MadeSimulation | undefined> {
  for (const s of (await madeThisRun(ctx)).byId.values()) if (s.offerId === sim.offerId && s.seq > sim.seq) return s;
  return undefined;
}
