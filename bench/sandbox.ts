// A full run abroad: the CLI against `npm run serve -- --sandbox` in its own process (no control
// API, one-second asynchronous steps, 20 ms of latency per request, 5,000 accumulated customers),
// driven by the example config's triggers. Once with the sandbox's own rate limit (600 requests
// per minute per credential: the client paces itself), once with it lifted, so the cost of pacing
// shows apart from the cost of waiting for the sandbox to move.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { DEMO_PARTNERS } from '../lib/reference/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Row {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

/** `npm run serve -- --sandbox …` on a free port; resolves with its base URL and a stop function. */
async function serveSandbox(extra: string[]): Promise<{ baseUrl: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/serve.ts', '--sandbox', '--port', '0', '--step-ms', '1000', '--latency-ms', '20', ...extra], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      const m = /base URL\s+(\S+)/.exec(l);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
  });
  return { baseUrl, stop: () => child.kill('SIGTERM') };
}

async function fullRun(label: string, serveFlags: string[]): Promise<Row[]> {
  const sandbox = await serveSandbox(serveFlags);
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bench-sandbox-'));
  try {
    const config = JSON.parse(await readFile(path.join(ROOT, 'fixtures/targets/sandbox.config.json'), 'utf8'));
    config.targets['reference-sandbox'].baseUrl = sandbox.baseUrl;
    const configPath = path.join(dir, 'dinie-conformance.config.json');
    await writeFile(configPath, JSON.stringify(config));
    const [a, b] = DEMO_PARTNERS;
    const started = performance.now();
    const stdout = await new Promise<string>((resolve) =>
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'bin/dinie-conformance.ts',
          'conformance',
          '--seed',
          '20261201',
          '--config',
          configPath,
          '--target=reference-sandbox',
          '--report-dir',
          path.join(dir, 'reports'),
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            NO_COLOR: '1',
            DINIE_CLIENT_ID: a!.clientId,
            DINIE_CLIENT_SECRET: a!.clientSecret,
            DINIE_CLIENT_ID_2: b!.clientId,
            DINIE_CLIENT_SECRET_2: b!.clientSecret,
          },
          maxBuffer: 64 * 2 ** 20,
        },
        (_err, out) => resolve(out), // a non-zero exit is a result to report, not a bench failure
      ),
    );
    const seconds = (performance.now() - started) / 1000;
    const report = JSON.parse(await readFile(path.join(dir, 'reports', 'conformance.json'), 'utf8'));
    const verdict = report.verdict as { status: string; mustSkipped: number; summary: string };
    return [
      { name: `full run against the sandbox, ${label}`, value: seconds, unit: 's' },
      { name: `  verdict: ${verdict.status}; MUSTs skipped: ${verdict.mustSkipped} (${verdict.summary})`, value: 0, unit: '' },
      { name: `  ${stdout.trim().split('\n').at(-1) ?? ''}`, value: 0, unit: '' },
    ];
  } finally {
    sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Seeding a sandbox's accumulated customers in memory (5,000 of one partner), ms. */
async function seeding(): Promise<Row[]> {
  const { createKernel } = await import('../lib/reference/kernel.js');
  const { resolveOptions } = await import('../lib/reference/index.js');
  const { seedCustomers } = await import('../lib/reference/sandbox/seed.js');
  const kernel = createKernel(resolveOptions({ sandbox: true }));
  const started = performance.now();
  seedCustomers(kernel, 'p1', 5000, 7);
  return [{ name: 'sandbox: seeding 5,000 customers', value: Math.round(performance.now() - started), unit: 'ms', target: '< 1000 ms' }];
}

export default async function bench(): Promise<Row[]> {
  return [
    ...(await seeding()),
    ...(await fullRun('1 s steps, 20 ms latency, 600 requests/min (paced)', [])),
    ...(await fullRun('1 s steps, 20 ms latency, rate limit lifted', ['--rate-limit', '1000000'])),
  ];
}
