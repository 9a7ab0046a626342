// What the observing server prints once a session is judged (bin/serve.ts): one line per
// requirement, the verdict, the reports written, the certification's outcome and the counts.
// What can carry a secret (messages, the summary, an error, a refusal) passes through the session's
// scrubber: a requirement's message can quote a request as the application sent it (a token or
// client secret in its query string included). Paths are the suite's own, and left whole.
import path from 'node:path';
import pc from 'picocolors';
import { verdictHeadline } from '../../report/verdict.js';
import type { ClientOutcome } from './report.js';

export interface ClientSummaryOptions {
  /** Colour the outcomes and the verdict (default: when the terminal supports it). */
  color?: boolean;
  /** Paths are shown relative to this directory (default: the working directory). */
  cwd?: string;
}

export function clientSummaryLines(out: ClientOutcome, opts: ClientSummaryOptions = {}): string[] {
  const c = pc.createColors(opts.color ?? pc.isColorSupported);
  const cwd = opts.cwd ?? process.cwd();
  const rel = (p: string) => path.relative(cwd, p) || p;
  const paint = { passed: c.green, failed: c.red, warning: c.yellow, skipped: c.dim } as const;
  const scrub = out.scrub;
  // A message is scrubbed whole, then cut: a secret the cut splits would no longer be recognised.
  const lines = out.report.requirements.map(
    (r) =>
      `  ${paint[r.outcome](r.outcome.padEnd(8))} ${r.level.padEnd(6)} ${r.id}${r.message ? `  ${scrub(r.message).replace(/\s+/g, ' ').slice(0, 240)}` : ''}`,
  );
  lines.push(`\n${c.bold(verdictHeadline(out.report.verdict.status))}: ${scrub(out.report.verdict.summary)}`);
  // Without the page, the allure-results stand in for it (merge, or allure generate, renders them).
  const allure = out.written.allure ?? out.allureResults;
  const written = [out.written.html, out.written.json, out.written.junit, ...(allure ? [allure] : []), out.sessionFile];
  lines.push(`reports: ${written.map(rel).join(', ')}`);
  if (out.written.allureError) lines.push(`allure report not rendered: ${scrub(out.written.allureError)}`);
  if (out.certified) lines.push(`certified: package written to ${rel(out.certified)} (verify with: npm run certify -- --verify ${rel(out.certified)})`);
  if (out.refused) lines.push(`not certified: ${scrub(out.refused)}; no certification package was written`);
  const n = out.report.counts.total;
  lines.push(`client: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped${n.warning ? `, ${n.warning} warning(s)` : ''}`);
  return lines;
}
