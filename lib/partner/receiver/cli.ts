// `npm run conformance -- --receiver=URL` (and `npm run certify -- --receiver=URL`): the suite plays
// Dinie toward a partner's webhook receiver, then writes the same reports a server run writes
// (conformance.json, conformance.html, junit.xml, Allure), the target being the receiver's URL with
// profile `receiver`, and, for certify, a certification package when every MUST passed. The secret
// comes from DINIE_WEBHOOK_SECRET only and is scrubbed from every line printed and file written.
// --deadline and signals stop it as they stop a server run (lib/cli/stop.ts, lib/cli/stopped.ts); as
// a server run, it first clears the previous run's reports, and --skip-allure-page renders no page.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CheckResult } from '../../checks/types.js';
import { clearPreviousReports, type Io, relToCwd as rel, writeReports } from '../../cli/main.js';
import type { CliOptions } from '../../cli/options.js';
import { SIGNAL_EXIT_CODE, watchRun } from '../../cli/stop.js';
import { stoppedLine, withStopWords } from '../../cli/stopped.js';
import { makeScrubber, type Scrubber } from '../../report/redact.js';
import type { BaselineFile } from '../../report/types.js';
import { ConfigError } from '../../targets/types.js';
import type { ReceiverCheck } from './runner.js';
import { parseWebhookSecret, SECRET_ENV } from './secret.js';

/** The receiver catalogue, loaded from suites/receiver/checks.ts at run time (as vitest loads the server suites). */
export async function loadReceiverCatalogue(root: string): Promise<ReceiverCheck[]> {
  // checks.ts here, checks.js in the npm package (compiled, as this module is).
  const ext = path.extname(new URL(import.meta.url).pathname);
  const mod = (await import(pathToFileURL(path.join(root, 'suites', 'receiver', `checks${ext}`)).href)) as { receiverChecks?: ReceiverCheck[] };
  if (!Array.isArray(mod.receiverChecks)) throw new Error('suites/receiver/checks.ts exports no `receiverChecks` array');
  return mod.receiverChecks;
}

/** The checks --only selects (ids, a trailing `*` a prefix); throws naming ids no check has. */
export function selectReceiverChecks(checks: readonly ReceiverCheck[], onlyIds: readonly string[]): ReceiverCheck[] {
  if (!onlyIds.length) return [...checks];
  const res = onlyIds.map((id) => ({ id, re: new RegExp(`^${id.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*$/, '.*')}$`, 'i') }));
  const unmatched = res.filter(({ re }) => !checks.some((c) => re.test(c.id))).map(({ id }) => id);
  if (unmatched.length) throw new ConfigError(`--only names ${unmatched.join(', ')}, which no receiver requirement has.`);
  return checks.filter((c) => res.some(({ re }) => re.test(c.id)));
}

/** Runs a receiver certification from the CLI; returns the exit code (ConfigErrors propagate: exit 2). */
export async function runReceiverCertification(
  opts: CliOptions & { receiver: string },
  env: NodeJS.ProcessEnv,
  io: Io,
  root: string,
  setScrub: (s: Scrubber) => void,
): Promise<number> {
  const startedAt = new Date();
  const t0 = performance.now();
  // As a server run's: counted from the start, so the preflight (bounded, 5 s) spends it too.
  const deadlineAt = startedAt.getTime() + opts.deadlineS * 1000;

  const { loadBaseline } = await import('../../report/baseline.js');
  const { loadPreviousReport } = await import('../../report/compare.js');
  // Read first, as a server run does: --compare may name the previous conformance.json of this very report dir.
  const baseline: BaselineFile | undefined = opts.baseline ? await loadBaseline(opts.baseline) : undefined;
  const previous = opts.compare ? await loadPreviousReport(opts.compare) : undefined;
  // Then, where a server run does, the previous run's reports go: a run that stops on its
  // configuration (the secret, the contract, an unreachable receiver) leaves none looking like its own.
  const reportDir = path.resolve(opts.reportDir);
  await clearPreviousReports(reportDir);

  const secret = parseWebhookSecret(env[SECRET_ENV]);
  // From here on nothing printed or written carries the secret, with or without its prefix, in any encoding.
  const scrubber = () => makeScrubber([secret.secret, secret.key]);
  const scrub = scrubber();
  setScrub(scrub);
  const say = (l: string) => io.out(scrub(l));
  const url = opts.receiver;

  const { loadContract } = await import('../../spec/index.js');
  const specPath = opts.contract;
  let contract;
  try {
    contract = await loadContract(specPath);
  } catch (e) {
    throw new ConfigError(`The contract ${path.relative(process.cwd(), specPath)} cannot be loaded: ${((e as Error).message ?? '').split('\n')[0]}`);
  }
  const { contractEvents } = await import('./events.js');
  const events = contractEvents(contract);
  const checks = selectReceiverChecks(await loadReceiverCatalogue(root), opts.onlyIds);
  const { reachReceiver } = await import('./preflight.js');
  await reachReceiver(url);

  const { runReceiverChecks, DELIVERY_TIMEOUT_MS } = await import('./runner.js');
  const { writeAllureResults } = await import('../../report/allure-results.js');
  const { buildRunReport, certifyWrittenRun } = await import('../../report/index.js');
  const { progressPrinter } = await import('../../cli/progress.js');
  const { renderSummary } = await import('../../cli/summary.js');

  const timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
  const allureResults = path.join(reportDir, 'allure-results');

  say(`dinie-conformance ${opts.command}: webhook receiver ${url} · signing with ${SECRET_ENV} · delivery timeout ${timeoutMs} ms`);
  say(
    `contract ${contract.title} ${contract.version} (${path.relative(root, specPath) || specPath}) · ${events.length} event types · observation hook ${opts.receiverProcessedUrl ?? 'none (RECV-PROCESSES-ONCE is skipped)'} · deadline ${opts.deadlineS} s${opts.only.length ? ` · only ${opts.only.join(',')}` : ''}`,
  );

  // A signal or the deadline stops the run: the running check is cancelled, the rest are not run,
  // the reports of what ran are written; a signal's exit code says which it was.
  const stop = watchRun({
    deadlineAt,
    notify: (signal) =>
      io.err(
        `dinie-conformance: interrupted (${signal}): stopping the deliveries and writing the reports of what ran (${signal === 'SIGINT' ? 'Ctrl-C' : 'the signal'} again to quit at once)`,
      ),
  });
  const progress = progressPrinter(io.write, io.tty, 'receiver checks');
  let results: CheckResult[];
  try {
    let done = 0;
    let failed = 0;
    progress.update({ done, total: checks.length, failed, complete: true });
    results = await runReceiverChecks({
      url,
      secret,
      contract,
      checks,
      timeoutMs,
      ...(opts.receiverProcessedUrl ? { processedUrl: opts.receiverProcessedUrl } : {}),
      strict: opts.strict,
      signal: stop.signal,
      deadline: { at: deadlineAt, seconds: opts.deadlineS },
      onResult: (r) => {
        done += 1;
        if (r.outcome === 'failed') failed += 1;
        progress.update({ done, total: checks.length, failed, complete: true });
      },
    });
  } finally {
    progress.finish();
    stop.dispose();
  }
  const interrupted = stop.interrupted();
  const how = { interrupted, deadlineS: opts.deadlineS };
  results = withStopWords(results, how);
  const stopped = stoppedLine(results, how);
  if (stopped) say(stopped);

  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
  const report = buildRunReport({
    suite: { name: pkg.name, version: pkg.version },
    target: { name: url, baseUrl: url, profile: 'receiver', capabilities: [], triggers: [], declaredLacks: [] },
    contract: {
      title: contract.title,
      version: contract.version,
      revision: contract.revision,
      digest: contract.digest,
      path: path.relative(root, specPath) || specPath,
    },
    seed: opts.seed,
    runs: opts.runs,
    options: {
      command: opts.command,
      only: opts.only,
      strict: opts.strict,
      timeoutMs: opts.timeoutMs ?? null,
      faults: [],
      auto: false,
      webhookUrl: null,
      webhookPort: null,
      baseline: opts.baseline ?? null,
      compare: opts.compare ?? null,
      deadlineS: opts.deadlineS,
    },
    startedAt,
    durationMs: performance.now() - t0,
    results,
    ...(baseline ? { baseline: { file: opts.baseline!, content: baseline } } : {}),
    ...(previous ? { previous: { file: opts.compare!, report: previous } } : {}),
    ...(interrupted ? { interrupted } : {}),
  });

  await writeAllureResults(allureResults, 'receiver', report.requirements, url, startedAt.getTime());
  // As a server run's: --skip-allure-page leaves the results (annotated, scrubbed) and renders no page.
  const { written, paths } = await writeReports(opts, report, { reportDir }, { selfTests: undefined }, scrubber(), say);

  let code = report.verdict.passed ? 0 : 1;
  const lines = renderSummary({ report, reportPaths: paths, color: io.color });
  if (opts.command === 'certify') {
    const closing = lines.splice(-1);
    const outcome = await certifyWrittenRun({
      report,
      written,
      contractPath: specPath,
      reportDir,
    });
    if (outcome.refused !== undefined) {
      lines.push(`not certified: ${outcome.refused}; no certification package was written`);
      code = 1;
    } else {
      lines.push(`certified: receiver package written to ${rel(outcome.dir)} (verify with: npm run certify -- --verify ${rel(outcome.dir)})`);
    }
    lines.push(...closing);
  }
  for (const l of lines) say(l);
  // As a server run's: 130 / 143 when a signal stopped it; a deadline's not-run MUSTs fail it (1).
  return interrupted ? SIGNAL_EXIT_CODE[interrupted] : code;
}
