// Shared by the CLI-level tests: run the CLI in a child process with a clean environment, list
// every file a run wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI in a child process with a clean environment (no DINIE_* of the parent run).
 * `onOutput` sees stdout as it grows, with the child (to send it a signal).
 */
export function cli(
  args: string[],
  extraEnv: Record<string, string> = {},
  timeoutMs = 240_000,
  onOutput?: (stdout: string, child: ChildProcess) => void,
): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('DINIE_') && !k.startsWith('VITEST')) env[k] = v;
  Object.assign(env, { CI: '1', NO_COLOR: '1', NODE_ENV: 'production' }, extraEnv);
  // Never the repository's reports/: a run clears its report dir first, which would pull the
  // allure-results of the npm test running this very self-test from under it.
  if (!args.some((a) => a.startsWith('--report-dir')) && !env.DINIE_REPORT_DIR) env.DINIE_REPORT_DIR = mkdtempSync(path.join(tmpdir(), 'dinie-cli-'));
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bin/dinie-conformance.ts'), ...args], { cwd: ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      onOutput?.(stdout, child);
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/**
 * Runs the CLI's `main` in this process, with the same clean environment as `cli` (and a report dir
 * of its own): for runs that end before any check (bad configuration, certify --verify), where a
 * child process would spend most of its time starting. `bin/dinie-conformance.ts` only turns the
 * code returned into the exit code; `cli` proves that wiring.
 */
export async function cliInProcess(args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> {
  const { main } = await import('../lib/cli/main.js');
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('DINIE_') && !k.startsWith('VITEST')) env[k] = v;
  Object.assign(env, { CI: '1', NO_COLOR: '1', NODE_ENV: 'production' }, extraEnv);
  if (!args.some((a) => a.startsWith('--report-dir')) && !env.DINIE_REPORT_DIR) env.DINIE_REPORT_DIR = mkdtempSync(path.join(tmpdir(), 'dinie-cli-'));
  let stdout = '';
  let stderr = '';
  const io = {
    out: (l: string) => (stdout += `${l}\n`),
    err: (l: string) => (stderr += `${l}\n`),
    write: (s: string) => (stdout += s),
    tty: false,
    color: false,
  };
  const t0 = Date.now();
  const code = await main(args, env, io);
  return { code, signal: null, stdout, stderr, ms: Date.now() - t0 };
}

export async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    if ((await stat(file)).isDirectory()) out.push(...(await allFiles(file)));
    else out.push(file);
  }
  return out;
}
