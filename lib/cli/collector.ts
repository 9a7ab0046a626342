// A vitest reporter that collects what the run produced: each conformance check's CheckResult
// (left by the engine in task.meta.conformance), each self-test's outcome, and anything that broke
// outside a test (a suite file that did not load, an unhandled error). Progress goes to a callback.
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { AREAS, type Area, type CheckResult } from '../checks/types.js';
import type { SelfTestResult } from '../report/junit.js';

export interface Progress {
  done: number;
  /** Checks collected so far; final once `complete`. */
  total: number;
  failed: number;
  /** Every test file has been collected, so `total` will not grow any more. */
  complete?: boolean;
  /** Names of the tests running right now (for the heartbeat line in CI). */
  running?: string[];
}

export class Collector implements Reporter {
  readonly checks: CheckResult[] = [];
  readonly selfTests: SelfTestResult[] = [];
  /** Errors outside any test: a module that failed to load, an unhandled rejection. */
  readonly errors: string[] = [];
  private total = 0;
  private done = 0;
  private failed = 0;
  private modulesExpected = 0;
  private modulesCollected = 0;
  private readonly running = new Map<string, string>();

  constructor(
    private readonly root: string,
    private readonly onProgress: (p: Progress) => void = () => {},
  ) {}

  onTestRunStart(specifications: ReadonlyArray<unknown>): void {
    this.modulesExpected = specifications.length;
  }

  onTestModuleCollected(module: TestModule): void {
    this.modulesCollected += 1;
    for (const t of module.children.allTests()) if (t.options.mode === 'run') this.total += 1;
    this.emit();
  }

  onTestCaseReady(test: TestCase): void {
    this.running.set(test.id, runningName(test.name));
  }

  onTestCaseResult(test: TestCase): void {
    const result = test.result();
    if (result.state === 'pending') return;
    this.running.delete(test.id);
    const file = path.relative(this.root, test.module.moduleId);
    const meta = (test.meta() as { conformance?: CheckResult }).conformance;
    if (test.project.name === 'suites') {
      if (meta) this.checks.push(meta);
      else if (result.state === 'failed') this.checks.push(this.brokenCheck(test, file));
    } else {
      this.selfTests.push({
        file,
        name: test.fullName,
        state: result.state,
        ...(result.state === 'failed' ? { message: result.errors.map((e) => e.message).join('\n') } : {}),
        ...(result.state === 'skipped' && result.note ? { message: result.note } : {}),
        durationMs: test.diagnostic()?.duration ?? 0,
      });
    }
    if (result.state !== 'skipped' || meta) this.done += 1;
    if (result.state === 'failed' || meta?.outcome === 'failed') this.failed += 1;
    this.emit();
  }

  onTestModuleEnd(module: TestModule): void {
    for (const e of module.errors()) this.errors.push(`${path.relative(this.root, module.moduleId)}: ${e.message}`);
  }

  onTestRunEnd(_modules: unknown, unhandled: ReadonlyArray<{ message?: string }>): void {
    for (const e of unhandled) this.errors.push(`unhandled error: ${e.message ?? String(e)}`);
  }

  /** A suite test that failed without leaving a CheckResult: the engine broke, report it as a failure. */
  private brokenCheck(test: TestCase, file: string): CheckResult {
    const area = (file.split(path.sep)[1] ?? '') as Area;
    const result = test.result();
    const message = result.state === 'failed' ? result.errors.map((e) => e.message).join('\n') : 'failed';
    const id = test.name.split(' ')[0] ?? test.name;
    return {
      id: /^[A-Z][A-Z0-9]*(-[A-Z0-9_.]+)*$/.test(id) ? id : 'SUITE-ERROR',
      level: 'MUST',
      area: (AREAS as readonly string[]).includes(area) ? area : 'contract',
      title: test.name,
      source: file,
      outcome: 'failed',
      message: `the check could not run: ${message}`,
      evidence: { exchanges: [], notes: [] },
      durationMs: test.diagnostic()?.duration ?? 0,
    };
  }

  /** The latest progress, for a heartbeat between events. */
  snapshot(): Progress {
    return {
      done: this.done,
      total: Math.max(this.total, this.done),
      failed: this.failed,
      complete: this.modulesCollected >= this.modulesExpected,
      running: [...this.running.values()],
    };
  }

  private emit(): void {
    this.onProgress({
      done: this.done,
      total: Math.max(this.total, this.done),
      failed: this.failed,
      complete: this.modulesCollected >= this.modulesExpected,
      running: [...this.running.values()],
    });
  }
}

/**
 * How the CI heartbeat names a running test: a check by its requirement id (its name starts with
 * it), a self-test by its name, shortened (their first word alone said "fault, fault, fault").
 */
export function runningName(name: string): string {
  const id = /^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+(?=\s|$)/.exec(name)?.[0];
  if (id) return id;
  return name.length > 60 ? `${name.slice(0, 59)}…` : name;
}
