// Checks a run did not get to: the words every report uses for them, and their results. A check
// not run is skipped naming no lack, so no declaration excuses it: the run is incomplete and does
// not pass (decision 19).
import type { Check, CheckResult } from './types.js';

/** Set by the CLI for the vitest workers: the run's deadline, epoch ms, and how long it was, seconds. */
export const DEADLINE_AT_ENV = 'DINIE_DEADLINE_AT';
export const DEADLINE_ENV = 'DINIE_DEADLINE';

export interface RunDeadline {
  /** Epoch ms past which no check starts and running ones are cancelled. */
  at: number;
  /** The deadline as the user gave it, seconds (for the words). */
  seconds: number;
}

/** The run's deadline from the environment the CLI set, if any. */
export function readDeadline(env: Record<string, string | undefined> = process.env): RunDeadline | undefined {
  const at = Number(env[DEADLINE_AT_ENV]);
  if (!env[DEADLINE_AT_ENV] || !Number.isFinite(at) || at <= 0) return undefined;
  const seconds = Number(env[DEADLINE_ENV]);
  return { at, seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : Math.max(0, Math.round((at - Date.now()) / 1000)) };
}

/** `not run: the run's deadline (60 s) passed` */
export const deadlineNotRun = (seconds: number) => `not run: the run's deadline (${seconds} s) passed`;
/** `cancelled: the run's deadline (60 s) passed while it ran` (its evidence so far is kept). */
export const deadlineCancelled = (seconds: number) => `cancelled: the run's deadline (${seconds} s) passed while it ran`;
/** `not run: the run was interrupted (SIGINT)` */
export const interruptedNotRun = (signal: string) => `not run: the run was interrupted (${signal})`;
/** What a worker says of a check it did not start because the run was stopping (the CLI adds the signal). */
export const INTERRUPTED_NOT_RUN = 'not run: the run was interrupted';
/** A check cancelled because the run was stopped while it ran (its evidence so far is kept). */
export const INTERRUPTED_CANCELLED = 'cancelled: the run was interrupted while it ran';

/** A check the run did not get to: skipped with the reason, no lacks, no evidence. */
export function notRunResult(check: Pick<Check, 'id' | 'level' | 'area' | 'title' | 'source'>, message: string): CheckResult {
  return {
    id: check.id,
    level: check.level,
    area: check.area,
    title: check.title,
    source: check.source,
    outcome: 'skipped',
    message,
    lacks: [],
    evidence: { exchanges: [], notes: [] },
    durationMs: 0,
  };
}
