// Early skips: a check that can only be judged by driving the target skips before it spends
// requests building state it could not use.
import type { CheckContext } from '../checks/context.js';
import { CheckSkipped, type Lack, type Trigger } from '../checks/types.js';

/**
 * Makes sure every trigger the check needs can be produced (control API, or declared for the
 * target), before anything is created; otherwise one skip naming every missing trigger.
 */
export function requireTriggers(ctx: CheckContext, ...triggers: Trigger[]): void {
  const reasons: string[] = [];
  const lacks: Lack[] = [];
  for (const t of triggers) {
    try {
      ctx.driver.plan(t);
    } catch (e) {
      if (!(e instanceof CheckSkipped)) throw e;
      reasons.push(e.reason);
      lacks.push(...e.lacks);
    }
  }
  if (reasons.length) ctx.skip(reasons.join('; '), lacks);
}
