// The process that runs Allure's CLI (`allure generate`). It can be started before the run ends:
// it loads Allure's modules (about half of what generating costs) while the checks still run, then
// waits on its stdin for the CLI's arguments; the CLI then runs as `node allure/cli.js <args>`
// would. Started and given its arguments at once, it is just that.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** How long a CLI run may take once it has its arguments, unless told otherwise, ms. */
export const DEFAULT_ALLURE_TIMEOUT_MS = 120_000;

/** Allure's CLI entry: the package exports only its API; its CLI sits beside dist/ (allure/cli.js). */
export function allureCliPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve('allure')), '..', 'cli.js');
}

// Runs in the child (CommonJS, `node -e`): argv[1] is a JSON list, the CLI first, then the modules
// to load at once. An empty stdin (the parent ended without a report to render) exits quietly.
const CHILD = `
const [cli, ...warm] = JSON.parse(process.argv[1]);
(async () => {
  for (const m of warm) await import(m).catch(() => undefined);
  let input = '';
  process.stdin.setEncoding('utf8');
  for await (const chunk of process.stdin) input += chunk;
  if (!input.trim()) return;
  process.argv.splice(1, process.argv.length - 1, cli, ...JSON.parse(input));
  await import(require('node:url').pathToFileURL(cli).href);
})().catch((e) => { console.error(e && e.message ? e.message : String(e)); process.exitCode = 1; });
`;

export interface AllureProcess {
  /** Runs the CLI with `args` (once): resolves when it exits 0, else rejects with its last stderr line. */
  run(args: string[], timeoutMs?: number): Promise<void>;
  /** Ends the process if it was never given arguments (the run wrote no Allure report). */
  dispose(): void;
}

/** Starts the process and has it load Allure's modules; nothing is generated until `run`. */
export function startAllureProcess(env: NodeJS.ProcessEnv = process.env): AllureProcess {
  const cli = allureCliPath();
  const require = createRequire(cli);
  const warm = [pathToFileURL(path.join(path.dirname(cli), 'dist', 'commands', 'index.js')).href];
  try {
    // The report plugin the config names, as Allure's core loads it.
    warm.push(pathToFileURL(require.resolve('@allurereport/plugin-awesome')).href);
  } catch {
    // Not where we look: Allure loads it itself.
  }
  const child: ChildProcess = spawn(process.execPath, ['-e', CHILD, JSON.stringify([cli, ...warm])], {
    env: { ...env, ALLURE_NO_ANALYTICS: '1' },
    stdio: ['pipe', 'ignore', 'pipe'],
    // Its own process group: a Ctrl-C at the terminal stops the checks, and the interrupted run's
    // reports are still rendered by it. Were the CLI to end without a word, its stdin closes and it exits.
    detached: true,
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (c: string) => {
    stderr = (stderr + c).slice(-8192);
  });
  // A child that cannot start (or ends early) is reported by `run`; never an unhandled error.
  child.stdin?.on('error', () => undefined);
  // 'close': after it exited and its stderr was read to the end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  // Waiting for its arguments must not keep the CLI alive (nor must its pipes).
  const handles = [child, child.stdin, child.stderr] as unknown as ({ ref?(): void; unref?(): void } | null)[];
  for (const h of handles) h?.unref?.();
  let used = false;
  return {
    async run(args, timeoutMs = DEFAULT_ALLURE_TIMEOUT_MS) {
      if (used) throw new Error('allure generate: this process already ran');
      used = true;
      for (const h of handles) h?.ref?.();
      const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
      try {
        child.stdin?.end(`${JSON.stringify(args)}\n`);
        const { code, signal, error } = await exited;
        if (code === 0) return;
        const last = stderr.trim().split('\n').at(-1);
        const why = error?.message ?? (signal ? `ended by ${signal}${signal === 'SIGTERM' ? ` after ${timeoutMs} ms` : ''}` : `exit code ${code}`);
        throw new Error(`allure generate failed: ${last || why}`);
      } finally {
        clearTimeout(timer);
      }
    },
    dispose() {
      if (used) return;
      used = true;
      child.stdin?.end();
      child.kill('SIGTERM');
    },
  };
}
