// `npm run serve -- --port 4010 --auto --fault NAME --fault NAME2`: runs the reference Dinie server
// in the foreground. `--sandbox` runs it as Dinie's shared sandbox would behave (docs/sandbox.md).
// `--observe` makes it a partner's sandbox for client certification: it records the partner
// application's traffic, disturbs it on a schedule and, when stopped, judges it and writes reports.
// `--contract sdk` makes it speak the SDK revision (fixtures/openapi/dinie-v3-sdk.yaml) instead of
// the documentation's (the default), in every mode but observe.
// Env: DINIE_REF_PORT, DINIE_REF_FAULTS=a,b, DINIE_REF_PARTNERS (JSON), DINIE_CONTRACT=docs|sdk,
// DINIE_SKIP_ALLURE_PAGE=1 (observe: as --skip-allure-page).
import path from 'node:path';
import { parseArgs } from 'node:util';
import pc from 'picocolors';
// Only what checking the flags needs loads up front, so bad usage is answered at once; the server
// itself (fastify, the API, the observer) is imported once the flags are known to be good.
import { FAULTS, type FaultName, isFaultName } from '../lib/reference/faults.js';
import type { EndReason, ObservedSession, ObserveSchedule } from '../lib/reference/observe/index.js';
import { describeSchedule, resolveSchedule } from '../lib/reference/observe/schedule.js';
import { DEFAULT_OBSERVE_SCHEDULE } from '../lib/reference/observe/types.js';
import { DEFAULT_SANDBOX, type SandboxOptions } from '../lib/reference/options.js';
import { SANDBOX_TRIGGERS } from '../lib/reference/sandbox/triggers.js';
import { WIRE_REVISIONS, type WireRevision } from '../lib/reference/wire/types.js';

const USAGE = `usage: npm run serve -- [--contract docs|sdk] [--port N] [--host H] [--auto] [--fault NAME]...
       npm run serve -- --sandbox [--contract docs|sdk] [--step-ms N] [--latency-ms N] [--rate-limit N] [--rate-window S] [--seed-customers N] [--port N] [--host H]
       npm run serve -- --observe [--report-dir DIR] [--time-limit S] [--certify] [--skip-allure-page] [--schedule NAME=N,…] [--port N] [--host H]`;

const SANDBOX_HELP = `sandbox (docs/sandbox.md): advances on its own, no control API, rate-limited, ${DEFAULT_SANDBOX.seedCustomers} pre-existing customers
  --step-ms N         one step of its own progress (default ${DEFAULT_SANDBOX.stepMs})
  --latency-ms N      added to every API response (default ${DEFAULT_SANDBOX.latencyMs})
  --rate-limit N      requests per window per credential (default ${DEFAULT_SANDBOX.rateLimit.limit})
  --rate-window S     the window, in seconds (default ${DEFAULT_SANDBOX.rateLimit.windowSeconds})
  --seed-customers N  pre-existing customers of demo partner A (default ${DEFAULT_SANDBOX.seedCustomers})`;

const OBSERVE_HELP = `observe (README: Certifying your API client): the partner's sandbox; records the application's traffic, disturbs it on a schedule, judges it when stopped
  --report-dir DIR    where the reports go (default reports/)
  --time-limit S      end the session after S seconds (else SIGINT, SIGTERM or POST <origin>/_observe/finish)
  --certify           also write reports/certification/partner_client-<date>/ when every MUST passed
  --skip-allure-page  write allure-results (scrubbed, annotated) but not the Allure HTML page (env DINIE_SKIP_ALLURE_PAGE=1)
  --schedule N=V,…    change the schedule: ${Object.keys(DEFAULT_OBSERVE_SCHEDULE).join(', ')}`;

const SANDBOX_FLAGS = ['step-ms', 'latency-ms', 'rate-limit', 'rate-window', 'seed-customers'] as const;
const OBSERVE_FLAGS = ['report-dir', 'time-limit', 'certify', 'skip-allure-page', 'schedule'] as const;

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
      contract: { type: 'string' },
      auto: { type: 'boolean', default: false },
      sandbox: { type: 'boolean', default: false },
      'step-ms': { type: 'string' },
      'latency-ms': { type: 'string' },
      'rate-limit': { type: 'string' },
      'rate-window': { type: 'string' },
      'seed-customers': { type: 'string' },
      observe: { type: 'boolean', default: false },
      'report-dir': { type: 'string' },
      'time-limit': { type: 'string' },
      certify: { type: 'boolean' },
      'skip-allure-page': { type: 'boolean' },
      schedule: { type: 'string' },
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
  console.log(
    `${USAGE}\n\n${SANDBOX_HELP}\n\n${OBSERVE_HELP}\n\nfaults:\n${Object.entries(FAULTS)
      .map(([n, f]) => `  ${n.padEnd(36)} ${f.breaks}`)
      .join('\n')}`,
  );
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

// The contract revision spoken on the wire (lib/reference/wire): docs (default) or sdk.
const contractText = values.contract ?? process.env.DINIE_CONTRACT ?? 'docs';
if (!(WIRE_REVISIONS as readonly string[]).includes(contractText)) fail(`--contract must be ${WIRE_REVISIONS.join(' or ')}, not "${contractText}".`);
const contract = contractText as WireRevision;
if (values.observe && contract !== 'docs') fail('--observe speaks the docs revision only: drop --contract sdk.');

const given = SANDBOX_FLAGS.filter((f) => values[f] !== undefined);
if (given.length && !values.sandbox) fail(`${given.map((f) => `--${f}`).join(', ')} only ${given.length > 1 ? 'apply' : 'applies'} with --sandbox.`);
const observeGiven = OBSERVE_FLAGS.filter((f) => values[f] !== undefined);
if (observeGiven.length && !values.observe)
  fail(`${observeGiven.map((f) => `--${f}`).join(', ')} only ${observeGiven.length > 1 ? 'apply' : 'applies'} with --observe.`);
if (values.observe && requested.length) fail("--observe judges the partner's client against a conforming server: drop --fault.");

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
    rateLimit: {
      limit: whole('rate-limit', DEFAULT_SANDBOX.rateLimit.limit, 1),
      windowSeconds: whole('rate-window', DEFAULT_SANDBOX.rateLimit.windowSeconds, 1),
    },
    seedCustomers: whole('seed-customers', DEFAULT_SANDBOX.seedCustomers, 0),
  };
  if (sandbox.seedCustomers > 1_000_000) fail(`--seed-customers must be at most 1000000, not "${values['seed-customers']}".`);
}

let schedule: ObserveSchedule | undefined;
let timeLimitS: number | undefined;
// As a server run reads it (lib/cli/options.ts): the flag, else DINIE_SKIP_ALLURE_PAGE=1 (or true, yes, on).
const skipAllurePage = values.observe && (values['skip-allure-page'] ?? /^(1|true|yes|on)$/i.test(process.env.DINIE_SKIP_ALLURE_PAGE?.trim() ?? ''));
if (values.observe) {
  const partial: Record<string, number> = {};
  for (const item of (values.schedule ?? '')
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)) {
    const m = /^([A-Za-z]+)=(\d+)$/.exec(item);
    if (!m) fail(`--schedule takes NAME=N pairs separated by commas, not "${item}".`);
    partial[m[1]!] = Number(m[2]);
  }
  try {
    schedule = resolveSchedule(partial);
  } catch (err) {
    fail((err as Error).message.replace(/^observe: schedule\./, '--schedule ').replace(/^observe: /, '--schedule: '));
  }
  if (values['time-limit'] !== undefined) {
    const text = values['time-limit'];
    timeLimitS = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(timeLimitS) || timeLimitS < 1)
      fail(`--time-limit must be a whole number of seconds from 1, not "${text}".`);
  }
}

const reportDir = path.resolve(values['report-dir'] ?? 'reports');
// Observe: the previous session's (or run's) reports go as this session starts, as a server run's do
// (lib/cli/main.ts): one that ends without judging (killed, judging failed) leaves none looking like its own.
if (values.observe) await (await import('../lib/cli/main.js')).clearPreviousReports(reportDir);

const { startReferenceServer } = await import('../lib/reference/index.js');
const server = await startReferenceServer({
  contract,
  port,
  host: values.host ?? '127.0.0.1',
  auto: values.auto,
  sandbox,
  faults: requested as FaultName[],
  ...(schedule ? { observe: schedule } : {}),
});
const mode = server.sandbox
  ? `sandbox (advances on its own one step every ${server.sandbox.stepMs} ms; latency ${server.sandbox.latencyMs} ms; ` +
    `${server.sandbox.rateLimit.limit} requests per ${server.sandbox.rateLimit.windowSeconds} s per credential; ` +
    `${server.sandbox.seedCustomers} pre-existing customers of ${server.partners[0]?.name ?? 'partner A'})`
  : values.auto || server.observer
    ? 'auto (KYC, credit analysis and loans advance on their own)'
    : 'manual (drive it with the control API)';
console.log(
  pc.bold(
    server.observer ? 'Dinie reference server (observe: client certification)' : server.sandbox ? 'Dinie reference server (sandbox)' : 'Dinie reference server',
  ),
);
console.log(`  base URL     ${pc.cyan(server.baseUrl)}`);
console.log(
  `  contract     ${server.contract} revision (${server.contract === 'sdk' ? 'fixtures/openapi/dinie-v3-sdk.yaml' : 'fixtures/openapi/dinie-v3.yaml'})`,
);
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
console.log(
  `\nget a token:  curl -s -u '${server.partners[0]!.clientId}:${server.partners[0]!.clientSecret}' -d grant_type=client_credentials ${server.baseUrl}/auth/token`,
);

const observer = server.observer;
if (observer) {
  const origin = server.baseUrl.replace(/\/v3$/, '');
  console.log(`\n${pc.bold('observing')}: run your application against ${pc.cyan(server.baseUrl)} with the credentials above; every exchange is recorded.`);
  console.log('schedule (what a real sandbox does to a client, counted per credential and per webhook endpoint):');
  for (const line of describeSchedule(observer.schedule)) console.log(`  - ${line}`);
  console.log(`finish:       Ctrl-C, SIGTERM, curl -X POST ${origin}/_observe/finish${timeLimitS ? `, or after ${timeLimitS} s` : ''}`);
  console.log(
    `reports:      ${path.relative(process.cwd(), reportDir) || '.'}/ (conformance.html, conformance.json, junit.xml, ${skipAllurePage ? 'allure-results/' : 'allure-report/'}, client-session.json)${values.certify ? ', certification/' : ''}`,
  );
  observer.onFinish(async (session) => {
    try {
      return await judge(session);
    } catch (err) {
      console.error(`could not judge the session: ${(err as Error).message}`);
      exitCode = 1;
      setImmediate(() => void stop('error'));
      return { error: `could not judge the session: ${(err as Error).message}` };
    }
  });
  const secrets = () => observer.secrets();
  async function judge(session: ObservedSession) {
    console.log(
      `\n${session.endReason}: the session ended after ${(session.durationMs / 1000).toFixed(1)} s (${session.exchanges.length} requests, ${session.deliveries.length} webhook deliveries); judging`,
    );
    const { clientSummaryLines, finishClientCertification } = await import('../lib/partner/client/index.js');
    const out = await finishClientCertification({
      session,
      reportDir,
      certify: values.certify === true,
      secrets: secrets(),
      credentials: server.partners,
      ...(skipAllurePage ? { allureHtml: false } : {}),
    });
    // Scrubbed: a requirement's message can quote a request as sent, a secret in its query included.
    for (const line of clientSummaryLines(out)) console.log(line);
    exitCode = out.exitCode;
    // The finish request (if any) gets its answer first; then the server closes.
    setImmediate(() => void stop(session.endReason ?? 'closed'));
    return {
      verdict: out.report.verdict.status,
      summary: out.scrub(out.report.verdict.summary),
      exitCode: out.exitCode,
      reports: { html: out.written.html, json: out.written.json, junit: out.written.junit, session: out.sessionFile },
      ...(out.certified ? { certified: out.certified } : {}),
      ...(out.refused ? { refused: out.refused } : {}),
    };
  }
  if (timeLimitS) setTimeout(() => void observer.finish('time limit'), timeLimitS * 1000).unref();
}

let exitCode = 0;
let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  if (!observer) console.log(`\n${signal}: stopping`);
  await server.close();
  process.exit(exitCode);
}
function onSignal(signal: 'SIGINT' | 'SIGTERM') {
  if (!observer) return void stop(signal);
  // A second signal while judging: stop at once.
  if (finishing) process.exit(signal === 'SIGINT' ? 130 : 143);
  finishing = true;
  void observer.finish(signal as EndReason);
}
let finishing = false;
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));
