// What a run cut short says, the same for a server run and a receiver certification: the words of
// its checks that did not run or were cancelled (a signal, or the deadline) and the console line
// counting them. The checks' runners say "interrupted" without knowing why the run stopped (a
// vitest worker does not know which signal came, nor whether the CLI stopped it for the deadline).
import { deadlineCancelled, deadlineNotRun, INTERRUPTED_CANCELLED, INTERRUPTED_NOT_RUN, interruptedNotRun } from '../checks/not-run.js';
import type { CheckResult } from '../checks/types.js';
import type { StopSignal } from './stop.js';

export interface HowStopped {
  /** The signal that interrupted the run, if one did (otherwise the deadline stopped it). */
  interrupted: StopSignal | undefined;
  /** --deadline, seconds. */
  deadlineS: number;
}

/** Why a check was not run: the signal, else the deadline. */
export const notRunReason = (how: HowStopped): string => (how.interrupted ? interruptedNotRun(how.interrupted) : deadlineNotRun(how.deadlineS));

/** The results with the runners' words for a stop made the run's: which signal, or the deadline. */
export function withStopWords(checks: readonly CheckResult[], how: HowStopped): CheckResult[] {
  return checks.map((c) => {
    if (c.outcome !== 'skipped') return c;
    if (c.message === INTERRUPTED_NOT_RUN) return { ...c, message: notRunReason(how) };
    if (c.message === INTERRUPTED_CANCELLED && !how.interrupted) return { ...c, message: deadlineCancelled(how.deadlineS) };
    return c;
  });
}

/** The console line of a run cut short, or undefined when nothing was cut. */
export function stoppedLine(checks: readonly CheckResult[], how: HowStopped): string | undefined {
  const skipped = (re: RegExp) => checks.filter((c) => c.outcome === 'skipped' && re.test(c.message ?? '')).length;
  const notRun = skipped(/^not run: /);
  const cancelled = skipped(/^cancelled: /);
  if (how.interrupted)
    return `interrupted (${how.interrupted}): ${checks.length - notRun - cancelled} checks ran, ${cancelled} were cancelled, ${notRun} were not run`;
  if (notRun + cancelled) return `the run's deadline (${how.deadlineS} s) passed: ${notRun} checks were not run, ${cancelled} were cancelled while running`;
  return undefined;
}
