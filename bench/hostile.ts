// Bounded against a hostile target: a default full run (the CLI, every report) against a server
// answering every request with a 50 MB body. Measured: the wall time, the peak memory of the whole
// process tree (the CLI and its vitest workers, sampled every 100 ms) and the size of what the run
// writes. Targets: peak < 1 GiB; reports small.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startHostileServer } from '../lib/hostile/server.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** Resident memory of `pid` and every descendant, bytes (Linux `ps`). */
function treeRss(pid: number): number {
  const out = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,rss='], { encoding: 'utf8' });
  const rows = out
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
  const children = new Map<number, number[]>();
  for (const [p, pp] of rows) children.set(pp, [...(children.get(pp) ?? []), p]);
  const rss = new Map(rows.map(([p, , r]) => [p, r]));
  let total = 0;
  const walk = (p: number) => {
    total += (rss.get(p) ?? 0) * 1024;
    for (const c of children.get(p) ?? []) walk(c);
  };
  walk(pid);
  return total;
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) total += (await stat(path.join(e.parentPath, e.name))).size;
  }
  return total;
}

export default async function bench(): Promise<Row[]> {
  const hostile = await startHostileServer({ mode: 'huge-bodies', answerRoot: true });
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bench-hostile-'));
  try {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'bin/dinie-conformance.ts', 'conformance', '--target', hostile.baseUrl, '--seed', '20261201', '--report-dir', dir],
      {
        cwd: ROOT,
        env: { ...process.env, NO_COLOR: '1', DINIE_CLIENT_ID: 'dinie_ci_test_bench', DINIE_CLIENT_SECRET: 'dinie_cs_test_bench_secret' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', () => {});
    let peak = 0;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, treeRss(child.pid!));
      } catch {
        // the tree changed under ps: next sample
      }
    }, 100);
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    clearInterval(sampler);
    const seconds = (performance.now() - started) / 1000;
    return [
      { name: 'full run against a target answering 50 MB bodies: wall time', value: seconds, unit: 's' },
      { name: '  peak memory of the CLI and its workers', value: peak / 2 ** 20, unit: 'MiB', target: '< 1024 MiB' },
      { name: '  everything written to the report dir', value: (await dirBytes(dir)) / 2 ** 20, unit: 'MiB' },
      { name: `  exit code ${code}; ${out.trim().split('\n').at(-1) ?? ''}`, value: 0, unit: '' },
    ];
  } finally {
    await hostile.close();
    await rm(dir, { recursive: true, force: true });
  }
}
