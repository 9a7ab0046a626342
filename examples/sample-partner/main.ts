// The sample partner on the command line:
//
//   npx tsx examples/sample-partner/main.ts receiver --port 4020 --secret whsec_… [--secret whsec_…] [--fault NAME]…
//   npx tsx examples/sample-partner/main.ts journey --base-url http://127.0.0.1:4010/v3 [--fault NAME]…
//
// The journey reads its credentials from DINIE_CLIENT_ID / DINIE_CLIENT_SECRET; the receiver may
// read its secret(s) from DINIE_WEBHOOK_SECRET (space- or comma-separated) instead of --secret, or,
// with --register-with BASE_URL, register itself as a webhook endpoint with Dinie (same
// credentials) and use the secret Dinie hands out (never printed); the endpoint is deleted on exit.
// Both print one line per step. Exit code 0 on success, 1 when the journey fails, 2 on bad usage.
import { parseArgs } from 'node:util';
import { CLIENT_FAULTS, DinieClient, isClientFault, runSampleJourney } from './client.js';
import { isReceiverFault, RECEIVER_FAULTS, startSampleReceiver } from './receiver.js';

const USAGE = `usage: main.ts receiver [--port 4020] [--host 127.0.0.1] --secret whsec_… [--secret …] [--fault NAME]… [--slow-ack-ms N]
       main.ts receiver [--port 4020] --register-with http://127.0.0.1:4010/v3 [--fault NAME]…
       main.ts journey --base-url http://127.0.0.1:4010/v3 [--fault NAME]… [--amount 5000.00] [--installments 12]

receiver faults:
${Object.entries(RECEIVER_FAULTS)
  .map(([name, what]) => `  ${name.padEnd(26)}${what}`)
  .join('\n')}

journey faults:
${Object.entries(CLIENT_FAULTS)
  .map(([name, what]) => `  ${name.padEnd(26)}${what}`)
  .join('\n')}`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

const [command, ...rest] = process.argv.slice(2);
let values: Record<string, string | string[] | boolean | undefined>;
try {
  ({ values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      secret: { type: 'string', multiple: true },
      fault: { type: 'string', multiple: true },
      'slow-ack-ms': { type: 'string' },
      'base-url': { type: 'string' },
      'register-with': { type: 'string' },
      amount: { type: 'string' },
      installments: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (err) {
  fail((err as Error).message);
}
if (values.help || command === undefined || command === '--help' || command === '-h') {
  console.log(USAGE);
  process.exit(0);
}
function credential(name: 'DINIE_CLIENT_ID' | 'DINIE_CLIENT_SECRET'): string {
  return process.env[name] || fail('Set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET to the partner credentials.');
}

const faults = (values.fault as string[] | undefined) ?? [];
const stamp = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

if (command === 'receiver') {
  const unknown = faults.filter((f) => !isReceiverFault(f));
  if (unknown.length) fail(`Unknown receiver fault: ${unknown.join(', ')}.`);
  const port = Number(values.port ?? 4020);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, not "${String(values.port)}".`);
  const slowAckMs = values['slow-ack-ms'] === undefined ? undefined : Number(values['slow-ack-ms']);
  if (slowAckMs !== undefined && !(Number.isInteger(slowAckMs) && slowAckMs >= 0)) fail('--slow-ack-ms must be a whole number of milliseconds.');
  let secrets = (values.secret as string[] | undefined) ?? (process.env.DINIE_WEBHOOK_SECRET ?? '').split(/[\s,]+/).filter(Boolean);
  let unregister = async () => {};
  const registerWith = values['register-with'] as string | undefined;
  if (registerWith) {
    if (port === 0) fail('--register-with needs a fixed --port: Dinie is told the URL before the receiver listens.');
    const dinie = new DinieClient({ baseUrl: registerWith, clientId: credential('DINIE_CLIENT_ID'), clientSecret: credential('DINIE_CLIENT_SECRET') });
    const url = `http://${(values.host as string | undefined) ?? '127.0.0.1'}:${port}/webhooks/dinie`;
    try {
      const endpoint = await dinie.call<{ id: string; secret: string }>('POST', '/webhooks/endpoints', {
        json: { url, description: 'sample partner receiver' },
        idempotent: true,
      });
      secrets = [endpoint.secret];
      stamp(`receiver: registered ${url} with Dinie as ${endpoint.id} (every event)`);
      unregister = async () => {
        await dinie.call('DELETE', `/webhooks/endpoints/${endpoint.id}`).catch(() => {});
        stamp(`receiver: endpoint ${endpoint.id} deleted`);
      };
    } catch (err) {
      console.error(`Could not register the receiver with ${registerWith}: ${(err as Error).message}`);
      process.exit(2);
    }
  }
  if (secrets.length === 0) fail('The receiver needs its signing secret: --secret whsec_… (or DINIE_WEBHOOK_SECRET, or --register-with).');
  let receiver;
  try {
    receiver = await startSampleReceiver({
      port,
      host: values.host as string | undefined,
      secret: secrets,
      faults: faults.filter(isReceiverFault),
      slowAckMs,
      log: stamp,
    });
  } catch (err) {
    console.error(`The receiver could not start: ${(err as Error).message}`);
    await unregister(); // an endpoint nobody answers on would collect failed deliveries
    process.exit(2);
  }
  stamp(
    `receiver: listening at ${receiver.url} (${secrets.length} secret${secrets.length > 1 ? 's' : ''}${faults.length ? `, faults: ${faults.join(', ')}` : ''})`,
  );
  stamp(`receiver: deliveries acted on are counted at ${receiver.url}/processed?webhook_id=…`);
  const stop = () =>
    void unregister()
      .then(() => receiver.close())
      .then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else if (command === 'journey') {
  const unknown = faults.filter((f) => !isClientFault(f));
  if (unknown.length) fail(`Unknown journey fault: ${unknown.join(', ')}.`);
  const baseUrl = values['base-url'] as string | undefined;
  if (!baseUrl) fail('The journey needs --base-url, e.g. http://127.0.0.1:4010/v3.');
  const clientId = credential('DINIE_CLIENT_ID');
  const clientSecret = credential('DINIE_CLIENT_SECRET');
  const installments = values.installments === undefined ? undefined : Number(values.installments);
  if (installments !== undefined && !(Number.isInteger(installments) && installments >= 1)) fail('--installments must be a whole number from 1.');
  try {
    const result = await runSampleJourney({
      baseUrl,
      clientId,
      clientSecret,
      faults: faults.filter(isClientFault),
      log: stamp,
      amount: values.amount as string | undefined,
      installments,
    });
    stamp(`journey: done, customer ${result.customerId}, loan ${result.loanId ?? '(none)'}`);
  } catch (err) {
    stamp(`journey: failed: ${(err as Error).message}`);
    process.exit(1);
  }
} else {
  fail(`Unknown command "${command}": use receiver or journey.`);
}
