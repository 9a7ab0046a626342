// Early skips: a check that can only be judged by driving the target skips before it spends
// requests building state it could not use.
import type { CheckContext } from '../checks/context.js';

/** Skips unless the driver speaks the simulation control API (a target in automatic mode does not). */
export function requireControl(ctx: CheckContext, step: string): void {
  if (ctx.driver.mode !== 'control') ctx.skip(`needs the simulation control API to ${step}`);
}
