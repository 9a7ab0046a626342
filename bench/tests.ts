// `npm run bench -- tests`: the README's test command (`npm test`: every self-test, then the
// conformance run) once, as CI runs it, from this checkout. Measured: the wall time; the CPU seconds
// of it and of every process it started and waited for (Linux: cutime + cstime of this process,
// /proc/self/stat), which is what two cores must get through whatever the layout; the load average.
// Only when named (`npm run bench -- tests`): it takes minutes.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** How package.json's `test` script starts the CLI. */
const NPM_TEST = ['--import', './bin/load-dependencies.mjs', '--import', 'tsx', 'bin/dinie-conformance.ts', 'test'];

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** CPU seconds of this process's waited-for children and their own (fields 16 and 17 of /proc/self/stat, in clock ticks). */
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, so field n sits at index n - 3.
    return (Number(fields[16 - 3]) + Number(fields[17 - 3])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}

export const explicitOnly = true;

export default async function bench(): Promise<Row[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bench-tests-'));
  const load = [loadavg()[0]!];
  const cpu0 = childrenCpuSeconds();
  const started = performance.now();
  let out = '';
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, [...NPM_TEST, '--report-dir', dir], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', CI: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c: string) => {
      out = (out + c).slice(-20_000);
    });
    child.once('close', resolve);
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu1 = childrenCpuSeconds();
  load.push(loadavg()[0]!);
  await rm(dir, { recursive: true, force: true });
  const lines = out.trim().split('\n');
  const said = (prefix: string) => lines.filter((l) => l.startsWith(prefix)).at(-1) ?? `(no "${prefix}" line)`;
  return [
    {
      name: `npm test once, exit code ${code}; load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${availableParallelism()} cores`,
      value: 0,
      unit: '',
    },
    { name: 'npm test wall time', value: seconds, unit: 's', target: '≤ 90 s' },
    ...(cpu0 !== undefined && cpu1 !== undefined
      ? [
          { name: 'CPU time of npm test and every process it started', value: cpu1 - cpu0, unit: 'CPU-s' },
          { name: `  so at least this long on ${availableParallelism()} cores, whatever the layout`, value: (cpu1 - cpu0) / availableParallelism(), unit: 's' },
        ]
      : []),
    { name: said('self-tests:'), value: 0, unit: '' },
    { name: said('conformance:'), value: 0, unit: '' },
  ];
}
