// Writes one run's reports: conformance.json (schema-checked), conformance.html, junit.xml, and
// the Allure HTML report from allure-results. Everything passes through the secret scrubber.
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { annotateAllureResults, renderAllureReport } from './allure.js';
import { renderHtml } from './html/render.js';
import { renderJunit, type SelfTestResult } from './junit.js';
import type { Scrubber } from './redact.js';
import { assertValidReport } from './schema.js';
import type { RunReport } from './types.js';
import { verdictHeadline } from './verdict.js';

export interface WrittenReports {
  json: string;
  html: string;
  junit: string;
  /** The Allure HTML report, when it could be rendered. */
  allure?: string;
  /** Why the Allure report is missing (the others never depend on it). */
  allureError?: string;
}

export interface WriteReportsInput {
  report: RunReport;
  dir: string;
  scrub: Scrubber;
  selfTests?: readonly SelfTestResult[];
  /** allure-results to render; omit to skip the Allure HTML report. */
  allureResultsDir?: string;
}

/** Serialises and scrubs the report, then checks the result still matches its schema. */
export function serialiseReport(report: RunReport, scrub: Scrubber): { text: string; report: RunReport } {
  assertValidReport(report);
  const text = scrub(`${JSON.stringify(report, null, 2)}\n`);
  const clean = JSON.parse(text) as RunReport;
  assertValidReport(clean);
  return { text, report: clean };
}

export async function writeRunReports(input: WriteReportsInput): Promise<WrittenReports> {
  const { dir, scrub } = input;
  await mkdir(dir, { recursive: true });
  const { text, report } = serialiseReport(input.report, scrub);
  const out: WrittenReports = {
    json: path.join(dir, 'conformance.json'),
    html: path.join(dir, 'conformance.html'),
    junit: path.join(dir, 'junit.xml'),
  };
  await writeFile(out.json, text);
  await writeFile(out.html, scrub(renderHtml(report)));
  await writeFile(out.junit, scrub(renderJunit(report, input.selfTests ?? [])));
  if (input.allureResultsDir) {
    try {
      await annotateAllureResults(input.allureResultsDir, report);
      await scrubDirectory(input.allureResultsDir, scrub);
      out.allure = await renderAllureReport({
        resultsDir: input.allureResultsDir,
        outDir: path.join(dir, 'allure-report'),
        historyPath: path.join(dir, 'allure-history.jsonl'),
        name: `${report.suite.name} · ${report.target.name} · ${verdictHeadline(report.verdict.status)}`,
      });
      await writeFile(out.allure, scrub(await readFile(out.allure, 'utf8')));
    } catch (err) {
      out.allureError = (err as Error).message;
    }
  }
  return out;
}

/** Scrubs every text file under `dir` in place (allure-results carry what the checks attached). */
export async function scrubDirectory(dir: string, scrub: Scrubber): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const file = path.join(dir, name);
    const st = await stat(file);
    if (st.isDirectory()) await scrubDirectory(file, scrub);
    else if (/\.(json|txt|xml|html|log|csv|md)$/i.test(name) && st.size < 50 * 2 ** 20) {
      const text = await readFile(file, 'utf8');
      const clean = scrub(text);
      if (clean !== text) await writeFile(file, clean);
    }
  }
}
