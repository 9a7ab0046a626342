// What ends a run early: SIGINT / SIGTERM (the run stops promptly and writes reports marked
// INTERRUPTED, exit code 130 / 143), or its deadline (the workers start no check after it and
// cancel the running ones; `graceMs` later the CLI stops vitest, so no further file is started).
// A second signal a moment later ends the process at once.

export type StopSignal = 'SIGINT' | 'SIGTERM';

/** 128 + the signal's number, as shells report a process a signal ended. */
export const SIGNAL_EXIT_CODE: Record<StopSignal, number> = { SIGINT: 130, SIGTERM: 143 };

/** Signals within this long of the first are the same interruption, ms. */
const REPEAT_WINDOW_MS = 1_000;

/**
 * How long after the deadline the CLI stops vitest, ms: the workers cancel their running checks at
 * the deadline themselves (those report `cancelled`, with their evidence); stopping vitest then
 * keeps it from starting further test files only to report their checks as not run.
 */
export const DEADLINE_GRACE_MS = 2_000;

export interface RunStop {
  /** Aborts on the first signal, or `graceMs` after the deadline. */
  readonly signal: AbortSignal;
  /** The signal that interrupted the run, if one did. */
  interrupted(): StopSignal | undefined;
  /** The deadline has passed (checks after it are not run). */
  deadlinePassed(): boolean;
  /** Moves the deadline `ms` later (time the run spent on its own work, not on the target). */
  postpone(ms: number): void;
  /** Resolves when a signal arrives (never otherwise). */
  readonly onSignal: Promise<StopSignal>;
  dispose(): void;
}

export interface WatchOptions {
  /** Epoch ms. */
  deadlineAt: number;
  graceMs?: number;
  /** Told once, when the first signal arrives (e.g. to print a line). */
  notify?: (signal: StopSignal) => void;
  /** Where signals come from (tests pass an EventEmitter). */
  source?: Pick<NodeJS.Process, 'on' | 'off'>;
  /** Ends the process at once on a second signal (tests replace it). */
  exit?: (code: number) => void;
}

export function watchRun(opts: WatchOptions): RunStop {
  const controller = new AbortController();
  const source = opts.source ?? process;
  let interrupted: StopSignal | undefined;
  let resolveSignal: (s: StopSignal) => void = () => {};
  const onSignal = new Promise<StopSignal>((r) => (resolveSignal = r));
  let firstAt = 0;
  const handler = (signal: StopSignal) => {
    if (interrupted) {
      // One Ctrl-C can arrive more than once (the terminal signals the whole process group, and
      // npm and tsx relay it too): only a second one a moment later means "quit now".
      if (Date.now() - firstAt >= REPEAT_WINDOW_MS) (opts.exit ?? ((code) => process.exit(code)))(SIGNAL_EXIT_CODE[signal]);
      return;
    }
    interrupted = signal;
    firstAt = Date.now();
    opts.notify?.(signal);
    controller.abort(Object.assign(new Error(`interrupted (${signal})`), { name: 'RunInterrupted' }));
    resolveSignal(signal);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  source.on('SIGINT', onInt);
  source.on('SIGTERM', onTerm);
  let deadlineAt = opts.deadlineAt;
  const arm = () =>
    setTimeout(
      () => {
        controller.abort(Object.assign(new Error("the run's deadline passed"), { name: 'RunDeadline' }));
      },
      Math.max(0, deadlineAt - Date.now() + (opts.graceMs ?? DEADLINE_GRACE_MS)),
    ).unref();
  let hardStop = arm();
  return {
    signal: controller.signal,
    interrupted: () => interrupted,
    deadlinePassed: () => Date.now() >= deadlineAt,
    postpone(ms: number) {
      if (controller.signal.aborted) return;
      deadlineAt += Math.max(0, ms);
      clearTimeout(hardStop);
      hardStop = arm();
    },
    onSignal,
    dispose() {
      clearTimeout(hardStop);
      source.off('SIGINT', onInt);
      source.off('SIGTERM', onTerm);
    },
  };
}
