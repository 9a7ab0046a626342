// Writes one run's reports: conformance.json (schema-checked), conformance.html, junit.xml, and
// the Allure HTML report from allure-results. Everything passes through the secret scrubber.
import { isUtf8 } from 'node:buffer';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { annotateAllureResults, renderAllureReport } from './allure.js';
import { renderHtml } from './html/render.js';
import { renderJunit, type SelfTestResult } from './junit.js';
import { scrubJsonText, type Scrubber } from './redact.js';
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
  const text = scrubJsonText(`${JSON.stringify(report, null, 2)}\n`, scrub, 2);
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
      // The Allure page is built only from scrubbed data: the results (annotated from the scrubbed
      // report, then scrubbed whole) and the history of earlier runs it folds in.
      await annotateAllureResults(input.allureResultsDir, report);
      await scrubDirectory(input.allureResultsDir, scrub);
      const historyPath = path.join(dir, 'allure-history.jsonl');
      if (existsSync(historyPath)) await scrubFile(historyPath, scrub);
      out.allure = await renderAllureReport({
        resultsDir: input.allureResultsDir,
        outDir: path.join(dir, 'allure-report'),
        historyPath,
        name: `${report.suite.name} · ${report.target.name} · ${verdictHeadline(report.verdict.status)}`,
      });
      await writeFile(out.allure, scrub(await readFile(out.allure, 'utf8')));
    } catch (err) {
      out.allureError = (err as Error).message;
    }
  }
  return out;
}

/** The most of any one file under allure-results (or of the Allure history) that is kept, bytes. */
export const MAX_SCRUBBED_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Scrubs every file under `dir` in place (allure-results carry what the checks attached), whatever
 * its name or size: no file is ever left unscrubbed for being large. A file over `maxBytes` is cut
 * to its first `maxBytes` (only those are read; a `.jsonl` file at its last whole line) and ends in
 * a note of its size. Text is scrubbed as UTF-8; a file that is not valid UTF-8 byte for byte.
 */
export async function scrubDirectory(dir: string, scrub: Scrubber, maxBytes = MAX_SCRUBBED_FILE_BYTES): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const file = path.join(dir, name);
    const st = await stat(file);
    if (st.isDirectory()) await scrubDirectory(file, scrub, maxBytes);
    else if (st.isFile()) await scrubFile(file, scrub, maxBytes);
  }
}

/** Scrubs one file in place, keeping at most `maxBytes` of it (see scrubDirectory). */
export async function scrubFile(file: string, scrub: Scrubber, maxBytes = MAX_SCRUBBED_FILE_BYTES): Promise<void> {
  const size = (await stat(file)).size;
  let bytes: Buffer;
  if (size > maxBytes) {
    const fh = await open(file, 'r');
    try {
      bytes = Buffer.alloc(maxBytes);
      const { bytesRead } = await fh.read(bytes, 0, maxBytes, 0);
      bytes = bytes.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    if (file.endsWith('.jsonl')) {
      const nl = bytes.lastIndexOf(0x0a);
      bytes = bytes.subarray(0, nl + 1);
    }
  } else {
    bytes = await readFile(file);
  }
  const utf8 = isUtf8(bytes);
  const text = bytes.toString(utf8 ? 'utf8' : 'latin1');
  let clean = size <= maxBytes && file.endsWith('.json') ? scrubJsonText(text, scrub) : scrub(text);
  if (size > maxBytes && !file.endsWith('.jsonl')) clean += `… [truncated: ${size.toLocaleString('en-US')} bytes in all]`;
  if (clean !== text || size > maxBytes) await writeFile(file, Buffer.from(clean, utf8 ? 'utf8' : 'latin1'));
}
