// `merge DIR...`: the reports of a run's --shard jobs become the run's reports in --report-dir
// (conformance.json, conformance.html, junit.xml, the Allure results and page), with one verdict
// and the exit code an unsharded run would have had. What joins them is lib/report/merge.ts; this
// reads the shards, plans what each was to run, copies their Allure results and writes.
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from '../report/types.js';
import { ConfigError } from '../targets/types.js';
import { clearPreviousReports, type Io } from './main.js';
import type { CliOptions } from './options.js';
import { SIGNAL_EXIT_CODE } from './stop.js';

/** A shard's report, or undefined when its dir holds none (the job ended before writing it). */
async function readShard(dir: string): Promise<{ dir: string; report: RunReport } | undefined> {
  const file = path.join(dir, 'conformance.json');
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConfigError(`${file} cannot be read.`);
  }
  let report: RunReport;
  try {
    report = JSON.parse(text);
  } catch {
    throw new ConfigError(`${file} is not valid JSON.`);
  }
  const { reportSchemaErrors } = await import('../report/schema.js');
  const problems = reportSchemaErrors(report);
  if (problems.length) throw new ConfigError(`${file} is not a conformance report of this suite: ${problems[0]}.`);
  return { dir, report };
}

/** Whether an allure-results file is the shard's own verdict (or environment): the merge writes the run's instead. */
async function isShardVerdict(file: string): Promise<boolean> {
  if (path.basename(file) === 'environment.properties') return true;
  if (!file.endsWith('-result.json')) return false;
  try {
    const r = JSON.parse(await readFile(file, 'utf8')) as { fullName?: string; labels?: { name: string; value: string }[] };
    return r.fullName === 'conformance verdict' && !!r.labels?.some((l) => l.name === 'feature' && l.value === 'verdict');
  } catch {
    return false;
  }
}

/** Copies every shard's allure-results (test results, containers, attachments) into one directory. */
async function joinAllureResults(dirs: readonly string[], into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  for (const dir of dirs) {
    const from = path.join(dir, 'allure-results');
    if (!existsSync(from)) continue;
    for (const name of await readdir(from)) {
      const file = path.join(from, name);
      // Names are UUIDs, so results of different shards never collide.
      if (!(await isShardVerdict(file))) await copyFile(file, path.join(into, name));
    }
  }
}

export async function runMerge(opts: CliOptions, io: Io): Promise<number> {
  const dirs = opts.mergeDirs ?? [];
  const out = path.resolve(opts.reportDir);
  const clash = dirs.find((d) => path.resolve(d) === out);
  if (clash) throw new ConfigError(`merge would write into ${clash}, which is one of the shards' report dirs: give another --report-dir.`);
  const read = await Promise.all(dirs.map(readShard));
  // A dir without a report is a shard that did not finish: which one shows as a missing index below.
  const empty = dirs.filter((_, i) => !read[i]);
  const shards = read.filter((s) => s !== undefined);
  if (!shards.length) throw new ConfigError(`No conformance.json in ${dirs.join(', ')}: give the report dirs of the shards' runs (their --report-dir).`);

  const { mergeShardReports } = await import('../report/merge.js');
  const { loadShardPlan } = await import('./shard.js');
  const first = shards[0]!.report;
  // What each shard was to run, as every shard computed it (the same catalogue, the same --only).
  const plan = first.shard ? (await loadShardPlan(first.options.only, first.shard.count)).plan : [];
  let merged;
  try {
    merged = mergeShardReports({ shards, assigned: (index) => plan[index - 1] ?? [] });
  } catch (e) {
    if ((e as Error).name === 'MergeError') throw new ConfigError((e as Error).message);
    throw e;
  }
  const { report, missing } = merged;
  const count = first.shard!.count;
  io.out(
    `dinie-conformance merge: ${shards.length} of ${count} shards (${shards.map((s) => `${s.report.shard!.index}/${count} ${s.dir}`).join(', ')}) · target ${report.target.name} · seed ${report.seed}`,
  );
  for (const d of empty) io.out(`${d} holds no conformance.json (did its job end before writing one?): left out`);
  if (missing.length)
    io.out(
      `missing: shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${count}`).join(', ')}; ${missing.length === 1 ? 'its' : 'their'} checks are reported as not run, so the run is incomplete and does not pass`,
    );

  await clearPreviousReports(out);
  const allureResults = path.join(out, 'allure-results');
  await joinAllureResults(dirs, allureResults);
  // As a run does: the previous report's Allure history, if none is here yet, feeds the trends.
  if (report.options.compare) {
    const previousHistory = path.join(path.dirname(path.resolve(report.options.compare)), 'allure-history.jsonl');
    const history = path.join(out, 'allure-history.jsonl');
    if (previousHistory !== history && existsSync(previousHistory) && !existsSync(history)) await copyFile(previousHistory, history);
  }
  const { makeScrubber } = await import('../report/redact.js');
  const { writeRunReports } = await import('../report/write.js');
  const { renderSummary } = await import('./summary.js');
  // The shards ran `test` against a remote target (npm test runs no self-tests there): none here either.
  const selfTests = report.options.command === 'test' ? [] : undefined;
  const written = await writeRunReports({ report, dir: out, scrub: makeScrubber(), ...(selfTests ? { selfTests } : {}), allureResultsDir: allureResults });
  const rel = (p: string) => {
    const r = path.relative(process.cwd(), p);
    return r && !r.startsWith('..') ? r : p;
  };
  if (written.allureError) io.out(`allure report not rendered: ${written.allureError}`);
  const errors = report.errors ?? [];
  for (const l of renderSummary({
    report,
    reportPaths: [written.html, written.json, written.junit, ...(written.allure ? [written.allure] : [])].map(rel),
    ...(selfTests ? { selfTests } : {}),
    errors,
    color: io.color,
  }))
    io.out(l);
  // As an unsharded run: 0 only when the verdict passes and nothing broke; an interrupted shard is the run's interruption.
  if (report.interrupted) return SIGNAL_EXIT_CODE[report.interrupted.signal];
  return report.verdict.passed && errors.length === 0 ? 0 : 1;
}
