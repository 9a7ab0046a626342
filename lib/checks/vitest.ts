// Vitest glue for suites/conformance.test.ts: one vitest test per check, one context per file (the
// catalogue is one file, so one context and one schedule for the whole run, as runChecks has
// in-process). The outcome travels to the CLI's reporter in `task.meta.conformance`; a failed check
// is red, a skipped one is skipped with its reason, a warning passes (the report shows it).
import { setMaxListeners } from 'node:events';
import { afterAll, beforeAll, test } from 'vitest';
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
  }
}

/**
 * The checks in the order their tests are registered: those that can share the target first, then
 * the exclusive ones (`isExclusive`: they move the target's one clock or exhaust a rate limit).
 * Every shared check runs ahead, so by the time the first exclusive test starts, each shared test
 * before it has awaited its result and nothing is left in flight.
 */
export function inRunOrder(checks: Check[]): Check[] {
  return [...checks.filter((c) => !isExclusive(c)), ...checks.filter((c) => isExclusive(c))];
}

export function registerChecks(checks: Check[]): void {
  const settings = readRunSettings();
  // The run's deadline (set by the CLI): a check that would start after it is reported as not run,
  // one running when it passes is cancelled by the runner.
  const deadline = readDeadline();
  const selected = inRunOrder(selectChecks(checks, settings.only));
  let factory: ContextFactory | undefined;
  let local: ResolvedTarget | undefined;
  let spec: TargetSpec | undefined;
  // The file's checks run ahead, a few at once, as runChecks runs them in-process (a check spends
  // much of its time waiting on the target, more so on one that moves by itself); vitest's tests
  // stay sequential, each awaiting its own result, so reports and Allure labels are those of a
  // normal run. Exclusive checks never run ahead, and start only once the ones ahead have ended:
  // with nothing else in flight, provided no other file runs checks beside this one (the CLI runs
  // the one file, suites/conformance.test.ts).
  const ahead = new Map<string, Promise<CheckResult>>();
  const fileRun = new AbortController();
  // Every check running ahead listens on it, and so does each of their requests.
  setMaxListeners(0, fileRun.signal);

  if (!selected.length) {
    test.skip('no check of this file is selected by DINIE_ONLY', () => {});
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
    const ready = factory;
    runAhead(
      selected.filter((c) => !isExclusive(c)),
      AHEAD_CONCURRENCY,
      ahead,
      (c) => runCheck(c, ready, { ...(deadline ? { deadline } : {}), signal: fileRun.signal }),
    );
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
      // An exclusive check starts only once nothing runs ahead (registered last, it finds them settled).
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
