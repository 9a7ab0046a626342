// Certification: a package of evidence written only when every MUST passed, and its verification
// (hashes of every file, and the verdict recomputed from conformance.json).
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunReport } from './types.js';
import { countResults, describeSkipReason, groupSkippedMusts, judge } from './verdict.js';

export interface Manifest {
  kind: 'dinie-conformance-certification';
  suite: { name: string; version: string };
  /** `profile` says what was certified: `receiver` for a partner's webhook receiver, else a server. */
  target: { name: string; baseUrl: string; profile?: string };
  createdAt: string;
  seed: number;
  verdict: string;
  /** `revision`: docs, sdk or custom (absent in packages written before revisions were named). */
  contract: { title: string; version: string; revision?: string; path: string; file: string; sha256: string };
  /** file name (relative to the package) → SHA-256 hex */
  files: Record<string, string>;
}

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Why this run cannot be certified, or null when it can: every MUST checked and passed, the whole
 * catalogue run, nothing broken outside the checks. A skipped MUST refuses certification even when
 * the target declares the lack (decision 19: certification needs a complete run).
 */
export function certificationRefusal(
  report: Pick<RunReport, 'requirements' | 'options'> & Partial<Pick<RunReport, 'errors' | 'target' | 'interrupted'>>,
): string | null {
  if (report.interrupted) return `the run was interrupted (${report.interrupted.signal}), so it is not complete`;
  const must = report.requirements.filter((r) => r.level === 'MUST');
  if (must.length === 0) return 'no MUST requirement was checked';
  if (report.options.only.length) return 'a certification run checks every requirement, but --only was given';
  const failed = must.filter((r) => r.outcome === 'failed').map((r) => r.id);
  if (failed.length) return `${failed.length} MUST requirement(s) failed: ${failed.join(', ')}`;
  const unchecked = must.filter((r) => r.outcome !== 'passed').map((r) => r.id);
  if (unchecked.length) {
    const why = groupSkippedMusts(report.requirements, report.target?.declaredLacks ?? [])
      .map(describeSkipReason)
      .join(', ');
    return `the run is incomplete: ${unchecked.length} MUST requirement(s) could not be checked on this target${why ? ` (${why})` : ''}: ${unchecked.join(', ')}`;
  }
  if (report.errors?.length) return `the run is incomplete: ${report.errors.length} error(s) outside any check (${report.errors[0]})`;
  return null;
}

const safeName = (s: string) =>
  s
    .replace(/^https?:\/\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '') || 'target';

export interface PackageInput {
  report: RunReport;
  /** The scrubbed texts exactly as written to the report dir. */
  jsonText: string;
  htmlText: string;
  contractPath: string;
  /** reports/certification */
  root: string;
  now?: Date;
}

/**
 * Certifies a run from the reports it wrote: the package's folder under `<reportDir>/certification`,
 * or why not. `refusal` adds a reason of the caller's (an interruption, an error outside the checks).
 */
export async function certifyWrittenRun(input: {
  report: RunReport;
  written: { json: string; html: string };
  contractPath: string;
  reportDir: string;
  refusal?: string | null;
}): Promise<{ dir: string; refused?: undefined } | { refused: string; dir?: undefined }> {
  const refused = input.refusal ?? certificationRefusal(input.report);
  if (refused) return { refused };
  const dir = await writeCertificationPackage({
    report: input.report,
    jsonText: await readFile(input.written.json, 'utf8'),
    htmlText: await readFile(input.written.html, 'utf8'),
    contractPath: input.contractPath,
    root: path.join(input.reportDir, 'certification'),
  });
  return { dir };
}

export async function writeCertificationPackage(input: PackageInput): Promise<string> {
  const { report } = input;
  const refusal = certificationRefusal(report);
  if (refusal) throw new Error(`not certified: ${refusal}`);
  const date = (input.now ?? new Date()).toISOString().slice(0, 10);
  const kind = report.target.profile === 'receiver' ? 'receiver-' : '';
  const dir = path.join(input.root, `${kind}${safeName(report.target.name)}-${date}`);
  await mkdir(dir, { recursive: true });
  // From the scrubbed text, never from the in-memory report: what is packaged is what was written.
  const written = JSON.parse(input.jsonText) as RunReport;
  const exchanges = written.requirements
    .filter((r) => r.evidence.exchanges.length)
    .map((r) => ({ id: r.id, outcome: r.outcome, exchanges: r.evidence.exchanges }));
  const texts: Record<string, string> = {
    'conformance.json': input.jsonText,
    'conformance.html': input.htmlText,
    'exchanges.json': `${JSON.stringify(exchanges, null, 2)}\n`,
  };
  const files: Record<string, string> = {};
  for (const [name, text] of Object.entries(texts)) {
    await writeFile(path.join(dir, name), text);
    files[name] = sha256(text);
  }
  const contractFile = `contract${path.extname(input.contractPath) || '.yaml'}`;
  await copyFile(input.contractPath, path.join(dir, contractFile));
  const contractHash = sha256(await readFile(input.contractPath));
  const manifest: Manifest = {
    kind: 'dinie-conformance-certification',
    suite: report.suite,
    target: { name: report.target.name, baseUrl: report.target.baseUrl, ...(report.target.profile ? { profile: report.target.profile } : {}) },
    createdAt: (input.now ?? new Date()).toISOString(),
    seed: report.seed,
    verdict: report.verdict.summary,
    contract: {
      title: report.contract.title,
      version: report.contract.version,
      revision: report.contract.revision,
      path: report.contract.path,
      file: contractFile,
      sha256: contractHash,
    },
    files,
  };
  await writeFile(path.join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

export interface VerifyResult {
  ok: boolean;
  problems: string[];
  target?: string;
}

export async function verifyCertificationPackage(dir: string): Promise<VerifyResult> {
  const problems: string[] = [];
  let manifest: Manifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8'));
  } catch {
    return { ok: false, problems: [`${dir} has no readable manifest.json`] };
  }
  if (!manifest.files || typeof manifest.files !== 'object' || !manifest.contract) {
    return { ok: false, problems: ['manifest.json lists no files'] };
  }
  for (const name of ['conformance.json', 'conformance.html', 'exchanges.json']) {
    if (!(name in manifest.files)) problems.push(`manifest.json does not list ${name}`);
  }
  const hashed: [string, string][] = [...Object.entries(manifest.files), [manifest.contract.file, manifest.contract.sha256]];
  for (const [name, expected] of hashed) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('..')) {
      problems.push(`manifest.json names a file outside the package: ${name}`);
      continue;
    }
    try {
      const actual = sha256(await readFile(path.join(dir, name)));
      if (actual !== expected) problems.push(`${name} was changed (SHA-256 ${actual.slice(0, 12)}… ≠ ${String(expected).slice(0, 12)}…)`);
    } catch {
      problems.push(`${name} is missing`);
    }
  }
  let report: RunReport | undefined;
  try {
    report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
  } catch {
    problems.push('conformance.json cannot be read');
  }
  if (report) {
    const counts = countResults(report.requirements);
    if (JSON.stringify(counts) !== JSON.stringify(report.counts)) problems.push('the counts in conformance.json do not match its requirements');
    const verdict = judge(report.requirements, {
      strict: report.options.strict,
      knownIds: new Set(report.baseline?.known ?? []),
      declaredLacks: report.target?.declaredLacks ?? [],
      errors: report.errors?.length ?? 0,
      ...(report.interrupted ? { interrupted: report.interrupted.signal } : {}),
    });
    const claimed = report.verdict ?? ({} as Partial<RunReport['verdict']>);
    const differs = (['status', 'conforming', 'complete', 'excused', 'passed', 'mustSkipped'] as const).filter((k) => verdict[k] !== claimed[k]);
    if (differs.length) problems.push(`the verdict in conformance.json does not match its requirements (${differs.join(', ')})`);
    const refusal = certificationRefusal(report);
    if (refusal) problems.push(`the recomputed verdict refuses certification: ${refusal}`);
  }
  return { ok: problems.length === 0, problems, target: manifest.target?.name };
}
