// Which judgements are a check's own. Those made while building the state a check starts from (a
// customer registered, a loan created, a list read) are its preconditions: they still fail the
// check when the target breaks them, but they are counted apart, so a check whose own judging found
// nothing (an empty list walked, no 201 seen) is not passed on the strength of its setup.
import { AsyncLocalStorage } from 'node:async_hooks';

const building = new AsyncLocalStorage<true>();

/**
 * Wraps a step that builds state (lib/flows): whatever it judges, and whatever runs from it, counts
 * as a precondition of the check that called it. Async context, so steps running side by side in one
 * check do not mark each other's judgements.
 */
export function precondition<F extends (...args: never[]) => Promise<unknown>>(step: F): F {
  return ((...args: Parameters<F>) => building.run(true, () => step(...args))) as F;
}

/** Whether the caller runs inside a precondition step. */
export function inPrecondition(): boolean {
  return building.getStore() === true;
}
