// The whole catalogue against a fresh embedded reference server, in-process, as a run would be.
// Property checks are recognised by reading `ctx.runs` (that is how they size their fast-check runs).
import { runChecks } from '../lib/checks/runner.js';
import type { Check } from '../lib/checks/types.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { loadCatalogue } from '../suites/catalogue.js';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The main job exactly as a user runs it (CLI, vitest workers, every report), default settings. */
async function cliRunSeconds(): Promise<{ seconds: number; closing: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bench-'));
  const started = performance.now();
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', 'bin/dinie-conformance.ts', 'conformance', '--seed', '20261123', '--report-dir', dir],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 2 ** 20 },
        (err, out) => (err ? reject(err) : resolve(out))),
    );
    return { seconds: (performance.now() - started) / 1000, closing: stdout.trim().split('\n').at(-1) ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

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

  // Property cases per second: the property checks alone, so other checks' waits don't dilute it.
  const propertyChecks = checks.filter((c) => properties.has(c.id));
  const propTarget = await resolveTarget({ target: 'local' });
  const propStarted = performance.now();
  try {
    await runChecks({ target: propTarget.spec, checks: propertyChecks, seed: 20261123, runs, timeoutMs: 10_000 });
  } finally {
    await propTarget.close();
  }
  const propSeconds = (performance.now() - propStarted) / 1000;
  const cli = await cliRunSeconds();
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const slowest = [...results].sort((a, b) => b.durationMs - a.durationMs)[0];
  return [
    { name: `full catalogue in-process (runChecks, runs ${runs})`, value: seconds, unit: 's', target: '< 60 s' },
    { name: 'checks', value: results.length, unit: 'checks' },
    { name: 'checks per second', value: results.length / seconds, unit: 'checks/s' },
    { name: `property cases per second (${properties.size} property checks × ${runs} runs, alone)`, value: (properties.size * runs) / propSeconds, unit: 'cases/s' },
    { name: 'main job wall time (npm run conformance, runs 50, all reports)', value: cli.seconds, unit: 's', target: '< 60 s' },
    { name: 'passed / failed / warning / skipped', value: count('passed'), unit: `/ ${count('failed')} / ${count('warning')} / ${count('skipped')}` },
    { name: `slowest check (${slowest?.id ?? '-'})`, value: (slowest?.durationMs ?? 0) / 1000, unit: 's' },
    { name: `main job result: ${cli.closing}`, value: 0, unit: '' },
  ];
}
