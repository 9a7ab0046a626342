// The CLI's options: every flag also comes from an environment variable (flag wins). Parsing and
// checking only; nothing here touches the network or the target.
import { existsSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AREAS, type Area } from '../checks/types.js';
import { checkReceiverOptions } from '../partner/receiver/options.js';
import { FAULTS, isFaultName } from '../reference/faults.js';
import { resolveContractPath } from '../spec/revisions.js';
import { ConfigError } from '../targets/types.js';
import { parseShard, SHARD_ENV, type Shard } from './shard.js';

/** Property cases per check unless --runs says otherwise; certification always uses it. */
export const DEFAULT_RUNS = 50;

/**
 * The whole run's time limit unless --deadline says otherwise, seconds. A full run takes about 35 s
 * against the reference server and a few minutes against a sandbox that moves by itself and paces
 * its callers; 15 minutes leaves room for that and still ends a run against a target that hangs
 * well inside a CI job's own limit, with every report written.
 */
export const DEFAULT_DEADLINE_S = 900;
/** The longest --deadline accepted (a week), seconds. */
export const MAX_DEADLINE_S = 604_800;

export type Command = 'test' | 'conformance' | 'certify' | 'merge';
export const COMMANDS: readonly Command[] = ['test', 'conformance', 'certify', 'merge'];

export interface CliOptions {
  command: Command;
  target: string;
  /** Absolute path of the contract's OpenAPI document (--contract docs|sdk|PATH, or its alias --spec; default docs). */
  contract: string;
  config?: string;
  seed: number;
  /** True when the seed was drawn at random (it is printed either way). */
  seedDrawn: boolean;
  runs: number;
  only: string[];
  onlyAreas: Area[];
  onlyIds: string[];
  webhookUrl?: string;
  webhookPort?: number;
  /** A partner's webhook receiver to certify instead of a server target (the suite plays Dinie toward it). */
  receiver?: string;
  /** The receiver's observation hook: a URL with `{webhook_id}`, answering `{"count": n}`. */
  receiverProcessedUrl?: string;
  timeoutMs?: number;
  /** The whole run's time limit, seconds: past it checks not yet run are reported as not run. */
  deadlineS: number;
  reportDir: string;
  strict: boolean;
  baseline?: string;
  compare?: string;
  faults: string[];
  auto: boolean;
  verify?: string;
  /** --shard i/n: this job runs the i-th of n shares of the checks (lib/cli/shard.ts). */
  shard?: Shard;
  /** Write allure-results but not the Allure HTML page. */
  skipAllurePage: boolean;
  /** merge: the shards' report dirs to join (the result goes to reportDir). */
  mergeDirs?: string[];
  help: boolean;
}

/** Flag, environment variable, and what it does: the single source of --help and the docs. */
export const OPTION_TABLE: { flag: string; env: string; help: string }[] = [
  { flag: '--target=local|mock|sandbox|URL|NAME', env: 'DINIE_TARGET', help: 'what to test (default local: the embedded reference server)' },
  {
    flag: '--contract docs|sdk|PATH',
    env: 'DINIE_CONTRACT',
    help: "the contract revision to judge against: docs (default; Dinie's documentation pages), sdk (the revision Dinie's SDK 1.1.0 speaks) or the path of any OpenAPI document; a target that appears to speak the other revision stops the run at start-up (exit 2)",
  },
  { flag: '--spec PATH', env: 'DINIE_SPEC', help: 'alias of --contract (it takes the same values)' },
  { flag: '--config PATH', env: 'DINIE_CONFIG', help: 'project config file naming targets (for --target=NAME)' },
  { flag: '--seed N', env: 'DINIE_SEED', help: 'fast-check seed (default random; always printed)' },
  { flag: '--runs N', env: 'DINIE_RUNS', help: 'property cases per check (default 50)' },
  { flag: '--only AREA|ID[,…]', env: 'DINIE_ONLY', help: `only these areas (${AREAS.join(', ')}) or requirement ids` },
  { flag: '--webhook-url URL', env: 'DINIE_WEBHOOK_URL', help: 'public URL the target delivers webhooks to (remote targets)' },
  { flag: '--webhook-port N', env: 'DINIE_WEBHOOK_PORT', help: 'local port of the webhook receiver' },
  {
    flag: '--receiver=URL',
    env: 'DINIE_RECEIVER',
    help: "certify a partner's webhook receiver instead of a server: deliveries signed with DINIE_WEBHOOK_SECRET (whsec_…)",
  },
  {
    flag: '--receiver-processed-url TEMPLATE',
    env: 'DINIE_RECEIVER_PROCESSED_URL',
    help: 'with --receiver: the receiver\'s observation hook, {webhook_id} in it, answering {"count": n}',
  },
  { flag: '--timeout MS', env: 'DINIE_TIMEOUT', help: 'how long to wait for asynchronous outcomes, per wait (a single request waits at most min(10 s, this))' },
  {
    flag: '--deadline SECONDS',
    env: 'DINIE_DEADLINE',
    help: `the whole run's time limit (default ${DEFAULT_DEADLINE_S}: a full run takes under a minute locally and a few minutes on a sandbox, so 15 min ends a run against a hanging target well inside a CI job's limit); past it, checks not yet run are reported as not run, running ones are cancelled, every report is still written, and the run is incomplete`,
  },
  { flag: '--report-dir DIR', env: 'DINIE_REPORT_DIR', help: 'where reports are written (default reports/)' },
  {
    flag: '--shard I/N',
    env: 'DINIE_SHARD',
    help: "run the I-th of N shares of the checks (each area's checks, and the exclusive ones, stay together); join the N report dirs with merge",
  },
  {
    flag: '--skip-allure-page',
    env: 'DINIE_SKIP_ALLURE_PAGE=1',
    help: "write allure-results (scrubbed, annotated) but not the Allure HTML page, about a second less: for --shard jobs (merge renders the page from every shard's results) and runs nobody reads the page of",
  },
  { flag: '--strict', env: 'DINIE_STRICT=1', help: 'SHOULD violations fail the run too' },
  { flag: '--baseline FILE', env: 'DINIE_BASELINE', help: 'known failures {target, known:[{id, note}]} that do not fail the run' },
  { flag: '--compare PREVIOUS.json', env: 'DINIE_COMPARE', help: 'mark regressions and fixes against an earlier conformance.json' },
  { flag: '--fault NAME (repeatable)', env: 'DINIE_FAULTS=a,b', help: 'local target only: switch on a named fault of the reference server' },
  { flag: '--auto', env: 'DINIE_AUTO=1', help: 'local target: the reference server advances async processes on its own' },
  { flag: '--verify DIR', env: '', help: 'certify only: check a certification package (hashes and verdict)' },
  { flag: '--help', env: '', help: 'this text' },
];

export function helpText(): string {
  const w = Math.max(...OPTION_TABLE.map((o) => o.flag.length));
  const e = Math.max(...OPTION_TABLE.map((o) => o.env.length));
  return [
    'Usage: dinie-conformance <test|conformance|certify|merge> [options]',
    '  npm test [-- options]             self-tests (unit project) and the conformance suites against the target',
    '  npm run conformance [-- options]  the conformance suites only; writes every report',
    '  npm run certify [-- options]      full run; writes a certification package if every MUST passed',
    '  npm run certify -- --verify DIR   checks a certification package',
    '  npm run merge -- DIR... [--report-dir OUT]',
    "                                    joins the report dirs of a run's --shard jobs into one report and verdict",
    '',
    'Options (each also from its environment variable; the flag wins):',
    ...OPTION_TABLE.map((o) => `  ${o.flag.padEnd(w)}  ${o.env.padEnd(e)}  ${o.help}`),
    '',
    `Faults: ${Object.keys(FAULTS).join(', ')}`,
    'Exit codes: 0 conforming (or only known failures), 1 a MUST (or, with --strict, a SHOULD) or a self-test failed, or MUSTs were not checked',
    '  (not declared by the target, or not run before the deadline), 2 bad configuration, 130 / 143 interrupted (SIGINT / SIGTERM: reports say INTERRUPTED).',
    '',
  ].join('\n');
}

const truthy = (v: string | undefined) => v !== undefined && /^(1|true|yes|on)$/i.test(v.trim());
// Requirement ids (any case, as DINIE_ONLY matches them); a trailing `*` selects an id prefix.
const ID_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9_.]+)+-?\*?$|^[A-Za-z][A-Za-z0-9]*-\*$/;

function integer(value: string, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ConfigError(`${what} must be an integer between ${min} and ${max}, not "${value}".`);
  }
  return n;
}

function existingFile(file: string, what: string, dir = false): string {
  if (!existsSync(file)) throw new ConfigError(`The ${what} ${file} does not exist.`);
  const isDir = statSync(file).isDirectory();
  if (dir !== isDir) throw new ConfigError(`The ${what} ${file} is ${isDir ? 'a directory' : 'not a directory'}.`);
  return file;
}

export function parseOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        target: { type: 'string' },
        contract: { type: 'string' },
        spec: { type: 'string' },
        config: { type: 'string' },
        receiver: { type: 'string' },
        'receiver-processed-url': { type: 'string' },
        seed: { type: 'string' },
        runs: { type: 'string' },
        only: { type: 'string' },
        'webhook-url': { type: 'string' },
        'webhook-port': { type: 'string' },
        timeout: { type: 'string' },
        deadline: { type: 'string' },
        'report-dir': { type: 'string' },
        strict: { type: 'boolean' },
        baseline: { type: 'string' },
        compare: { type: 'string' },
        fault: { type: 'string', multiple: true },
        auto: { type: 'boolean' },
        verify: { type: 'string' },
        shard: { type: 'string' },
        'skip-allure-page': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    // `--runs -1`: parseArgs calls a value starting with a dash "ambiguous"; say what was given and how to give it.
    const dashed = /^Option '(--[\w-]+)' argument is ambiguous/.exec((err as Error).message);
    const given = dashed ? argv[argv.indexOf(dashed[1]!) + 1] : undefined;
    if (dashed && given !== undefined)
      throw new ConfigError(`${dashed[1]} was given "${given}", which starts with a dash: write ${dashed[1]}=${given} if that is its value; see --help.`);
    const msg = (err as Error).message.split('\n')[0]!.replace(/\. To specify a positional.*$/, '');
    throw new ConfigError(`${msg.replace(/\.$/, '')}; see --help.`);
  }
  const { values: v, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (v.help) return { ...defaults(), command: (COMMANDS as readonly string[]).includes(command ?? '') ? (command as Command) : 'conformance', help: true };
  if (!command || !(COMMANDS as readonly string[]).includes(command)) {
    throw new ConfigError(`Unknown command "${command ?? ''}": use test, conformance, certify or merge.`);
  }
  if (command === 'merge') return mergeOptions(v, extra, env);
  if (extra.length) throw new ConfigError(`Unexpected argument "${extra[0]}"; options take the form --name=value (see --help).`);

  const pick = (flag: string | undefined, name: string) => (flag !== undefined ? flag : env[name] !== undefined && env[name] !== '' ? env[name] : undefined);

  const seedText = pick(v.seed, 'DINIE_SEED');
  const seed = seedText !== undefined ? integer(seedText, '--seed', -(2 ** 31), 2 ** 31 - 1) : Math.floor(Math.random() * 2 ** 31);
  const runsText = pick(v.runs, 'DINIE_RUNS');
  const runs = runsText !== undefined ? integer(runsText, '--runs', 1, 100_000) : DEFAULT_RUNS;
  const timeoutText = pick(v.timeout, 'DINIE_TIMEOUT');
  const deadlineText = pick(v.deadline, 'DINIE_DEADLINE');
  const deadlineS = deadlineText !== undefined ? integer(deadlineText, '--deadline (seconds)', 1, MAX_DEADLINE_S) : DEFAULT_DEADLINE_S;
  const portText = pick(v['webhook-port'], 'DINIE_WEBHOOK_PORT');

  const only = (pick(v.only, 'DINIE_ONLY') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const onlyAreas: Area[] = [];
  const onlyIds: string[] = [];
  for (const item of only) {
    if ((AREAS as readonly string[]).includes(item)) onlyAreas.push(item as Area);
    else if (ID_PATTERN.test(item)) onlyIds.push(item);
    else throw new ConfigError(`Unknown area "${item}" in --only; areas are ${AREAS.join(', ')} (or give requirement ids like AUTH-TOKEN-ISSUED).`);
  }

  const faults = [...(v.fault ?? []), ...(v.fault ? [] : (env.DINIE_FAULTS ?? '').split(','))].map((s) => s.trim()).filter(Boolean);
  for (const f of faults) if (!isFaultName(f)) throw new ConfigError(`Unknown fault "${f}"; the reference server's faults are listed by --help.`);
  const target = pick(v.target, 'DINIE_TARGET') ?? 'local';
  if (faults.length && target !== 'local') throw new ConfigError('--fault only applies to the local reference server (--target=local).');
  const auto = v.auto ?? truthy(env.DINIE_AUTO);
  if (auto && target !== 'local') throw new ConfigError('--auto only applies to the local reference server (--target=local).');

  const contract = contractOption(v.contract, v.spec, env);
  const config = pick(v.config, 'DINIE_CONFIG');
  const baseline = pick(v.baseline, 'DINIE_BASELINE');
  const compare = pick(v.compare, 'DINIE_COMPARE');
  const webhookUrl = pick(v['webhook-url'], 'DINIE_WEBHOOK_URL');
  if (webhookUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(webhookUrl)) throw new ConfigError(`--webhook-url must be an http(s) URL, not "${webhookUrl}".`);
  const receiver = checkReceiverOptions({
    command,
    receiver: pick(v.receiver, 'DINIE_RECEIVER'),
    processedUrl: pick(v['receiver-processed-url'], 'DINIE_RECEIVER_PROCESSED_URL'),
    targetFlag: v.target !== undefined,
    faults,
    auto,
    onlyAreas,
    onlyIds,
  });
  if (config !== undefined) existingFile(config, 'config file');
  if (baseline !== undefined) existingFile(baseline, 'baseline file');
  if (compare !== undefined) existingFile(compare, 'previous report');
  if (v.verify !== undefined) {
    if (command !== 'certify') throw new ConfigError('--verify belongs to certify: npm run certify -- --verify DIR.');
    existingFile(v.verify, 'certification package', true);
  }
  if (command === 'certify' && only.length) throw new ConfigError('certify runs every requirement: drop --only.');
  const shardText = pick(v.shard, SHARD_ENV);
  const shard = shardText !== undefined ? parseShard(shardText, v.shard !== undefined ? '--shard' : SHARD_ENV) : undefined;
  if (shard && command === 'certify') throw new ConfigError('certify runs every requirement in one run: drop --shard.');
  // Each job would draw a seed of its own, and merge refuses shards of different seeds: say so now, not after every job ran.
  if (shard && seedText === undefined)
    throw new ConfigError(
      "--shard needs --seed N (or DINIE_SEED), the same in every shard, so that the shards draw the same property cases and merge into one run (the CI pipeline's id will do).",
    );
  if (shard && receiver.receiver !== undefined)
    throw new ConfigError('--shard splits the checks of a server target; a receiver certification runs whole: drop --shard.');
  if (shard && command === 'test' && target === 'local') {
    throw new ConfigError(
      '--shard splits the conformance checks, not the self-tests npm test runs first on the local target: use npm run conformance -- --shard … (or drop --shard).',
    );
  }
  if (command === 'certify' && runsText !== undefined && runs !== DEFAULT_RUNS) {
    throw new ConfigError(`certify uses the default ${DEFAULT_RUNS} property cases per check: drop --runs (or DINIE_RUNS).`);
  }

  return {
    command: command as Command,
    target,
    contract,
    ...(config !== undefined ? { config } : {}),
    seed,
    seedDrawn: seedText === undefined,
    runs,
    only,
    onlyAreas,
    onlyIds,
    ...(webhookUrl !== undefined ? { webhookUrl } : {}),
    ...receiver,
    ...(portText !== undefined ? { webhookPort: integer(portText, '--webhook-port', 0, 65535) } : {}),
    ...(timeoutText !== undefined ? { timeoutMs: integer(timeoutText, '--timeout', 1) } : {}),
    deadlineS,
    reportDir: pick(v['report-dir'], 'DINIE_REPORT_DIR') ?? 'reports',
    strict: v.strict ?? truthy(env.DINIE_STRICT),
    ...(baseline !== undefined ? { baseline } : {}),
    ...(compare !== undefined ? { compare } : {}),
    faults,
    auto,
    ...(v.verify !== undefined ? { verify: v.verify } : {}),
    ...(shard ? { shard } : {}),
    skipAllurePage: v['skip-allure-page'] ?? truthy(env.DINIE_SKIP_ALLURE_PAGE),
    help: false,
  };
}

/** merge DIR... [--report-dir OUT]: every run setting comes from the shards' reports, so nothing else is taken. */
function mergeOptions(v: Record<string, unknown>, dirs: string[], env: NodeJS.ProcessEnv): CliOptions {
  const other = Object.keys(v).filter((k) => k !== 'report-dir' && v[k] !== undefined);
  if (other.length)
    throw new ConfigError(`merge takes the shards' report dirs and --report-dir only, not --${other[0]}: the run's settings come from the shards' reports.`);
  if (!dirs.length)
    throw new ConfigError('merge needs the report dirs of the shards to join, e.g. npm run merge -- reports/shard-1 reports/shard-2 reports/shard-3.');
  for (const d of dirs) existingFile(d, 'shard report dir', true);
  const reportDir = (v['report-dir'] as string | undefined) ?? (env.DINIE_REPORT_DIR || 'reports');
  return { ...defaults(), command: 'merge', mergeDirs: dirs, reportDir };
}

/**
 * --contract docs|sdk|PATH (or DINIE_CONTRACT), with --spec (DINIE_SPEC) as its alias: the absolute
 * path of the document, `docs` when none is given. Flags win over the environment; the two names
 * given at one level must name the same document.
 */
function contractOption(contractFlag: string | undefined, specFlag: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = (contract: string | undefined, spec: string | undefined, names: [string, string]) => [
    ...(contract !== undefined ? [{ name: names[0], value: contract }] : []),
    ...(spec !== undefined ? [{ name: names[1], value: spec }] : []),
  ];
  const envValue = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const flags = given(contractFlag, specFlag, ['--contract', '--spec']);
  const choices = flags.length ? flags : given(envValue('DINIE_CONTRACT'), envValue('DINIE_SPEC'), ['DINIE_CONTRACT', 'DINIE_SPEC']);
  const paths = choices.map(({ name, value }) => {
    try {
      return resolveContractPath(value);
    } catch (e) {
      throw new ConfigError(`${name}: ${(e as Error).message}`);
    }
  });
  if (paths.length === 2 && paths[0] !== paths[1]) {
    throw new ConfigError(
      `${choices[0]!.name} ${choices[0]!.value} and ${choices[1]!.name} ${choices[1]!.value} name different contracts: give one (${choices[1]!.name} is an alias of ${choices[0]!.name}).`,
    );
  }
  return paths[0] ?? resolveContractPath('docs');
}

function defaults(): CliOptions {
  return {
    command: 'conformance',
    target: 'local',
    contract: resolveContractPath('docs'),
    seed: 0,
    seedDrawn: true,
    runs: DEFAULT_RUNS,
    only: [],
    onlyAreas: [],
    onlyIds: [],
    deadlineS: DEFAULT_DEADLINE_S,
    reportDir: 'reports',
    strict: false,
    faults: [],
    auto: false,
    skipAllurePage: false,
    help: false,
  };
}
