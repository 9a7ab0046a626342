// The whole catalogue against a fresh embedded reference server, in-process (runChecks) and through
// the CLI (the main job: vitest workers, every report), on the same work: the same checks, seed and
// property runs. The two are measured one after the other in each round, so the ratio compares runs
// made under the same load (the machine may be shared); with several rounds (DINIE_BENCH_ROUNDS)
// the medians are reported. Property checks are recognised by reading `ctx.runs` (that is how
// they size their fast-check runs).

import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChecks } from '../lib/checks/runner.js';
import type { Check, CheckResult } from '../lib/checks/types.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { loadCatalogue } from '../suites/catalogue.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 20261123;
/** How package.json's scripts start the CLI (its dependencies loaded natively first, then tsx). */
const NPM_RUN = ['--import', './bin/load-dependencies.mjs', '--import', 'tsx', 'bin/dinie-conformance.ts'];

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** The main job exactly as a user runs it (`npm run conformance`, package.json: CLI, vitest workers, every report). */
async function cliRun(runs: number): Promise<{ seconds: number; closing: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bench-'));
  const started = performance.now();
  try {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [...NPM_RUN, 'conformance', '--seed', String(SEED), '--runs', String(runs), '--report-dir', dir],
        { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', DINIE_RUNS: undefined }, maxBuffer: 64 * 2 ** 20 },
        // Exit code 1 is a run that found failures: still a whole run, measured as such.
        (err, out) => (err && err.code !== 1 ? reject(err) : resolve(out)),
      ),
    );
    return { seconds: (performance.now() - started) / 1000, closing: stdout.trim().split('\n').at(-1) ?? '' };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** runChecks over `checks` against a fresh local reference server; the time is runChecks' alone. */
async function inProcessRun(checks: Check[], runs: number): Promise<{ seconds: number; results: CheckResult[] }> {
  const target = await resolveTarget({ target: 'local' });
  const started = performance.now();
  try {
    const results = await runChecks({ target: target.spec, checks, seed: SEED, runs, timeoutMs: 10_000 });
    return { seconds: (performance.now() - started) / 1000, results };
  } finally {
    await target.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

export default async function bench(): Promise<Row[]> {
  // The main job's default (lib/cli/options.ts DEFAULT_RUNS), for both runs.
  const runs = Number(process.env.DINIE_RUNS ?? 50);
  const rounds = Math.max(1, Number(process.env.DINIE_BENCH_ROUNDS ?? 1));
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

  const load = [loadavg()[0]!];
  const inProcess: number[] = [];
  const cli: number[] = [];
  const ratios: number[] = [];
  let results: CheckResult[] = [];
  let closing = '';
  for (let i = 0; i < rounds; i++) {
    const a = await inProcessRun(checks, runs);
    const b = await cliRun(runs);
    inProcess.push(a.seconds);
    cli.push(b.seconds);
    ratios.push(b.seconds / a.seconds);
    results = a.results;
    closing = b.closing;
    load.push(loadavg()[0]!);
  }

  // Property cases per second: the property checks alone, so other checks' waits don't dilute it.
  const propertyChecks = checks.filter((c) => properties.has(c.id));
  const props = await inProcessRun(propertyChecks, runs);
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  const slowest = [...results].sort((a, b) => b.durationMs - a.durationMs)[0];
  const each = (xs: number[]) => (rounds > 1 ? ` (each: ${xs.map((x) => x.toFixed(2)).join(', ')})` : '');
  const of = rounds > 1 ? `median of ${rounds} rounds, ` : '';
  return [
    {
      name: `same work: ${results.length} checks, seed ${SEED}, runs ${runs}; ${of}load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${availableParallelism()} cores`,
      value: 0,
      unit: '',
    },
    { name: 'in-process wall time (runChecks)', value: median(inProcess), unit: 's', target: '< 60 s' },
    { name: 'CLI wall time (npm run conformance, all reports)', value: median(cli), unit: 's', target: '≤ 10 s' },
    { name: 'ratio CLI / in-process (same round)', value: median(ratios), unit: '×', target: '≤ 1.5' },
    ...(rounds > 1 ? [{ name: `  in-process${each(inProcess)}; CLI${each(cli)}; ratio${each(ratios)}`, value: 0, unit: '' }] : []),
    { name: 'checks per second (in-process)', value: results.length / median(inProcess), unit: 'checks/s' },
    {
      name: `property cases per second (${properties.size} property checks × ${runs} runs, alone)`,
      value: (properties.size * runs) / props.seconds,
      unit: 'cases/s',
    },
    {
      name: 'passed / failed / warning / skipped (in-process)',
      value: count('passed'),
      unit: `/ ${count('failed')} / ${count('warning')} / ${count('skipped')}`,
    },
    { name: `slowest check (${slowest?.id ?? '-'})`, value: (slowest?.durationMs ?? 0) / 1000, unit: 's' },
    { name: `main job result: ${closing}`, value: 0, unit: '' },
  ];
}
