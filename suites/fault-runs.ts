// Runs of checks against a fresh reference server with named faults, and how their results are
// judged: what the fault self-tests (suites/faults*.selftest.ts) share.
import { existsIn } from '../lib/checks/applicability.js';
import { isExclusive, NOTHING_JUDGED, runChecks } from '../lib/checks/runner.js';
import type { Check, CheckResult } from '../lib/checks/types.js';
import type { FaultName } from '../lib/reference/faults.js';
import type { Contract } from '../lib/spec/index.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { type FaultProbe, loadCatalogue, loadFaultCollateral, loadFaultProbes } from './catalogue.js';

export const catalogue = await loadCatalogue();
export const probes = await loadFaultProbes();
export const collateral = await loadFaultCollateral();
export const byId = new Map(catalogue.map((c) => [c.id, c]));
export const SETTINGS = { seed: 20261123, runs: 5, timeoutMs: 5_000, concurrency: 4 };

/**
 * At most `width` fresh servers and runs at a time in one test file's worker. The runs of a file
 * share its one thread (servers and clients in-process), so the fault self-tests are split into
 * files that vitest runs in parallel workers, a core each; within a file a few runs side by side
 * hide each other's waits (polls, deliveries, clock moves run alone). Measured at load ~4 on the
 * two cores, every fault self-test: one file 144 s; three files 105 s with three runs at a time
 * each, 120 s with two (five instead of three in one file: 149 s against 154 s).
 */
function limiter(width: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(fn: () => Promise<T>): Promise<T> => {
    if (active >= width) await new Promise<void>((r) => queue.push(r));
    active++;
    try {
      return await fn();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
export const limit = limiter(3);

/**
 * Every credential's budget on a server whose run holds only rate-limit checks. Beside two other
 * fault runs in this process on a loaded machine, a burst of requests reaches ~400 a second, short
 * of the default 1,000 per second: at load ~11 two of the five rate-limit faults went uncaught, their
 * 429 never provoked. What those faults break (the 429's form, the headers) does not depend on the
 * budget's size, and the checks read the budget from X-RateLimit-Limit as on any target.
 */
const RATE_LIMITS_BUDGET = { limit: 100, windowSeconds: 1 };

/** How long the preflight of a fault run's own server may wait on an answer, ms (within the 30 s start). */
const PREFLIGHT_TIMEOUT_MS = 20_000;

/** Rejects when `p` takes longer than `ms`: a hung run must fail its test and free its slot. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/**
 * Runs `checks` at the suite's settings and `rest` once each (runs 1), on one fresh server: the
 * shared checks of both side by side, then the exclusive ones (clock, rate limits) one at a time
 * with nothing else in flight, as runChecks would.
 */
export async function runOn(faults: FaultName[], checks: Check[], rest: Check[] = [], contract?: Contract): Promise<CheckResult[]> {
  const label = `${faults.length ? `the run under fault ${faults.join(', ')}` : 'the clean run'}${contract ? ` (${contract.revision} revision)` : ''}`;
  const revision = contract?.revision === 'sdk' ? 'sdk' : undefined;
  const rateLimitsOnly = [...checks, ...rest].every((c) => c.area === 'rate-limits');
  const target = await within(
    30_000,
    `starting the server for ${label}`,
    // The preflight's probes wait on a server in this very thread, beside two other runs' work: at
    // load ~10 its default 5 s ran out once ("Cannot reach target local … no answer within 5000 ms").
    resolveTarget({
      target: 'local',
      faults,
      timeoutMs: PREFLIGHT_TIMEOUT_MS,
      ...(revision ? { contract: revision } : {}),
      ...(rateLimitsOnly ? { rateLimit: RATE_LIMITS_BUDGET } : {}),
    }),
  );
  const run = (cs: Check[], runs: number) =>
    cs.length ? runChecks({ target: target.spec, checks: cs, ...SETTINGS, runs, ...(contract ? { contract } : {}) }) : Promise.resolve([]);
  const shared = (cs: Check[]) => cs.filter((c) => !isExclusive(c));
  const exclusive = (cs: Check[]) => cs.filter((c) => isExclusive(c));
  try {
    return await within(
      240_000,
      label,
      (async () => {
        const side = await Promise.all([run(shared(checks), SETTINGS.runs), run(shared(rest), 1)]);
        const alone = [await run(exclusive(checks), SETTINGS.runs), await run(exclusive(rest), 1)];
        return [...side, ...alone].flat();
      })(),
    );
  } finally {
    await within(15_000, `closing the server of ${label}`, target.close()).catch(() => undefined);
  }
}

export const isRed = (r: CheckResult | undefined) => r?.outcome === 'failed' || r?.outcome === 'warning';
/** A check that returned without a judgement of its own: on a clean server that is a check that cannot fail. */
export const judgedNothing = (r: CheckResult) => r.outcome === 'skipped' && r.message === NOTHING_JUDGED;

export function describeResult(r: CheckResult | undefined): string {
  return r ? `${r.outcome}${r.failure ? ` [${r.failure}]` : ''}${r.message ? ` (${r.message})` : ''}` : 'not run';
}

/** Why `r` does not prove `probe` caught (undefined when it does). */
export function notCaught(probe: FaultProbe, r: CheckResult | undefined): string | undefined {
  if (!isRed(r)) return 'it must fail or warn';
  if (r!.failure !== 'violation') return 'it must fail by a judgement of the target, not an error or timeout on the way';
  if (probe.reason && !r!.message?.includes(probe.reason)) return `its failure must be for this fault's reason (a message containing "${probe.reason}")`;
  return undefined;
}

/** Whether the probed requirement exists in the revision (an unknown one counts, so the test names it). */
export function inRevision(p: { requirement: string }, revision: 'docs' | 'sdk'): boolean {
  const c = byId.get(p.requirement);
  return c === undefined || existsIn(c, revision);
}
