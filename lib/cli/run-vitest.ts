// Runs vitest programmatically (the CLI owns the flags; vitest only sees project and name
// filters) and returns what the Collector gathered. The target reaches the workers through env.
//
// The suites run in two phases on one Vitest instance (config, Vite server and transform cache are
// set up once): `shared` runs every check that can share the target, files in parallel; then
// `exclusive` runs only the checks that disturb everything running beside them (they move the
// target's one clock or exhaust a rate limit: `isExclusive`), one file at a time. Each suite file
// registers only its checks of the phase named by DINIE_PHASE, so every check runs (and is
// reported, Allure included) exactly once; the first phase tells which files the second must run.
import { accessSync, constants, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createVitest, type Reporter, type TestModule, type TestSpecification, type Vitest } from 'vitest/node';
import type { CheckResult } from '../checks/types.js';
import type { Phase } from '../checks/vitest.js';
import type { SelfTestResult } from '../report/junit.js';
import { AsyncResultsWriter, allureReporter } from './allure-reporter.js';
import { Collector, type Progress } from './collector.js';

/** Read by registerChecks (lib/checks/vitest.ts: PHASE_ENV); not imported so vitest loads lazily. */
const PHASE_ENV = 'DINIE_PHASE';

export interface VitestRunInput {
  root: string;
  project: 'unit' | 'suites';
  /** File filters, e.g. `suites/auth/`. */
  files?: string[];
  testNamePattern?: string;
  /** Set in process.env for the run's duration (workers inherit it). */
  env: Record<string, string | undefined>;
  /** Where allure-vitest writes its results; omitted = no allure reporter. */
  allureResultsDir?: string;
  onProgress?: (p: Progress) => void;
  /** One test file at a time: each suite file starts its own webhook receiver, and a fixed
   *  `--webhook-port` can only be listened on by one of them at once. */
  sequential?: boolean;
  /** Two phases (conformance checks): shared checks first, then the exclusive ones alone. */
  phased?: boolean;
  /** Called every few seconds with the latest progress (heartbeat lines in CI). */
  onTick?: (p: Progress) => void;
  /**
   * Stops the run (a signal, or just after the deadline): vitest cancels it, so each running
   * check sees its test's signal and ends at once with its evidence; what still runs
   * FORCE_STOP_AFTER_MS later is ended by force (its worker process is killed). No phase starts after.
   */
  signal?: AbortSignal;
  /** Epoch ms: the exclusive phase does not start after it (its checks are then not run). */
  deadlineAt?: number;
}

/** How long a stopped run's checks get to end on their own before their workers are killed, ms. */
export const FORCE_STOP_AFTER_MS = 8_000;
/** How long closing vitest may take after a stop before the CLI carries on without it, ms. */
const CLOSE_AFTER_STOP_MS = 10_000;

/** One phase of a phased run: the files it ran (relative to root), in order, and how long it took. */
export interface PhaseRun {
  phase: Phase;
  files: string[];
  /** Ids of the checks whose results came from this phase, in the order they finished. */
  checks: string[];
  ms: number;
}

export interface VitestRun {
  /** Conformance check results: the shared phase's, then the exclusive phase's. */
  checks: CheckResult[];
  selfTests: SelfTestResult[];
  errors: string[];
  /** Empty unless `phased`. */
  phases: PhaseRun[];
  /** The run was stopped through `signal` (what it did not get to has no result). */
  stopped: boolean;
}

/**
 * Learns from the shared phase which files left checks for the exclusive one (registerChecks puts
 * their ids in the file's meta), and keeps the progress total honest meanwhile.
 */
class PhasePlanner implements Reporter {
  phase: Phase | undefined;
  private readonly specs = new Map<string, TestSpecification>();
  /** moduleId → checks the exclusive phase still has to collect there. */
  private readonly deferred = new Map<string, number>();
  private readonly planned: string[] = [];

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    if (this.phase === 'shared') for (const s of specifications) this.specs.set(s.moduleId, s);
  }

  onTestModuleCollected(module: TestModule): void {
    if (this.phase === 'shared') {
      const ids = module.meta().exclusiveDeferred ?? [];
      if (ids.length && !this.deferred.has(module.moduleId)) {
        this.deferred.set(module.moduleId, ids.length);
        this.planned.push(module.moduleId);
      }
    } else if (this.phase === 'exclusive') {
      this.deferred.delete(module.moduleId);
    }
  }

  /** Checks announced for the exclusive phase but not collected yet (added to the progress total). */
  pending(): number {
    let n = 0;
    for (const v of this.deferred.values()) n += v;
    return n;
  }

  /** The exclusive phase's files, in a stable order. */
  exclusiveSpecs(): TestSpecification[] {
    return [...this.planned].sort().flatMap((id) => {
      const s = this.specs.get(id);
      return s ? [s] : [];
    });
  }
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

async function runPhase(vitest: Vitest, run: () => Promise<unknown>, errors: string[], stopped: () => boolean = () => false): Promise<void> {
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
  const planner = new PhasePlanner();
  const adjust = (p: Progress): Progress => ({ ...p, total: p.total + planner.pending() });
  const collector = new Collector(input.root, (p) => input.onProgress?.(adjust(p)));
  const runErrors: string[] = [];
  const phases: PhaseRun[] = [];
  const saved: Record<string, string | undefined> = {};
  const setEnv = (k: string, v: string | undefined) => {
    if (!(k in saved)) saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  };
  // What startVitest would set in this process (workers get them from vitest anyway).
  for (const [k, v] of Object.entries({ TEST: 'true', VITEST: 'true', NODE_ENV: process.env.NODE_ENV ?? 'test' })) setEnv(k, v);
  for (const [k, v] of Object.entries(input.env)) setEnv(k, v);
  setEnv(PHASE_ENV, input.phased ? 'shared' : undefined);
  const exitCode = process.exitCode;
  const ticker = input.onTick ? setInterval(() => input.onTick!(adjust(collector.snapshot())), 5_000) : undefined;
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
    // The planner first: it must count what the exclusive phase has collected before the
    // Collector reports progress for the same module.
    const reporters: Reporter[] = input.phased ? [planner, collector] : [collector];
    if (allureWriter) reporters.push(allureReporter(allureWriter));
    const before = { SIGINT: new Set(process.listeners('SIGINT')), SIGTERM: new Set(process.listeners('SIGTERM')) };
    const cacheDir = moduleCacheDir(input.root);
    vitest = await createVitest('test', {
      root: input.root,
      ...(cacheDir ? { experimental: { fsModuleCache: true, fsModuleCachePath: cacheDir } } : {}),
      // From the npm package (compiled, perhaps installed where the user cannot write): the config is
      // imported as it is instead of bundled into a temporary file beside it.
      ...(import.meta.url.endsWith('.js') ? { configLoader: 'native' as const } : {}),
      run: true,
      watch: false,
      // The self-tests: those that may share the machine, then those timing themselves (vitest.config.ts).
      project: input.project === 'unit' ? ['unit', 'unit-serial'] : [input.project],
      reporters,
      passWithNoTests: true,
      ...(input.sequential ? { fileParallelism: false } : {}),
      ...(input.testNamePattern ? { testNamePattern: input.testNamePattern } : {}),
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
    const rel = (id: string) => (id.startsWith(`${input.root}/`) ? id.slice(input.root.length + 1) : id);
    const timed = async (phase: Phase, files: () => string[], run: () => Promise<unknown>) => {
      const t0 = performance.now();
      const before = collector.checks.length;
      await runPhase(v, run, runErrors, () => stopped);
      phases.push({ phase, files: files(), checks: collector.checks.slice(before).map((c) => c.id), ms: Math.round(performance.now() - t0) });
    };
    if (stopped) {
      // Stopped before anything ran: nothing to start.
    } else if (!input.phased) {
      await runPhase(
        v,
        () => v.start(input.files ?? []),
        runErrors,
        () => stopped,
      );
    } else {
      planner.phase = 'shared';
      let sharedFiles: string[] = [];
      await timed(
        'shared',
        () => sharedFiles,
        async () => {
          const result = await v.start(input.files ?? []);
          sharedFiles = result.testModules
            .filter((m) => m.children.size > 0)
            .map((m) => rel(m.moduleId))
            .sort();
        },
      );
      const specs = planner.exclusiveSpecs();
      const tooLate = stopped || (input.deadlineAt !== undefined && Date.now() >= input.deadlineAt);
      if (specs.length && !tooLate) {
        planner.phase = 'exclusive';
        setEnv(PHASE_ENV, 'exclusive');
        // One worker for the whole phase: its files one after the other (a file's checks already
        // run one at a time), so never two of these checks at once and nothing else in flight.
        // Not isolated, so the worker imports the suite's modules and loads the contract once
        // instead of once per file.
        const projects = [...new Set(specs.map((s) => s.project))];
        const savedConfig = projects.map((p) => ({ p, isolate: p.config.isolate, maxWorkers: p.config.maxWorkers }));
        for (const p of projects) Object.assign(p.config, { isolate: false, maxWorkers: 1 });
        try {
          await timed(
            'exclusive',
            () => specs.map((s) => rel(s.moduleId)),
            () => v.runTestSpecifications(specs),
          );
        } finally {
          for (const { p, isolate, maxWorkers } of savedConfig) Object.assign(p.config, { isolate, maxWorkers });
        }
      }
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
  return { checks: collector.checks, selfTests: collector.selfTests, errors, phases, stopped };
}
