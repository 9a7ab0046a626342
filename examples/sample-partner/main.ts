// The sample partner on the command line:
//
//   npx tsx examples/sample-partner/main.ts receiver --port 4020 --secret whsec_… [--secret whsec_…] [--fault NAME]…
//   npx tsx examples/sample-partner/main.ts journey --base-url http://127.0.0.1:4010/v3 [--fault NAME]…
//
// The journey reads its credentials from DINIE_CLIENT_ID / DINIE_CLIENT_SECRET; the receiver may
// read its secret(s) from DINIE_WEBHOOK_SECRET (space- or comma-separated) instead of --secret.
// Both print one line per step. Exit code 0 on success, 1 when the journey fails, 2 on bad usage.
import { parseArgs } from 'node:util';
import { CLIENT_FAULTS, isClientFault, runSampleJourney } from './client.js';
import { isReceiverFault, RECEIVER_FAULTS, startSampleReceiver } from './receiver.js';

const USAGE = `usage: main.ts receiver [--port 4020] [--host 127.0.0.1] --secret whsec_… [--secret …] [--fault NAME]… [--slow-ack-ms N]
       main.ts journey --base-url http://127.0.0.1:4010/v3 [--fault NAME]… [--amount 5000.00] [--installments 12]

receiver faults:
${Object.entries(RECEIVER_FAULTS).map(([name, what]) => `  ${name.padEnd(26)}${what}`).join('\n')}

journey faults:
${Object.entries(CLIENT_FAULTS).map(([name, what]) => `  ${name.padEnd(26)}${what}`).join('\n')}`;

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
const faults = (values.fault as string[] | undefined) ?? [];
const stamp = (line: string) => console.log(`${new Date().toISOString().slice(11, 23)} ${line}`);

if (command === 'receiver') {
  const unknown = faults.filter((f) => !isReceiverFault(f));
  if (unknown.length) fail(`Unknown receiver fault: ${unknown.join(', ')}.`);
  const secrets = (values.secret as string[] | undefined) ?? (process.env.DINIE_WEBHOOK_SECRET ?? '').split(/[\s,]+/).filter(Boolean);
  if (secrets.length === 0) fail('The receiver needs its signing secret: --secret whsec_… (or DINIE_WEBHOOK_SECRET).');
  const port = Number(values.port ?? 4020);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, not "${String(values.port)}".`);
  const slowAckMs = values['slow-ack-ms'] === undefined ? undefined : Number(values['slow-ack-ms']);
  if (slowAckMs !== undefined && !(Number.isInteger(slowAckMs) && slowAckMs >= 0)) fail('--slow-ack-ms must be a whole number of milliseconds.');
  let receiver;
  try {
    receiver = await startSampleReceiver({
      port, host: values.host as string | undefined, secret: secrets, faults: faults.filter(isReceiverFault), slowAckMs, log: stamp,
    });
  } catch (err) {
    console.error(`The receiver could not start: ${(err as Error).message}`);
    process.exit(2);
  }
  stamp(`receiver: listening at ${receiver.url} (${secrets.length} secret${secrets.length > 1 ? 's' : ''}${faults.length ? `, faults: ${faults.join(', ')}` : ''})`);
  stamp(`receiver: deliveries acted on are counted at ${receiver.url}/processed?webhook_id=…`);
  const stop = () => void receiver.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else if (command === 'journey') {
  const unknown = faults.filter((f) => !isClientFault(f));
  if (unknown.length) fail(`Unknown journey fault: ${unknown.join(', ')}.`);
  const baseUrl = values['base-url'] as string | undefined;
  if (!baseUrl) fail('The journey needs --base-url, e.g. http://127.0.0.1:4010/v3.');
  const clientId = process.env.DINIE_CLIENT_ID;
  const clientSecret = process.env.DINIE_CLIENT_SECRET;
  if (!clientId || !clientSecret) fail('Set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET to the partner credentials.');
  const installments = values.installments === undefined ? undefined : Number(values.installments);
  if (installments !== undefined && !(Number.isInteger(installments) && installments >= 1)) fail('--installments must be a whole number from 1.');
  try {
    const result = await runSampleJourney({
      baseUrl, clientId, clientSecret, faults: faults.filter(isClientFault), log: stamp,
      amount: values.amount as string | undefined, installments,
    });
    stamp(`journey: done, customer ${result.customerId}, loan ${result.loanId ?? '(none)'}`);
  } catch (err) {
    stamp(`journey: failed: ${(err as Error).message}`);
    process.exit(1);
  }
} else {
  fail(`Unknown command "${command}": use receiver or journey.`);
}
