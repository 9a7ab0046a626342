// `npm run serve -- --port 4010 --auto --fault NAME --fault NAME2`: runs the reference Dinie server
// in the foreground. Env: DINIE_REF_PORT, DINIE_REF_FAULTS=a,b, DINIE_REF_PARTNERS (JSON).
import { parseArgs } from 'node:util';
import pc from 'picocolors';
import { FAULTS, isFaultName, type FaultName } from '../lib/reference/faults.js';
import { startReferenceServer } from '../lib/reference/index.js';

const USAGE = `usage: npm run serve -- [--port N] [--host H] [--auto] [--fault NAME]...`;

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
  console.log(`${USAGE}\n\nfaults:\n${Object.entries(FAULTS).map(([n, f]) => `  ${n.padEnd(36)} ${f.breaks}`).join('\n')}`);
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

const server = await startReferenceServer({ port, host: values.host ?? '127.0.0.1', auto: values.auto, faults: requested as FaultName[] });
console.log(pc.bold('Dinie reference server'));
console.log(`  base URL     ${pc.cyan(server.baseUrl)}`);
console.log(`  control API  ${pc.cyan(server.controlUrl)}`);
console.log(`  mode         ${values.auto ? 'auto (KYC, credit analysis and loans advance on their own)' : 'manual (drive it with the control API)'}`);
console.log(`  faults       ${requested.length ? pc.yellow(requested.join(', ')) : 'none'}`);
for (const p of server.partners) {
  console.log(`  partner      ${p.name}: client_id ${pc.green(p.clientId)}  client_secret ${pc.green(p.clientSecret)}`);
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
