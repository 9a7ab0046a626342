// The whole catalogue against a fresh embedded reference server, in-process, as a run would be.
// Property checks are recognised by reading `ctx.runs` (that is how they size their fast-check runs).
import { runChecks } from '../lib/checks/runner.js';
import type { Check } from '../lib/checks/types.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { loadCatalogue } from '../suites/catalogue.js';

export default async function bench(): Promise<{ name: string; value: number; unit: string; target?: string }[]> {
  const runs = Number(process.env.DINIE_RUNS ?? 20);
  const catalogue = await loadCatalogue();
  const properties = new Set<string>();
  const checks: Check[] = catalogue.map((c) => ({
    ...c,
    run: (ctx) =>
      c.run(
        new Proxy(ctx, {
          get(t, p, r) {
            if (p === 'runs') properties.add(c.id);
            return Reflect.get(t, p, r);
          },
        }),
      ),
  }));

  const target = await resolveTarget({ target: 'local' });
  const started = performance.now();
  let results;
  try {
    results = await runChecks({ target: target.spec, checks, seed: 20261123, runs, timeoutMs: 10_000 });
  } finally {
    await target.close();
  }
  const seconds = (performance.now() - started) / 1000;
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const slowest = [...results].sort((a, b) => b.durationMs - a.durationMs)[0];
  return [
    { name: 'full catalogue wall time (local)', value: seconds, unit: 's', target: '< 60 s' },
    { name: 'checks', value: results.length, unit: 'checks' },
    { name: 'checks per second', value: results.length / seconds, unit: 'checks/s' },
    { name: `property cases per second (${properties.size} property checks × ${runs} runs)`, value: (properties.size * runs) / seconds, unit: 'cases/s' },
    { name: 'passed / failed / warning / skipped', value: count('passed'), unit: `/ ${count('failed')} / ${count('warning')} / ${count('skipped')}` },
    { name: `slowest check (${slowest?.id ?? '-'})`, value: (slowest?.durationMs ?? 0) / 1000, unit: 's' },
  ];
}
