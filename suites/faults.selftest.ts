// Proves the suite catches what it exists for: for every named fault of the reference server a
// probe names the requirement that must turn red, and under that fault alone it does; on a clean
// server the same checks stay green. A fault without a probe is a missing check; a check without
// a probe is a check nobody has seen fail. Each fault's run holds only the checks probed for it
// (a subset of its area), against its own fresh server.
import { describe, expect, test } from 'vitest';
import { runChecks } from '../lib/checks/runner.js';
import type { Check, CheckResult } from '../lib/checks/types.js';
import { FAULTS, type FaultName } from '../lib/reference/faults.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { loadCatalogue, loadFaultProbes } from './catalogue.js';

const catalogue = await loadCatalogue();
const probes = await loadFaultProbes();
const byId = new Map(catalogue.map((c) => [c.id, c]));
const SETTINGS = { seed: 20261123, runs: 5, timeoutMs: 5_000, concurrency: 4 };

/** At most `width` fresh servers and runs at a time: the machine has two cores and neighbours. */
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
const limit = limiter(2);

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

async function runOn(faults: FaultName[], checks: Check[]): Promise<CheckResult[]> {
  const label = faults.length ? `the run under fault ${faults.join(', ')}` : 'the clean run';
  const target = await within(30_000, `starting the server for ${label}`, resolveTarget({ target: 'local', faults }));
  try {
    return await within(150_000, label, runChecks({ target: target.spec, checks, ...SETTINGS }));
  } finally {
    await within(15_000, `closing the server of ${label}`, target.close()).catch(() => undefined);
  }
}

function describeResult(r: CheckResult | undefined): string {
  return r ? `${r.outcome}${r.message ? ` (${r.message})` : ''}` : 'not run';
}

describe.concurrent('fault self-tests', () => {
  for (const fault of Object.keys(FAULTS) as FaultName[]) {
    const mine = probes.filter((p) => p.fault === fault);
    test(`fault ${fault} is caught`, { timeout: 600_000 }, async () => {
      expect(mine.length, `missing check: no suites/*/faults.ts probe covers fault ${fault} (${FAULTS[fault].breaks})`).toBeGreaterThan(0);
      const unknown = mine.filter((p) => !byId.has(p.requirement)).map((p) => p.requirement);
      expect(unknown, `the probes of ${fault} name requirements no check defines`).toEqual([]);
      const results = await limit(() => runOn([fault], mine.map((p) => byId.get(p.requirement)!)));
      for (const probe of mine) {
        const r = results.find((x) => x.id === probe.requirement);
        expect(
          r?.outcome === 'failed' || r?.outcome === 'warning',
          `under fault ${fault} (${FAULTS[fault].breaks}), ${probe.requirement} must fail or warn, but it was ${describeResult(r)}`,
        ).toBe(true);
      }
    });
  }

  test('every check is shown to fail on a fault', () => {
    const proven = new Set(probes.map((p) => p.requirement));
    expect(catalogue.filter((c) => !proven.has(c.id)).map((c) => `${c.id} (${c.area})`), 'checks no fault turns red').toEqual([]);
  });

  test('a clean reference server passes every probed check', { timeout: 600_000 }, async () => {
    const proven = new Set(probes.map((p) => p.requirement));
    const checks = catalogue.filter((c) => proven.has(c.id));
    const results = await limit(() => runOn([], checks));
    const bad = results.filter((r) => r.outcome === 'failed' || r.outcome === 'warning');
    expect(bad.map((r) => `${r.id}: ${describeResult(r)}`)).toEqual([]);
  });
});
