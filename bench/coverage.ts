// Speed of the deterministic coverage phase (issue 11): how long enumerating every single-rule
// case of each contract revision takes, and how many coverage cases per second the contract checks
// send and judge against the embedded reference server, with the phase's wall time.

import { runChecks } from '../lib/checks/runner.js';
import { coveragePlans } from '../lib/generate/coverage.js';
import { loadContract } from '../lib/spec/index.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { checks } from '../suites/contract/checks.js';

interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** The check's own note: `coverage phase: N negative cases sent and judged in M ms`. */
function phaseOf(notes: string[]): { cases: number; ms: number } | undefined {
  for (const n of notes) {
    const m = /coverage phase: (\d+) \w+ cases sent and judged in (\d+) ms/.exec(n);
    if (m) return { cases: Number(m[1]), ms: Number(m[2]) };
  }
  return undefined;
}

export default async function bench(): Promise<Measurement[]> {
  const out: Measurement[] = [];
  for (const revision of ['docs', 'sdk'] as const) {
    const contract = await loadContract(revision);
    const t0 = performance.now();
    const plans = coveragePlans(contract);
    const ms = performance.now() - t0;
    const cases = plans.reduce((n, p) => n + p.cases.length, 0);
    const negative = plans.reduce((n, p) => n + p.cases.filter((c) => c.expect === 'refused').length, 0);
    out.push({
      name: `coverage plan (${revision}): ${contract.operations.length} operations, ${negative} negative + ${cases - negative} positive`,
      value: ms,
      unit: 'ms (cold)',
      target: '< 3000',
    });
  }
  // The phase as the checks run it: one fuzz run per operation, so the coverage phase dominates.
  const target = await resolveTarget({ target: 'local' });
  try {
    const picked = checks.filter((c) => c.id === 'CONTRACT-INVALID-INPUT-REFUSED' || c.id === 'CONTRACT-VALID-INPUT-ACCEPTED');
    const t0 = performance.now();
    const results = await runChecks({ target: target.spec, checks: picked, seed: 1, runs: 1, timeoutMs: 10_000, concurrency: 1 });
    const wall = performance.now() - t0;
    for (const r of results) {
      const phase = phaseOf(r.evidence.notes);
      const kind = r.id === 'CONTRACT-INVALID-INPUT-REFUSED' ? 'negative' : 'positive';
      if (!phase) {
        out.push({ name: `${r.id}: no coverage phase note (${r.outcome}${r.message ? `: ${r.message.slice(0, 120)}` : ''})`, value: 0, unit: '' });
        continue;
      }
      out.push({ name: `coverage phase, ${kind} cases (local reference server)`, value: phase.cases, unit: 'cases' });
      out.push({ name: `coverage phase, ${kind}: wall time`, value: phase.ms, unit: 'ms', target: '< 15000' });
      // An accepted positive case that creates something is undone by a second request.
      out.push({
        name: `coverage phase, ${kind}: cases per second`,
        value: (phase.cases / phase.ms) * 1000,
        unit: 'cases/s',
        target: kind === 'negative' ? '> 50' : '> 25',
      });
      if (r.outcome !== 'passed') out.push({ name: `  (${r.id} ${r.outcome}: ${(r.message ?? '').slice(0, 160)})`, value: 0, unit: '' });
    }
    out.push({ name: 'both contract checks with the coverage phase, --runs 1: wall time', value: wall, unit: 'ms' });
  } finally {
    await target.close();
  }
  return out;
}
