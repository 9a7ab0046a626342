// `npm run serve -- --port 4010 --auto --fault NAME --fault NAME2`: runs the reference Dinie server
// in the foreground. `--sandbox` runs it as Dinie's shared sandbox would behave (docs/sandbox.md).
// Env: DINIE_REF_PORT, DINIE_REF_FAULTS=a,b, DINIE_REF_PARTNERS (JSON).
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { FAULTS, isFaultName, type FaultName } from '../lib/reference/faults.js';
import { DEFAULT_SANDBOX, SANDBOX_TRIGGERS, startReferenceServer, type SandboxOptions } from '../lib/reference/index.js';

const USAGE = `usage: npm run serve -- [--port N] [--host H] [--auto] [--fault NAME]...
       npm run serve -- --sandbox [--step-ms N] [--latency-ms N] [--rate-limit N] [--rate-window S] [--seed-customers N] [--port N] [--host H]`;

const SANDBOX_HELP = `sandbox (docs/sandbox.md): advances on its own, no control API, rate-limited, ${DEFAULT_SANDBOX.seedCustomers} pre-existing customers
  --step-ms N         one step of its own progress (default ${DEFAULT_SANDBOX.stepMs})
  --latency-ms N      added to every API response (default ${DEFAULT_SANDBOX.latencyMs})
  --rate-limit N      requests per window per credential (default ${DEFAULT_SANDBOX.rateLimit.limit})
  --rate-window S     the window, in seconds (default ${DEFAULT_SANDBOX.rateLimit.windowSeconds})
  --seed-customers N  pre-existing customers of demo partner A (default ${DEFAULT_SANDBOX.seedCustomers})`;

const SANDBOX_FLAGS = ['step-ms', 'latency-ms', 'rate-limit', 'rate-window', 'seed-customers'] as const;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      auto: { type: 'boolean', default: false },
      sandbox: { type: 'boolean', default: false },
      'step-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-window': { type: 'string' },
      'seed-customers': { type: 'string' },
      fault: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h', default: false },
    },
    allowPositionals: false,
  });
} catch (err) {
  fail(`${(err as Error).message}\n${USAGE}`);
}
const { values } = parsed;
if (values.help) {
  console.log(`${USAGE}\n\n${SANDBOX_HELP}\n\nfaults:\n${Object.entries(FAULTS).map(([n, f]) => `  ${n.padEnd(36)} ${f.breaks}`).join('\n')}`);
  process.exit(0);
}

const portText = values.port ?? process.env.DINIE_REF_PORT ?? '4010';
const port = Number(portText);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, not "${portText}".`);

const requested = [...(values.fault ?? []), ...(process.env.DINIE_REF_FAULTS ?? '').split(',')].map((f) => f.trim()).filter(Boolean);
const unknown = requested.filter((f) => !isFaultName(f));
if (unknown.length) {
  fail(`Unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.map((f) => `"${f}"`).join(', ')}; valid names are: ${Object.keys(FAULTS).join(', ')}.`);
}

const given = SANDBOX_FLAGS.filter((f) => values[f] !== undefined);
if (given.length && !values.sandbox) fail(`${given.map((f) => `--${f}`).join(', ')} only ${given.length > 1 ? 'apply' : 'applies'} with --sandbox.`);

/** A whole number from `min`, or exit 2 naming the flag. */
function whole(flag: (typeof SANDBOX_FLAGS)[number], fallback: number, min: number): number {
  const text = values[flag];
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) fail(`--${flag} must be a whole number from ${min}, not "${text}".`);
  return n;
}

let sandbox: SandboxOptions | undefined;
if (values.sandbox) {
  sandbox = {
    ...DEFAULT_SANDBOX,
    stepMs: whole('step-ms', DEFAULT_SANDBOX.stepMs, 1),
    latencyMs: whole('latency-ms', DEFAULT_SANDBOX.latencyMs, 0),
    rateLimit: { limit: whole('rate-limit', DEFAULT_SANDBOX.rateLimit.limit, 1), windowSeconds: whole('rate-window', DEFAULT_SANDBOX.rateLimit.windowSeconds, 1) },
    seedCustomers: whole('seed-customers', DEFAULT_SANDBOX.seedCustomers, 0),
  };
  if (sandbox.seedCustomers > 1_000_000) fail(`--seed-customers must be at most 1000000, not "${values['seed-customers']}".`);
}

const server = await startReferenceServer({ port, host: values.host ?? '127.0.0.1', auto: values.auto, sandbox, faults: requested as FaultName[] });
const mode = server.sandbox
  ? `sandbox (advances on its own one step every ${server.sandbox.stepMs} ms; latency ${server.sandbox.latencyMs} ms; ` +
    `${server.sandbox.rateLimit.limit} requests per ${server.sandbox.rateLimit.windowSeconds} s per credential; ` +
    `${server.sandbox.seedCustomers} pre-existing customers of ${server.partners[0]?.name ?? 'partner A'})`
  : values.auto ? 'auto (KYC, credit analysis and loans advance on their own)' : 'manual (drive it with the control API)';
console.log(pc.bold(server.sandbox ? 'Dinie reference server (sandbox)' : 'Dinie reference server'));
console.log(`  base URL     ${pc.cyan(server.baseUrl)}`);
console.log(`  control API  ${server.controlUrl ? pc.cyan(server.controlUrl) : 'none (sandbox: nothing answers under /_simulation)'}`);
console.log(`  mode         ${mode}`);
console.log(`  faults       ${requested.length ? pc.yellow(requested.join(', ')) : 'none'}`);
for (const p of server.partners) {
  console.log(`  partner      ${p.name}: client_id ${pc.green(p.clientId)}  client_secret ${pc.green(p.clientSecret)}`);
}
if (server.sandbox) {
  console.log(`  triggers     (docs/sandbox.md)`);
  for (const [name, t] of Object.entries(SANDBOX_TRIGGERS)) {
    console.log(`    ${name.padEnd(15)} ${t.on} ${t.field} ${t.value}: ${t.effect}`);
  }
}
console.log(`\nget a token:  curl -s -u '${server.partners[0]!.clientId}:${server.partners[0]!.clientSecret}' -d grant_type=client_credentials ${server.baseUrl}/auth/token`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping`);
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
