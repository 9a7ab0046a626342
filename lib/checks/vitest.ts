// Vitest glue for suites/<area>/<area>.test.ts: one vitest test per check, one context per file.
// The outcome travels to the CLI's reporter in `task.meta.conformance`; a failed check is red, a
// skipped one is skipped with its reason, a warning passes (the report shows it).
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, test } from 'vitest';
import { getCurrentSuite } from 'vitest/suite';
import { type ResolvedTarget, resolveTarget } from '../targets/resolve.js';
import { decodeTargetSpec, TARGET_ENV, type TargetSpec } from '../targets/types.js';
import { labelWithAllure } from './allure-labels.js';
import { type ContextFactory, createContext } from './create-context.js';
import { deadlineNotRun, notRunResult, readDeadline } from './not-run.js';
import { readRunSettings, selectChecks } from './run-settings.js';
import { checkBudgetMs, isExclusive, MAX_PAUSE_EXTENSION_MS, runCheck } from './runner.js';
import type { Check, CheckResult } from './types.js';

declare module 'vitest' {
  interface TaskMeta {
    /** The check's outcome with its evidence (read by the CLI's reporter via `testCase.meta()`). */
    conformance?: CheckResult;
    /**
     * On a suite file run in the `shared` phase: the ids of its selected checks that it left for
     * the `exclusive` phase (read by the CLI to know which files that phase runs).
     */
    exclusiveDeferred?: string[];
  }
}

/**
 * Which of a file's checks it registers, set by the CLI, which runs the suites twice: `shared`
 * (every check but the exclusive ones; files in parallel), then `exclusive` (only those; one file
 * at a time, so each runs with nothing else in flight). Unset (plain `npx vitest`): all of them,
 * and nothing keeps the exclusive ones apart from files running in parallel: use the CLI.
 */
export const PHASE_ENV = 'DINIE_PHASE';
export type Phase = 'shared' | 'exclusive';

export function readPhase(env: Record<string, string | undefined> = process.env): Phase | undefined {
  const v = env[PHASE_ENV];
  if (v === undefined || v === '') return undefined;
  if (v === 'shared' || v === 'exclusive') return v;
  throw new Error(`${PHASE_ENV} must be "shared" or "exclusive", not "${v}"`);
}

/** The checks a phase runs, in their order; every check belongs to exactly one phase. */
export function checksOfPhase(checks: Check[], phase: Phase | undefined): Check[] {
  if (!phase) return checks;
  return checks.filter((c) => isExclusive(c) === (phase === 'exclusive'));
}

export function registerChecks(checks: Check[]): void {
  const settings = readRunSettings();
  const phase = readPhase();
  // The run's deadline (set by the CLI): a check that would start after it is reported as not run,
  // one running when it passes is cancelled by the runner.
  const deadline = readDeadline();
  const chosen = selectChecks(checks, settings.only);
  const selected = checksOfPhase(chosen, phase);
  let factory: ContextFactory | undefined;
  let local: ResolvedTarget | undefined;
  let spec: TargetSpec | undefined;
  // The file's checks run ahead, a few at once, as runChecks runs them in-process (a check spends
  // much of its time waiting on the target, more so on one that moves by itself); vitest's tests
  // stay sequential, each awaiting its own result, so reports and Allure labels are those of a
  // normal run. Exclusive checks never run ahead, and start only once the ones ahead have ended.
  const ahead = new Map<string, Promise<CheckResult>>();
  const fileRun = new AbortController();
  // Every check running ahead listens on it, and so does each of their requests.
  setMaxListeners(0, fileRun.signal);

  if (phase === 'shared') {
    const deferred = checksOfPhase(chosen, 'exclusive').map((c) => c.id);
    if (deferred.length) getCurrentSuite().file.meta.exclusiveDeferred = deferred;
  }
  if (!selected.length) {
    // A phased run (the CLI, with passWithNoTests) registers nothing: the checks belong to the
    // other phase, and a placeholder would show up in the results as a skipped test.
    if (!phase) test.skip('no check of this file is selected by DINIE_ONLY', () => {});
    return;
  }

  beforeAll(async () => {
    const encoded = process.env[TARGET_ENV];
    if (encoded) {
      spec = decodeTargetSpec(encoded);
    } else {
      // Plain `npx vitest`: no CLI resolved a target, so bring up the embedded reference server.
      local = await resolveTarget({ target: 'local' });
      spec = local.spec;
    }
    factory = await createContext(spec, settings);
    if (phase !== 'exclusive') {
      const ready = factory;
      runAhead(
        selected.filter((c) => !isExclusive(c)),
        AHEAD_CONCURRENCY,
        ahead,
        (c) => runCheck(c, ready, { ...(deadline ? { deadline } : {}), signal: fileRun.signal }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    fileRun.abort();
    await Promise.allSettled(ahead.values());
    await factory?.close();
    await local?.close();
  });

  for (const check of selected) {
    // vitest's own timeout sits above the runner's (the longest it can be, rate-limit waits
    // included), so the runner reports the overrun.
    const timeout = checkBudgetMs(check, settings.timeoutMs, 'wait') + MAX_PAUSE_EXTENSION_MS + 10_000;
    test(`${check.id} ${check.title}`, { timeout }, async (t) => {
      // Past the deadline a check not yet started is not run; one that ran ahead keeps its result
      // (runCheck itself did not start it after the deadline, or cancelled it there).
      if (deadline && Date.now() >= deadline.at && !ahead.has(check.id)) {
        const result = notRunResult(check, deadlineNotRun(deadline.seconds));
        t.task.meta.conformance = result;
        if (spec) await labelWithAllure(result, spec.name);
        t.skip(result.message);
      }
      if (!factory || !spec) throw new Error('the conformance context was not created (see beforeAll)');
      // The test's signal aborts when the run is cancelled (the CLI was interrupted): the check
      // ends at once with what it has, instead of holding the run up.
      const early = ahead.get(check.id);
      if (early) t.signal.addEventListener('abort', () => fileRun.abort(), { once: true });
      // An exclusive check (only in a run without phases) waits until nothing runs ahead.
      if (!early) await Promise.allSettled(ahead.values());
      const result = early ? await early : await runCheck(check, factory, { ...(deadline ? { deadline } : {}), signal: t.signal });
      t.task.meta.conformance = result;
      await labelWithAllure(result, spec.name);
      if (result.outcome === 'skipped') t.skip(result.message);
      if (result.outcome === 'failed') {
        const err = new Error(`${result.id} (${result.level}) ${result.message ?? 'failed'}`);
        err.stack = err.message; // the runner's stack says nothing about the target
        throw err;
      }
    });
  }
}

/** Checks of one file running at once (runChecks' default concurrency). */
const AHEAD_CONCURRENCY = 4;

/** Starts `run` for every check, at most `width` at a time, and files each promise under its id. */
function runAhead(checks: Check[], width: number, into: Map<string, Promise<CheckResult>>, run: (c: Check) => Promise<CheckResult>): void {
  let active = 0;
  const waiting: (() => void)[] = [];
  for (const check of checks) {
    into.set(
      check.id,
      (async () => {
        if (active >= width) await new Promise<void>((r) => waiting.push(r));
        active++;
        try {
          return await run(check);
        } finally {
          active--;
          waiting.shift()?.();
        }
      })(),
    );
  }
}
