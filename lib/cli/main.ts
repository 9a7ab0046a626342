// The CLI's flow: options → contract → target (preflight) → vitest → reports → verdict.
// Bad configuration ends in one sentence on stderr and exit code 2; nothing secret is printed.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEADLINE_AT_ENV, DEADLINE_ENV, notRunResult } from '../checks/not-run.js';
import { AREAS, type CheckResult } from '../checks/types.js';
import type { SelfTestResult } from '../report/junit.js';
import { collectCredentials, collectSecrets, makeScrubber, type Scrubber, scrubInternals } from '../report/redact.js';
import type { BaselineFile, RunReport } from '../report/types.js';
import { revisionOfPath } from '../spec/revisions.js';
import { ConfigError } from '../targets/types.js';
import { type CliOptions, helpText, parseOptions } from './options.js';
import { type Shard, shardName } from './shard.js';
import { type RunStop, SIGNAL_EXIT_CODE, type StopSignal, watchRun } from './stop.js';
import { notRunReason, stoppedLine, withStopWords } from './stopped.js';

// Only options, redaction and types load up front: bad configuration must answer within seconds,
// so the report renderers, vitest and the contract loader are imported when a run needs them.

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Raw writes for the progress line. */
  write: (s: string) => void;
  tty: boolean;
  color: boolean;
}

export const processIo = (): Io => ({
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  write: (s) => process.stdout.write(s),
  tty: !!process.stdout.isTTY && !process.env.CI,
  color: !!process.stdout.isTTY && !process.env.NO_COLOR && !process.env.CI,
});

const isConfigError = (e: unknown) => !!e && typeof e === 'object' && ['ConfigError', 'BaselineError', 'CompareError'].includes((e as Error).name);

function suiteInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return { name: pkg.name, version: pkg.version };
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Io = processIo()): Promise<number> {
  let scrub: Scrubber = makeScrubber();
  const say = (l: string) => io.out(scrub(l));
  try {
    const opts = parseOptions(argv, env);
    if (opts.help) {
      io.out(helpText());
      return 0;
    }
    if (opts.command === 'certify' && opts.verify) return await verify(opts.verify, io);
    // merge: the reports of a run's --shard jobs become one report and one verdict (lib/cli/merge.ts).
    if (opts.command === 'merge') return await (await import('./merge.js')).runMerge(opts, io);
    // --receiver: the suite plays Dinie toward a partner's webhook receiver (lib/partner/receiver).
    if (opts.receiver) {
      const { runReceiverCertification } = await import('../partner/receiver/cli.js');
      return await runReceiverCertification({ ...opts, receiver: opts.receiver }, env, io, ROOT, (s) => (scrub = s));
    }
    return await run(opts, env, io, (s) => (scrub = s), say);
  } catch (e) {
    if (isConfigError(e)) {
      io.err(scrub(`dinie-conformance: ${(e as Error).message}`));
      return 2;
    }
    io.err(scrub(`dinie-conformance: internal error: ${(e as Error)?.stack ?? String(e)}`));
    return 1;
  }
}

async function verify(dir: string, io: Io): Promise<number> {
  const { verifyCertificationPackage } = await import('../report/certify.js');
  const result = await verifyCertificationPackage(dir);
  if (result.ok) {
    io.out(`verified: ${dir} (target ${result.target}); every hash matches and the recomputed verdict certifies it`);
    return 0;
  }
  for (const p of result.problems) io.out(`✗ ${p}`);
  io.out(`NOT verified: ${dir}`);
  return 1;
}

/** What a run (and a client certification session: client-session.json) writes in its report dir; removed at the start of the next, before anything else. */
const REPORT_FILES = ['conformance.json', 'conformance.html', 'junit.xml', 'allure-report', 'allure-results', 'client-session.json'];

/**
 * Removes the previous run's reports from the report dir (the Allure history and certification
 * packages stay), so a run that ends early (bad configuration, interrupted, crashed) never leaves
 * another run's reports, perhaps of another target, looking like its own.
 */
export async function clearPreviousReports(reportDir: string): Promise<void> {
  await Promise.all(REPORT_FILES.map((f) => rm(path.join(reportDir, f), { recursive: true, force: true })));
}

class Interrupted extends Error {
  constructor(readonly signal: StopSignal) {
    super(`interrupted (${signal})`);
  }
}

async function run(opts: CliOptions, env: NodeJS.ProcessEnv, io: Io, setScrub: (s: Scrubber) => void, say: (l: string) => void): Promise<number> {
  const startedAt = new Date();
  const t0 = performance.now();
  const deadlineAt = Date.now() + opts.deadlineS * 1000;
  const { loadBaseline } = await import('../report/baseline.js');
  const { loadPreviousReport } = await import('../report/compare.js');
  // Read first: --compare may name the previous conformance.json of this very report dir.
  const baseline: BaselineFile | undefined = opts.baseline ? await loadBaseline(opts.baseline) : undefined;
  const previous = opts.compare ? await loadPreviousReport(opts.compare) : undefined;
  // --shard: which checks this job runs, decided before anything starts (a bad split is configuration).
  const shard = opts.shard ? await shardOfRun(opts, opts.shard) : undefined;
  const reportDir = path.resolve(opts.reportDir);
  await clearPreviousReports(reportDir);

  const stop = watchRun({
    deadlineAt,
    notify: (signal) =>
      io.err(
        `dinie-conformance: interrupted (${signal}): stopping the checks and writing the reports of what ran (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)`,
      ),
  });
  const state: RunState = { startedAt, t0, deadlineAt, baseline, previous, reportDir, stop, shard, env };
  try {
    return await runWatched(opts, io, setScrub, say, state);
  } catch (e) {
    if (e instanceof Interrupted) {
      io.err(`dinie-conformance: interrupted (${e.signal}) before any check ran; no report was written`);
      return SIGNAL_EXIT_CODE[e.signal];
    }
    throw e;
  } finally {
    stop.dispose();
    // Started with the checks to render the Allure page; ended if no report came to use it.
    state.allure?.dispose();
  }
}

interface RunState {
  startedAt: Date;
  t0: number;
  deadlineAt: number;
  baseline: BaselineFile | undefined;
  previous: Awaited<ReturnType<typeof import('../report/compare.js').loadPreviousReport>> | undefined;
  reportDir: string;
  stop: RunStop;
  shard: ShardOfRun | undefined;
  /** The environment main was given: the target's credentials are read from it. */
  env: NodeJS.ProcessEnv;
  /** Renders the Allure page at the end; started with the checks so Allure's modules load meanwhile. */
  allure?: import('../report/allure-process.js').AllureProcess;
}

/**
 * The run, step by step: open the target and the contract, run the self-tests (the `test` command
 * on the local target) and the checks, settle the results (not run, internals scrubbed), write the
 * reports, and turn the verdict into the exit code.
 */
async function runWatched(opts: CliOptions, io: Io, setScrub: (s: Scrubber) => void, say: (l: string) => void, state: RunState): Promise<number> {
  const { resolved, contract } = await openTargetAndContract(opts, state.stop, state.env);
  const { spec } = resolved;
  // Every secret the CLI knows (the target's credentials, of any length), in every encoding,
  // including the bare base64 of client_id:client_secret; what the workers learn they redact there.
  const scrubber = () => makeScrubber(collectSecrets(spec), { credentials: collectCredentials(spec) });
  setScrub(scrubber());

  const ran: Ran = { checks: [], selfTests: undefined, errors: [] };
  try {
    announce(opts, spec, contract, state.shard, say);
    await probeTargetRevision(resolved, contract.revision, Math.min(5_000, opts.timeoutMs ?? 5_000), say, state.stop);
    await mkdir(state.reportDir, { recursive: true });
    await rm(allureResultsOf(state), { recursive: true, force: true });
    const env = await workerEnv(opts, spec, state);
    if (opts.command === 'test') {
      // --deadline bounds the run against the target: the self-tests (this machine's work) do not spend it.
      const selfTestsStarted = Date.now();
      await runSelfTests(opts, env, io, state, ran, say);
      const spent = Date.now() - selfTestsStarted;
      state.stop.postpone(spent);
      state.deadlineAt += spent;
      env[DEADLINE_AT_ENV] = String(state.deadlineAt);
    }
    if (!opts.skipAllurePage) state.allure = (await import('../report/allure-process.js')).startAllureProcess();
    await runSuites(env, io, state, ran);
  } finally {
    // The embedded reference server ends with the run; a stopped run does not wait on it for long.
    await Promise.race([resolved.close(), new Promise((r) => setTimeout(r, state.stop.signal.aborted ? 5_000 : 60_000).unref())]);
  }

  const interrupted = await settleResults(opts, state, ran, say);
  const report = await buildReport(opts, spec, contract, state, ran, interrupted);
  const { written, paths } = await writeReports(opts, report, state, ran, scrubber(), say);

  // Decision 19: 0 only when no MUST failed (apart from the baseline's known failures), every
  // skipped MUST lacked only what the target declares, nothing broke and no self-test failed.
  // verdict.passed holds the first three; an incomplete run that passes still says INCOMPLETE.
  let code = report.verdict.passed && ran.errors.length === 0 && !(ran.selfTests ?? []).some((t) => t.state === 'failed') ? 0 : 1;
  // Interrupted: 128 + the signal's number, as a shell reports it (130 for SIGINT, 143 for SIGTERM).
  if (interrupted) code = SIGNAL_EXIT_CODE[interrupted];
  const { renderSummary } = await import('./summary.js');
  const lines = renderSummary({ report, reportPaths: paths, ...(ran.selfTests ? { selfTests: ran.selfTests } : {}), errors: ran.errors, color: io.color });
  if (opts.command === 'certify') code = await certify(report, written, opts, state, ran, lines, code);
  // A shard's verdict is its share's: said before the closing line, which stays last (CI reads it).
  if (state.shard)
    lines.splice(
      -1,
      0,
      `shard ${shardName(state.shard.shard)}: the verdict above is this shard's ${state.shard.checks.length} checks'; the run's comes from merging the ${state.shard.shard.count} shards' report dirs (npm run merge -- DIR...)`,
    );
  for (const l of lines) say(l);
  return code;
}

type Contract = import('../spec/index.js').Contract;
type ResolvedTarget = import('../targets/index.js').ResolvedTarget;
type TargetSpec = ResolvedTarget['spec'];

/** What the run produced before its report: results, self-test results (`test` only), errors outside any check. */
interface Ran {
  checks: CheckResult[];
  selfTests: SelfTestResult[] | undefined;
  errors: string[];
}

const allureResultsOf = (state: Pick<RunState, 'reportDir'>) => path.join(state.reportDir, 'allure-results');

/** Resolves the target (its preflight is bounded; a signal meanwhile ends the run) and loads the contract. */
async function openTargetAndContract(opts: CliOptions, stop: RunStop, env: NodeJS.ProcessEnv): Promise<{ resolved: ResolvedTarget; contract: Contract }> {
  const { resolveTarget } = await import('../targets/index.js');
  const resolving = resolveTarget({
    env,
    target: opts.target,
    faults: opts.faults,
    auto: opts.auto,
    // The local reference server speaks the chosen revision (a custom document: the docs revision).
    contract: revisionOfPath(opts.contract) === 'sdk' ? 'sdk' : 'docs',
    ...(opts.webhookUrl ? { webhookUrl: opts.webhookUrl } : {}),
    ...(opts.webhookPort !== undefined ? { webhookPort: opts.webhookPort } : {}),
    ...(opts.config ? { configPath: opts.config } : {}),
  });
  // A local reference server still starting when a signal comes is closed once it is up.
  const resolved = await Promise.race([
    resolving,
    stop.onSignal.then((signal) => {
      resolving.then(
        (r) => r.close(),
        () => undefined,
      );
      throw new Interrupted(signal);
    }),
  ]);
  const { loadContract } = await import('../spec/index.js');
  try {
    return { resolved, contract: await loadContract(opts.contract) };
  } catch (e) {
    await resolved.close();
    throw new ConfigError(`The contract ${path.relative(process.cwd(), opts.contract)} cannot be loaded: ${((e as Error).message ?? '').split('\n')[0]}`);
  }
}

/** The two opening lines: the target and what it can do; the contract and the run's settings. */
function announce(opts: CliOptions, spec: TargetSpec, contract: Contract, shard: ShardOfRun | undefined, say: (l: string) => void): void {
  say(`dinie-conformance ${opts.command}: target ${spec.name} (${spec.baseUrl}) · capabilities ${spec.capabilities.join(', ') || 'none'}`);
  const revisionWords =
    contract.revision === 'custom' ? `custom document ${path.relative(ROOT, opts.contract) || opts.contract}` : `${contract.revision} revision`;
  say(
    `contract ${contract.title} ${contract.version} (${revisionWords}, digest ${contract.digest.slice(0, 12)}) · seed ${opts.seed} · runs ${opts.runs} · deadline ${opts.deadlineS} s${opts.only.length ? ` · only ${opts.only.join(',')}` : ''}${opts.faults.length ? ` · faults ${opts.faults.join(',')}` : ''}`,
  );
  if (shard)
    say(
      `shard ${shardName(shard.shard)}: ${shard.checks.length} of the ${shard.selected} checks selected (${shard.groups.join(', ')}); join the ${shard.shard.count} shards' report dirs with merge for the run's verdict`,
    );
}

/** What the vitest workers are told: the target, the settings, the deadline and the run's tag. */
async function workerEnv(opts: CliOptions, spec: TargetSpec, state: RunState): Promise<Record<string, string | undefined>> {
  const { TARGET_ENV, encodeTargetSpec } = await import('../targets/index.js');
  return {
    [TARGET_ENV]: encodeTargetSpec(spec),
    DINIE_SEED: String(opts.seed),
    DINIE_RUNS: String(opts.runs),
    DINIE_TIMEOUT: opts.timeoutMs !== undefined ? String(opts.timeoutMs) : undefined,
    DINIE_STRICT: opts.strict ? '1' : undefined,
    DINIE_ONLY: state.shard ? state.shard.checks.join(',') : opts.only.length ? opts.only.join(',') : undefined,
    DINIE_SPEC: opts.contract,
    // The workers start no check after the deadline and cancel the ones running when it passes.
    [DEADLINE_AT_ENV]: String(state.deadlineAt),
    [DEADLINE_ENV]: String(opts.deadlineS),
    // One tag for the whole run, so every customer it leaves on a shared sandbox says which run made it.
    DINIE_RUN_TAG: process.env.DINIE_RUN_TAG ?? `${state.startedAt.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
  };
}

/** The `test` command's self-tests (local target only), first: they prove the checks can fail. */
async function runSelfTests(
  opts: CliOptions,
  env: Record<string, string | undefined>,
  io: Io,
  state: RunState,
  ran: Ran,
  say: (l: string) => void,
): Promise<void> {
  if (opts.target !== 'local') {
    ran.selfTests = [];
    return;
  }
  const { runVitest } = await import('./run-vitest.js');
  const { progressPrinter } = await import('./progress.js');
  const { TARGET_ENV } = await import('../targets/index.js');
  const progress = progressPrinter(io.write, io.tty, 'self-tests');
  const unit = await runVitest({
    root: ROOT,
    project: 'unit',
    env: { ...env, [TARGET_ENV]: undefined, DINIE_ONLY: undefined, [DEADLINE_AT_ENV]: undefined, [DEADLINE_ENV]: undefined },
    onProgress: (p) => progress.update(p),
    onTick: (p) => progress.heartbeat(p),
    allureResultsDir: allureResultsOf(state),
    signal: state.stop.signal,
  });
  progress.finish();
  ran.selfTests = unit.selfTests;
  ran.errors.push(...unit.errors);
  say(`self-tests: ${unit.selfTests.filter((t) => t.state === 'passed').length} passed, ${unit.selfTests.filter((t) => t.state === 'failed').length} failed`);
}

/** The conformance checks, as vitest tests of the `suites` project; none start past the deadline. */
async function runSuites(env: Record<string, string | undefined>, io: Io, state: RunState, ran: Ran): Promise<void> {
  const { runVitest } = await import('./run-vitest.js');
  const { progressPrinter } = await import('./progress.js');
  const { stop } = state;
  const progress = progressPrinter(io.write, io.tty, 'checks');
  // Past the deadline or interrupted already (during the self-tests): no check starts.
  const suites =
    stop.signal.aborted || stop.deadlinePassed()
      ? undefined
      : await runVitest({
          root: ROOT,
          // The catalogue's one file; DINIE_ONLY (in env) selects its checks.
          project: 'suites',
          env,
          allureResultsDir: allureResultsOf(state),
          onProgress: (p) => progress.update(p),
          onTick: (p) => progress.heartbeat(p),
          signal: stop.signal,
        });
  progress.finish();
  ran.checks = suites?.checks ?? [];
  ran.errors.push(...(suites?.errors ?? []));
}

/**
 * After the checks: a run cut short (a signal, the deadline) reports every selected check without a
 * result as not run; no stack trace or path of this machine stays; an --only naming no check is
 * configuration. Returns the signal that interrupted the run, if any.
 */
async function settleResults(opts: CliOptions, state: RunState, ran: Ran, say: (l: string) => void): Promise<StopSignal | undefined> {
  const { stop, shard } = state;
  const interrupted = stop.interrupted();
  if (interrupted || stop.deadlinePassed() || stop.signal.aborted) {
    ran.checks = await withNotRun(ran.checks, opts, interrupted, shard?.checks);
    const line = stoppedLine(ran.checks, { interrupted, deadlineS: opts.deadlineS });
    if (line) say(line);
  }
  ran.checks = ran.checks.map(withoutInternals);
  ran.errors.splice(0, ran.errors.length, ...ran.errors.map((e) => scrubInternals(e)));

  // A sharded run checked --only against every shard's checks before it started.
  const unmatched = shard
    ? []
    : opts.onlyIds.filter((id) => {
        const re = new RegExp(`^${id.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*$/, '.*')}$`, 'i');
        return !ran.checks.some((c) => re.test(c.id));
      });
  if (unmatched.length) throw new ConfigError(`--only names ${unmatched.join(', ')}, which no check has.`);
  if (ran.checks.length === 0 && ran.errors.length === 0) {
    throw new ConfigError(opts.only.length ? `--only ${opts.only.join(',')} selects no check.` : 'No conformance check was found under suites/.');
  }
  return interrupted;
}

/** The run's report: results, verdict, baseline and comparison, the public view of the target. */
async function buildReport(
  opts: CliOptions,
  spec: TargetSpec,
  contract: Contract,
  state: RunState,
  ran: Ran,
  interrupted: StopSignal | undefined,
): Promise<RunReport> {
  const { buildRunReport } = await import('../report/index.js');
  const { publicTargetInfo } = await import('../targets/index.js');
  const { baseline, previous, shard } = state;
  const report: RunReport = buildRunReport({
    suite: suiteInfo(),
    // The public view of the target (never its credentials): the report records what it declares it cannot do.
    target: publicTargetInfo(spec),
    contract: {
      title: contract.title,
      version: contract.version,
      revision: contract.revision,
      digest: contract.digest,
      path: path.relative(ROOT, opts.contract) || opts.contract,
    },
    seed: opts.seed,
    runs: opts.runs,
    options: {
      command: opts.command,
      only: opts.only,
      strict: opts.strict,
      timeoutMs: opts.timeoutMs ?? null,
      faults: opts.faults,
      auto: opts.auto,
      webhookUrl: opts.webhookUrl ?? null,
      webhookPort: opts.webhookPort ?? null,
      baseline: opts.baseline ?? null,
      compare: opts.compare ?? null,
      deadlineS: opts.deadlineS,
    },
    startedAt: state.startedAt,
    durationMs: performance.now() - state.t0,
    results: ran.checks,
    ...(baseline ? { baseline: { file: opts.baseline!, content: baseline } } : {}),
    ...(previous ? { previous: { file: opts.compare!, report: previous } } : {}),
    errors: ran.errors,
    ...(interrupted ? { interrupted } : {}),
  });
  if (shard) report.shard = { index: shard.shard.index, count: shard.shard.count };
  return report;
}

/**
 * Writes every report (secrets scrubbed) from the report dir's allure-results; a previous run's
 * Allure history travels with its conformance.json. The receiver certification writes its own
 * through here too, so both honour --skip-allure-page alike.
 */
export async function writeReports(
  opts: Pick<CliOptions, 'compare' | 'skipAllurePage'>,
  report: RunReport,
  state: Pick<RunState, 'reportDir' | 'allure'>,
  ran: Pick<Ran, 'selfTests'>,
  scrub: Scrubber,
  say: (l: string) => void,
) {
  const { writeRunReports } = await import('../report/index.js');
  const { reportDir } = state;
  if (opts.compare) {
    const previousHistory = path.join(path.dirname(path.resolve(opts.compare)), 'allure-history.jsonl');
    const history = path.join(reportDir, 'allure-history.jsonl');
    if (previousHistory !== history && existsSync(previousHistory) && !existsSync(history)) await copyFile(previousHistory, history);
  }
  const written = await writeRunReports({
    report,
    dir: reportDir,
    scrub,
    ...(ran.selfTests ? { selfTests: ran.selfTests } : {}),
    allureResultsDir: allureResultsOf(state),
    ...(opts.skipAllurePage ? { renderAllure: false } : {}),
    ...(state.allure ? { allureProcess: state.allure } : {}),
  });
  // --skip-allure-page: the results stand in for the page (merge, or allure generate, renders them).
  const allurePath = written.allure ?? (opts.skipAllurePage ? allureResultsOf(state) : undefined);
  const paths = [written.html, written.json, written.junit, ...(allurePath ? [allurePath] : [])].map(relToCwd);
  if (written.allureError) say(`allure report not rendered: ${written.allureError}`);
  return { written, paths };
}

/** A path as the console shows it: relative to the working directory when inside it. */
export const relToCwd = (p: string) => {
  const r = path.relative(process.cwd(), p);
  return r && !r.startsWith('..') ? r : p;
};

/** `certify`: a package of the written run when it certifies, else the reason; returns the exit code. */
async function certify(
  report: RunReport,
  written: Awaited<ReturnType<typeof writeReports>>['written'],
  opts: CliOptions,
  state: RunState,
  ran: Ran,
  lines: string[],
  code: number,
): Promise<number> {
  const { certificationRefusal, certifyWrittenRun } = await import('../report/index.js');
  const closing = lines.splice(-1);
  const outcome = await certifyWrittenRun({
    report,
    written,
    contractPath: opts.contract,
    reportDir: state.reportDir,
    refusal: certificationRefusal(report) ?? ran.errors[0] ?? null,
  });
  if (outcome.refused !== undefined) {
    lines.push(`not certified: ${outcome.refused}; no certification package was written`);
    code = 1;
  } else {
    lines.push(`certified: package written to ${relToCwd(outcome.dir)} (verify with: npm run certify -- --verify ${relToCwd(outcome.dir)})`);
  }
  lines.push(...closing);
  return code;
}

/**
 * Which contract revision the target speaks, from one customer (lib/targets/revision-probe.ts), on
 * a stateful target only: the other revision than the one chosen stops the run here (one sentence,
 * exit 2); nothing told, or no customer read, is a note and the run goes on.
 */
async function probeTargetRevision(
  resolved: Pick<import('../targets/index.js').ResolvedTarget, 'spec' | 'probed'>,
  chosen: import('../spec/index.js').ContractRevision,
  /** Per request, as the preflight's (5 s), or --timeout when shorter. */
  timeoutMs: number,
  say: (l: string) => void,
  stop: RunStop,
): Promise<void> {
  const { spec } = resolved;
  if (!spec.capabilities.includes('stateful')) return;
  const { probeRevision } = await import('../targets/revision-probe.js');
  const { createClient } = await import('../http/client.js');
  // As the checks do: without credentials, the placeholder the preflight saw accepted.
  const creds = spec.credentials.A ?? { clientId: 'dinie_ci_test_anonymous', clientSecret: 'anonymous' };
  const probing = probeRevision({
    target: spec.name,
    chosen,
    ...(resolved.probed ? { probed: resolved.probed } : {}),
    client: createClient({ baseUrl: spec.baseUrl, ...creds, partner: 'A', timeoutMs, maxRateLimitWaitMs: timeoutMs, signal: stop.signal }),
    // The embedded reference server is the suite's own: an empty one gets a probe customer.
    mayCreate: spec.profile === 'local',
  });
  const outcome = await Promise.race([probing, stop.onSignal.then((signal) => ({ signal }))]);
  if ('signal' in outcome) throw new Interrupted(outcome.signal);
  if (!outcome.proceed) throw new ConfigError(outcome.message!);
  if (outcome.message) say(outcome.message);
}

/**
 * Adds a `not run` result for every selected check of the catalogue that has none (the run was
 * interrupted or its deadline passed before it started), and gives the workers' own words the
 * signal or the deadline.
 */
async function withNotRun(checks: CheckResult[], opts: CliOptions, interrupted: StopSignal | undefined, shardIds?: string[]): Promise<CheckResult[]> {
  const { loadCatalogue } = await import('../../suites/catalogue.js');
  const { selectChecks } = await import('../checks/run-settings.js');
  const how = { interrupted, deadlineS: opts.deadlineS };
  const reason = notRunReason(how);
  const out = withStopWords(checks, how);
  const have = new Set(out.map((c) => c.id));
  // The server suite's areas only (the partner-side catalogues never run against a server target).
  const server = (await loadCatalogue()).filter((c) => (AREAS as readonly string[]).includes(c.area));
  for (const check of selectChecks(server, shardIds ?? opts.only)) if (!have.has(check.id)) out.push(notRunResult(check, reason));
  return out;
}

interface ShardOfRun {
  shard: Shard;
  /** Ids of this shard's checks. */
  checks: string[];
  /** Its groups (areas, `exclusive`). */
  groups: string[];
  /** How many checks --only selects in all (every shard's). */
  selected: number;
}

/** This job's share of the checks --only selects; an --only id no shard's check has is configuration. */
async function shardOfRun(opts: CliOptions, shard: Shard): Promise<ShardOfRun> {
  const { loadShardPlan } = await import('./shard.js');
  const { selected, plan } = await loadShardPlan(opts.only, shard.count);
  const unmatched = opts.onlyIds.filter((id) => {
    const re = new RegExp(`^${id.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*$/, '.*')}$`, 'i');
    return !selected.some((c) => re.test(c.id));
  });
  if (unmatched.length) throw new ConfigError(`--only names ${unmatched.join(', ')}, which no check has.`);
  if (!selected.length)
    throw new ConfigError(opts.only.length ? `--only ${opts.only.join(',')} selects no check.` : 'No conformance check was found under suites/.');
  const mine = plan[shard.index - 1]!;
  const { isExclusive } = await import('../checks/runner.js');
  return {
    shard,
    checks: mine.map((c) => c.id),
    groups: [...new Set(mine.map((c) => (isExclusive(c) ? 'exclusive' : c.area)))],
    selected: selected.length,
  };
}

/** A result without stack frames or this machine's paths in its message, notes and exchange errors. */
function withoutInternals(c: CheckResult): CheckResult {
  return {
    ...c,
    ...(c.message !== undefined ? { message: scrubInternals(c.message) } : {}),
    evidence: {
      ...c.evidence,
      notes: c.evidence.notes.map((n) => scrubInternals(n)),
      exchanges: c.evidence.exchanges.map((e) => (e.error !== undefined ? { ...e, error: scrubInternals(e.error) } : e)),
    },
  };
}
