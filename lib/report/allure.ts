// Renders the Allure HTML report (Allure Report 3, Node only, offline) from allure-results.
// Single-file mode so it opens from file://; the analytics <script> the awesome plugin embeds is
// stripped (it would only try to reach the network). History accumulates in a JSONL file.
// Before rendering, the results are annotated with the verdict and each skip's reason.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AllureLabel, type AllureParameter, allureIdentity, requirementLabels } from './allure-identity.js';
import { type AllureProcess, DEFAULT_ALLURE_TIMEOUT_MS, startAllureProcess } from './allure-process.js';
import { writeAllureResults } from './allure-results.js';
import { skipMessage } from './junit.js';
import { scrubInternals } from './redact.js';
import type { RunReport } from './types.js';
import { countedReason, shardNotice, skipAdvice, verdictHeadline } from './verdict.js';

/**
 * The runs Allure's history keeps (its `historyLimit`: older lines are dropped from the file as a
 * run is added). Each run adds its results to the file (~0.15 MB for the catalogue, ~0.5 MB with
 * `npm test`'s self-tests), and every later run reads, scrubs and renders all of it: unbounded, a
 * nightly report's history would slow every run down and swell the page. Thirty nights of trend.
 */
export const ALLURE_HISTORY_RUNS = 30;

export interface AllureRenderOptions {
  resultsDir: string;
  outDir: string;
  /** Allure's history file (JSONL); kept between runs so trends show. */
  historyPath: string;
  /** The runs it keeps (default ALLURE_HISTORY_RUNS). */
  historyLimit?: number;
  name: string;
  timeoutMs?: number;
  /** A process started earlier (startAllureProcess) that has loaded Allure already; used once. */
  process?: AllureProcess;
}

/** Removes every <script> that loads from the network or calls the analytics tag. */
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc=["']https?:\/\/[^"']*["'][^>]*>\s*<\/script>/gi, '')
    .replace(/<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*?<\/script>/gi, '');
}

/** What the verdict testcase and the environment say: the same words as the console and junit.xml. */
function verdictLines(report: RunReport): { headline: string; detail: string } {
  const v = report.verdict;
  const shard = shardNotice(report);
  const headline = `${shard ? `${shard.tag}: ` : ''}${verdictHeadline(v.status)}: ${v.summary}`;
  const detail = [
    ...(shard ? [shard.sentence] : []),
    ...v.skipReasons.map((g) => `${countedReason(g)}: ${skipAdvice(g)}\n  ${g.ids.join(', ')}`),
    ...(report.errors ?? []).map((e) => `error: ${e}`),
  ].join('\n');
  return { headline, detail };
}

interface AllureResult {
  name?: string;
  status?: string;
  testCaseId?: string;
  historyId?: string;
  parameters?: AllureParameter[];
  labels?: AllureLabel[];
  statusDetails?: Record<string, unknown>;
  steps?: AllureResult[];
}

/** Drops stack frames and this machine's paths from a result's (and its steps') status details; true when it changed. */
function withoutInternals(result: AllureResult, depth = 0): boolean {
  let changed = false;
  const d = result.statusDetails;
  if (d) {
    for (const k of ['message', 'trace'] as const) {
      const v = d[k];
      if (typeof v !== 'string') continue;
      const clean = scrubInternals(v);
      if (clean !== v) {
        changed = true;
        if (clean) d[k] = clean;
        else delete d[k];
      }
    }
  }
  if (depth < 8) for (const step of result.steps ?? []) changed = withoutInternals(step, depth + 1) || changed;
  return changed;
}

/**
 * Makes allure-results tell the verdict: each skipped requirement gets its reason (what it lacked,
 * whether the target declares it) as its status message, a `verdict` test result says CONFORMING,
 * INCOMPLETE or NOT CONFORMING (failed exactly when the run fails, skipped when it passes without
 * conforming), and environment.properties carries the verdict beside the target.
 */
export async function annotateAllureResults(resultsDir: string, report: RunReport): Promise<void> {
  await mkdir(resultsDir, { recursive: true });
  const byId = new Map(report.requirements.map((r) => [r.id, r]));
  const declared = report.target.declaredLacks ?? [];
  const present = new Set<string>();
  for (const name of await readdir(resultsDir)) {
    if (!name.endsWith('-result.json')) continue;
    const file = path.join(resultsDir, name);
    let result: AllureResult;
    try {
      result = JSON.parse(await readFile(file, 'utf8'));
    } catch {
      continue;
    }
    // The suite's internals never reach the page: a broken test's trace is vitest's stack.
    const internal = withoutInternals(result);
    const labelled = result.labels?.find((l) => l.name === 'requirement')?.value;
    // A test stopped or broken before it was labelled (the run interrupted, its context not made) is
    // still its requirement's (named `ID title`): it gets the labels and identity it would have had,
    // so it stays on its requirement's history line (allure-vitest named it by file and title).
    const id = labelled ?? result.name?.split(' ')[0];
    const r = id ? byId.get(id) : undefined;
    if (r) present.add(r.id);
    const unlabelled = r !== undefined && !labelled;
    if (unlabelled) {
      const { testCaseId, historyId, parameters } = allureIdentity(r, report.target.name);
      Object.assign(result, { testCaseId, historyId, parameters: [...(result.parameters ?? []), ...parameters] });
      result.labels = [...(result.labels ?? []), ...requirementLabels(r)];
    }
    if (r?.outcome === 'skipped') {
      result.status = 'skipped';
      result.statusDetails = { ...(result.statusDetails ?? {}), message: skipMessage(r, declared) };
    } else if (!internal && !unlabelled) continue;
    await writeFile(file, JSON.stringify(result));
  }
  // Requirements no test wrote a result for (not run: their shard is missing from a merge, or the
  // run stopped before vitest reported their test): written as the others are (the same identity,
  // so their history stays one line), skipped with the same reason.
  const missing = report.requirements.filter((r) => !present.has(r.id));
  const withReason = missing.map((r) => (r.outcome === 'skipped' ? { ...r, message: skipMessage(r, declared) } : r));
  await writeAllureResults(resultsDir, 'conformance', withReason, report.target.name, Date.parse(report.startedAt) || Date.now());

  const v = report.verdict;
  const { headline, detail } = verdictLines(report);
  const start = Date.parse(report.startedAt) || Date.now();
  const uuid = randomUUID();
  const key = createHash('md5').update(`dinie-conformance verdict ${report.target.name}`).digest('hex');
  const verdictResult = {
    uuid,
    historyId: key,
    testCaseId: key,
    name: `${report.shard ? `verdict of shard ${report.shard.index}/${report.shard.count}` : 'verdict'}: ${verdictHeadline(v.status)}`,
    fullName: 'conformance verdict',
    status: !v.passed ? 'failed' : v.status === 'conforming' ? 'passed' : 'skipped',
    statusDetails: { message: headline, ...(detail ? { trace: detail } : {}) },
    stage: 'finished',
    description: `${headline}\n\n${detail}`.trim(),
    start,
    stop: start + report.durationMs,
    labels: [
      { name: 'feature', value: 'verdict' },
      { name: 'suite', value: 'conformance' },
      { name: 'severity', value: 'blocker' },
    ],
    // Shown, but only the target is identity: Allure 3 keys history on the parameters not excluded,
    // and these change from run to run (the verdict's history broke whenever a run was incomplete).
    parameters: [
      { name: 'target', value: report.target.name },
      { name: 'complete', value: String(v.complete), excluded: true },
      { name: 'MUST not checked', value: `${v.mustSkipped} of ${v.mustTotal}`, excluded: true },
    ],
    links: [],
    steps: [],
    attachments: [],
  };
  await writeFile(path.join(resultsDir, `${uuid}-result.json`), JSON.stringify(verdictResult));

  const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\');
  const env: [string, string][] = [
    ['verdict', verdictHeadline(v.status)],
    ['verdict.summary', v.summary],
    ...(report.shard ? ([['shard', `${report.shard.index}/${report.shard.count} (this shard's checks only)`]] as [string, string][]) : []),
    ['complete', String(v.complete)],
    ['must.not.checked', `${v.mustSkipped} of ${v.mustTotal}`],
    ['target', `${report.target.name} (${report.target.baseUrl})`],
    ['target.declares.it.cannot', declared.join(', ') || 'nothing'],
    ['seed', String(report.seed)],
    ['contract', `${report.contract.title} ${report.contract.version}`],
    ['contract.revision', report.contract.revision],
    ['contract.digest', report.contract.digest],
  ];
  await writeFile(path.join(resultsDir, 'environment.properties'), `${env.map(([k, val]) => `${k}=${oneLine(val)}`).join('\n')}\n`);
}

export async function renderAllureReport(opts: AllureRenderOptions): Promise<string> {
  return (await startAllureReport(opts)).done;
}

/**
 * Starts rendering the Allure report: resolves once `allure generate` runs in its child process,
 * with `done`, the report's index.html once it is written (so the caller can do other work meanwhile).
 */
export async function startAllureReport(opts: AllureRenderOptions): Promise<{ done: Promise<string> }> {
  const tmp = await mkdtemp(path.join(tmpdir(), 'dinie-allure-'));
  let generated: Promise<void>;
  try {
    const config = path.join(tmp, 'allurerc.mjs');
    await writeFile(
      config,
      `export default ${JSON.stringify({
        name: opts.name,
        output: path.resolve(opts.outDir),
        historyPath: path.resolve(opts.historyPath),
        historyLimit: opts.historyLimit ?? ALLURE_HISTORY_RUNS,
        plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en', reportName: opts.name } } },
      })};\n`,
    );
    // A process started during the run has Allure's modules loaded already; else one starts now.
    const allure = opts.process ?? startAllureProcess();
    generated = allure.run(['generate', path.resolve(opts.resultsDir), '--config', config, '--cwd', tmp], opts.timeoutMs ?? DEFAULT_ALLURE_TIMEOUT_MS);
  } catch (e) {
    opts.process?.dispose();
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const done = (async () => {
    try {
      await generated;
      const index = path.join(path.resolve(opts.outDir), 'index.html');
      await writeFile(index, stripAnalytics(await readFile(index, 'utf8')));
      return index;
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  })();
  // Handled by whoever awaits `done`; never an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return { done };
}
