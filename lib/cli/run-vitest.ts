// Runs vitest programmatically (the CLI owns the flags; vitest only sees the project) and returns
// what the Collector gathered. The target reaches the workers through env.
//
// The conformance checks are one test file (suites/conformance.test.ts), run in one worker: it
// schedules them as runChecks does in-process (those that can share the target a few at once,
// then the exclusive ones alone: lib/checks/vitest.ts), in one vitest run. Two runs (a phase for
// each kind of check) cost a worker stopped and another started between them, and each area's file
// waited for its own slowest check while the worker had room for others.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createVitest, type Reporter, type Vitest } from 'vitest/node';
import type { CheckResult } from '../checks/types.js';
import type { SelfTestResult } from '../report/junit.js';
import { AsyncResultsWriter, allureReporter } from './allure-reporter.js';
import { Collector, type Progress } from './collector.js';

export interface VitestRunInput {
  root: string;
  project: 'unit' | 'suites';
  /** Set in process.env for the run's duration (workers inherit it). */
  env: Record<string, string | undefined>;
  /** Where allure-vitest writes its results; omitted = no allure reporter. */
  allureResultsDir?: string;
  onProgress?: (p: Progress) => void;
  /** Called every few seconds with the latest progress (heartbeat lines in CI). */
  onTick?: (p: Progress) => void;
  /**
   * Stops the run (a signal, or just after the deadline): vitest cancels it, so each running
   * check sees its test's signal and ends at once with its evidence; what still runs
   * FORCE_STOP_AFTER_MS later is ended by force (its worker process is killed).
   */
  signal?: AbortSignal;
}

/** How long a stopped run's checks get to end on their own before their workers are killed, ms. */
export const FORCE_STOP_AFTER_MS = 8_000;
/** How long closing vitest may take after a stop before the CLI carries on without it, ms. */
const CLOSE_AFTER_STOP_MS = 10_000;

export interface VitestRun {
  /** Conformance check results, in the order their tests ended (those sharing the target, then the exclusive ones). */
  checks: CheckResult[];
  selfTests: SelfTestResult[];
  errors: string[];
  /** The run was stopped through `signal` (what it did not get to has no result). */
  stopped: boolean;
}

/**
 * Where vitest keeps the modules it transformed for the workers between runs (its
 * experimental.fsModuleCache, keyed by each file's content and the config): a run then reads
 * them instead of transforming every module again in the CLI's process, which also serves the
 * embedded reference server. Beside the suite (node_modules/.cache); none when that is not writable.
 */
export function moduleCacheDir(root: string): string | undefined {
  const dir = path.join(root, 'node_modules', '.cache', 'dinie-conformance-vitest');
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
    return dir;
  } catch {
    return undefined;
  }
}

async function runTests(vitest: Vitest, run: () => Promise<unknown>, errors: string[], stopped: () => boolean = () => false): Promise<void> {
  try {
    await run();
  } catch (e) {
    // No test file matched the filters: the CLI says so itself (no check found).
    if ((e as { code?: string })?.code === 'VITEST_FILES_NOT_FOUND') return;
    // A stopped run's cancellation is no error of its own.
    if (stopped()) return;
    errors.push(`vitest: ${(e as Error)?.message ?? String(e)}`);
    vitest.logger.printError(e, { fullStack: true, type: 'Unhandled Error' });
  }
}

export async function runVitest(input: VitestRunInput): Promise<VitestRun> {
  const collector = new Collector(input.root, (p) => input.onProgress?.(p));
  const runErrors: string[] = [];
  const saved: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string | undefined) => {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  // What startVitest would set in this process (workers get them from vitest anyway).
  for (const [k, v] of Object.entries({ TEST: 'true', VITEST: 'true', NODE_ENV: process.env.NODE_ENV ?? 'test' })) setEnv(k, v);
  for (const [k, v] of Object.entries(input.env)) setEnv(k, v);
  const exitCode = process.exitCode;
  const ticker = input.onTick ? setInterval(() => input.onTick!(collector.snapshot()), 5_000) : undefined;
  ticker?.unref();
  let vitest: Vitest | undefined;
  const allureWriter = input.allureResultsDir ? new AsyncResultsWriter(input.allureResultsDir) : undefined;
  // Stopping: errors vitest reports after the stop (cancelled files, killed workers) are the
  // stop's doing, not the target's or the suite's: they are left out.
  let stopped = false;
  let errorsAtStop = { run: 0, collector: 0 };
  let forceTimer: NodeJS.Timeout | undefined;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    errorsAtStop = { run: runErrors.length, collector: collector.errors.length };
    const v = vitest;
    if (!v) return;
    void v.cancelCurrentRun('keyboard-input').catch(() => undefined);
    // A second cancel forces: the workers still running are killed.
    forceTimer = setTimeout(() => void v.cancelCurrentRun('keyboard-input').catch(() => undefined), FORCE_STOP_AFTER_MS);
    forceTimer.unref();
  };
  input.signal?.addEventListener('abort', stopNow, { once: true });
  try {
    const reporters: Reporter[] = [collector];
    if (allureWriter) reporters.push(allureReporter(allureWriter));
    const before = { SIGINT: new Set(process.listeners('SIGINT')), SIGTERM: new Set(process.listeners('SIGTERM')) };
    const cacheDir = moduleCacheDir(input.root);
    vitest = await createVitest('test', {
      root: input.root,
      ...(cacheDir ? { experimental: { fsModuleCache: true, fsModuleCachePath: cacheDir } } : {}),
      // The config imported as it is, not bundled by esbuild into a temporary file beside it: the
      // npm package's is compiled (and may sit where the user cannot write), and in the repository
      // the CLI runs under tsx, whose hooks import TypeScript (~0.1 s less to create vitest). Not
      // inside a vitest worker (a test calling the CLI in-process), where nothing imports TypeScript natively.
      ...(process.env.VITEST_WORKER_ID === undefined || import.meta.url.endsWith('.js') ? { configLoader: 'native' as const } : {}),
      run: true,
      watch: false,
      // The self-tests: those that may share the machine, then those timing themselves (vitest.config.ts).
      project: input.project === 'unit' ? ['unit', 'unit-serial'] : [input.project],
      reporters,
      passWithNoTests: true,
    });
    // Vitest's logger ends the process on SIGINT/SIGTERM; when the CLI handles signals itself (it
    // stops the run and still writes the reports), vitest's handlers are taken off again.
    if (input.signal) {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) {
        for (const l of process.listeners(sig)) if (!before[sig].has(l)) process.off(sig, l);
      }
    }
    const v = vitest;
    if (input.signal?.aborted) stopNow();
    // Stopped before anything ran: nothing to start.
    if (!stopped) {
      await runTests(
        v,
        () => v.start([]),
        runErrors,
        () => stopped,
      );
    }
  } finally {
    if (ticker) clearInterval(ticker);
    input.signal?.removeEventListener('abort', stopNow);
    if (stopped) {
      // Closing kills what still runs; it must not hold a stopped run up.
      await Promise.race([vitest?.close(), new Promise((r) => setTimeout(r, CLOSE_AFTER_STOP_MS).unref())]);
    } else {
      await vitest?.close();
    }
    clearTimeout(forceTimer);
    // Every allure result is on disk before the reports are written from them.
    await allureWriter?.flush().catch((e) => runErrors.push(`allure-results: ${(e as Error)?.message ?? String(e)}`));
    // Vitest sets process.exitCode on failures; the CLI decides the exit code itself.
    process.exitCode = exitCode;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const errors = stopped
    ? [...runErrors.slice(0, errorsAtStop.run), ...collector.errors.slice(0, errorsAtStop.collector)]
    : [...runErrors, ...collector.errors];
  return { checks: collector.checks, selfTests: collector.selfTests, errors, stopped };
}
