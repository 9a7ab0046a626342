// Shared by the CLI-level tests: run the CLI in a child process with a clean environment, list
// every file a run wrote.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI in a child process with a clean environment (no DINIE_* of the parent run), started
 * as the npm scripts start it: its heaviest dependencies preloaded natively before tsx
 * (bin/load-dependencies.mjs; about a CPU-second less per run that gets to its checks). `preload:
 * false` starts it without them, as `tsx bin/dinie-conformance.ts` would (a run that ends before
 * loading them spends a CPU-second less that way). `onOutput` sees stdout as it grows, with the
 * child (to send it a signal).
 */
export function cli(
  args: string[],
  extraEnv: Record<string, string> = {},
  timeoutMs = 240_000,
  onOutput?: (stdout: string, child: ChildProcess) => void,
  { preload = true }: { preload?: boolean } = {},
): Promise<CliRun> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('DINIE_') && !k.startsWith('VITEST')) env[k] = v;
  Object.assign(env, { CI: '1', NO_COLOR: '1', NODE_ENV: 'production' }, extraEnv);
  // Never the repository's reports/: a run clears its report dir first, which would pull the
  // allure-results of the npm test running this very self-test from under it.
  if (!args.some((a) => a.startsWith('--report-dir')) && !env.DINIE_REPORT_DIR) env.DINIE_REPORT_DIR = mkdtempSync(path.join(tmpdir(), 'dinie-cli-'));
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const imports = [...(preload ? ['--import', './bin/load-dependencies.mjs'] : []), '--import', 'tsx'];
    const child = spawn(process.execPath, [...imports, path.join(ROOT, 'bin/dinie-conformance.ts'), ...args], { cwd: ROOT, env });
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
 * of its own): for runs that end before any check (bad configuration, a preflight that stops the
 * run, certify --verify), where a child process would spend most of its time starting.
 * `bin/dinie-conformance.ts` only turns the code returned into the exit code; `cli` proves that
 * wiring. What a child's stdout and stderr would also hold is kept too: anything written past `io`
 * while main runs (a direct write to process.stdout/stderr, a console call), so a test judging
 * "one line on stderr" or "never printed" judges all of it.
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
  const restore = captureStrayOutput(
    (s) => (stdout += s),
    (s) => (stderr += s),
  );
  // main passes its env to the options, but the target is resolved from process.env (its
  // credentials): the run's DINIE_* stand there too while it runs, as in a child.
  const saved = Object.entries(process.env).filter(([k]) => k.startsWith('DINIE_'));
  for (const [k] of saved) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (k.startsWith('DINIE_')) process.env[k] = v;
  const t0 = Date.now();
  try {
    const code = await main(args, env, io);
    return { code, signal: null, stdout, stderr, ms: Date.now() - t0 };
  } finally {
    restore();
    for (const k of Object.keys(process.env)) if (k.startsWith('DINIE_')) delete process.env[k];
    Object.assign(process.env, Object.fromEntries(saved));
  }
}

/** Sends process.stdout/stderr writes and console calls to `out`/`err` until the function returned is called. */
function captureStrayOutput(out: (s: string) => void, err: (s: string) => void): () => void {
  const saved = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    log: console.log,
    info: console.info,
    debug: console.debug,
    warn: console.warn,
    error: console.error,
  };
  const writer = (to: (s: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      to(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  const line =
    (to: (s: string) => void) =>
    (...parts: unknown[]) =>
      to(`${format(...parts)}\n`);
  process.stdout.write = writer(out);
  process.stderr.write = writer(err);
  console.log = console.info = console.debug = line(out);
  console.warn = console.error = line(err);
  return () => {
    process.stdout.write = saved.stdout;
    process.stderr.write = saved.stderr;
    Object.assign(console, { log: saved.log, info: saved.info, debug: saved.debug, warn: saved.warn, error: saved.error });
  };
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
