// The end of a client certification session: judge the recorded traffic, write the usual reports
// (conformance.json, conformance.html, junit.xml, Allure; the target "partner client") and the
// recorded session itself (client-session.json), and, when asked, the certification package.
// Everything written passes through the scrubber, which knows every secret the session saw.

import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckResult } from '../../checks/types.js';
import type { ObservedSession } from '../../reference/observe/types.js';
import { writeAllureResults } from '../../report/allure-results.js';
import type { TargetInput } from '../../report/build.js';
import { buildRunReport, certifyWrittenRun, makeScrubber, type RunReport, type Scrubber, type WrittenReports, writeRunReports } from '../../report/index.js';
import { scrubJsonText } from '../../report/redact.js';
import { loadContract } from '../../spec/index.js';
import { judgeSession } from './judge.js';
import type { ClientJudgeOptions } from './requirements.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const CLIENT_TARGET_NAME = 'partner client';

export interface FinishClientInput {
  session: ObservedSession;
  /** Where the reports go (default reports/). */
  reportDir: string;
  /** Write reports/certification/partner_client-<date>/ when every MUST passed. */
  certify?: boolean;
  /** Secret values to keep out of every file (client secrets, tokens, webhook secrets). */
  secrets?: Iterable<string>;
  /** Client credentials (the bare base64 of id:secret is scrubbed too). */
  credentials?: { clientId: string; clientSecret: string }[];
  /** The OpenAPI document (default fixtures/openapi/dinie-v3.yaml). */
  specPath?: string;
  judge?: Partial<ClientJudgeOptions>;
  /** False: no Allure HTML page; allure-results are still written, annotated and scrubbed. */
  allureHtml?: boolean;
}

export interface ClientOutcome {
  report: RunReport;
  results: CheckResult[];
  written: WrittenReports;
  /** The recorded session as written. */
  sessionFile: string;
  /** Without the page (allureHtml: false): the annotated, scrubbed allure-results that stand in for it. */
  allureResults?: string;
  /** The certification package's directory, when one was written. */
  certified?: string;
  /** Why no package was written, when --certify was asked and refused. */
  refused?: string;
  /** 0 when the verdict passes (and, with --certify, the package was written), else 1. */
  exitCode: number;
  /** The session's scrubber: `report` is as judged (not scrubbed), so whatever prints it passes through this. */
  scrub: Scrubber;
}

function suiteInfo(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

export async function finishClientCertification(input: FinishClientInput): Promise<ClientOutcome> {
  const specPath = input.specPath ?? path.join(ROOT, 'fixtures/openapi/dinie-v3.yaml');
  const contract = await loadContract(specPath);
  const results = judgeSession(input.session, contract, input.judge);
  const target: TargetInput = {
    name: CLIENT_TARGET_NAME,
    // The observing server's URL: where the partner's application was pointed.
    baseUrl: input.session.baseUrl || 'http://127.0.0.1/v3',
    profile: 'client',
    capabilities: [],
    triggers: [],
    declaredLacks: [],
  };
  const report = buildRunReport({
    suite: suiteInfo(),
    target,
    contract: {
      title: contract.title,
      version: contract.version,
      revision: contract.revision,
      digest: contract.digest,
      path: path.relative(ROOT, specPath) || specPath,
    },
    seed: 0,
    runs: 1,
    options: {
      command: input.certify ? 'certify' : 'conformance',
      only: [],
      strict: false,
      timeoutMs: null,
      faults: [],
      auto: true,
      webhookUrl: null,
      webhookPort: null,
      baseline: null,
      compare: null,
    },
    startedAt: input.session.startedAt,
    durationMs: input.session.durationMs,
    results,
  });

  const scrub = makeScrubber(input.secrets ?? [], { credentials: input.credentials ?? [] });
  await mkdir(input.reportDir, { recursive: true });
  const allureResults = path.join(input.reportDir, 'allure-results');
  await rm(allureResults, { recursive: true, force: true });
  await writeAllureResults(allureResults, 'client', results, CLIENT_TARGET_NAME, Date.parse(input.session.startedAt) || Date.now());
  // As a server run's (lib/cli/main.ts writeReports): the results are annotated with the verdict and
  // scrubbed on every path; without the page (allureHtml: false) they are all there is of Allure.
  const written = await writeRunReports({
    report,
    dir: input.reportDir,
    scrub,
    allureResultsDir: allureResults,
    ...(input.allureHtml === false ? { renderAllure: false } : {}),
  });
  const sessionFile = path.join(input.reportDir, 'client-session.json');
  // Scrubbed as text, and value by value should that break the JSON (a secret shaped like its punctuation).
  await writeFile(sessionFile, `${scrubJsonText(JSON.stringify(input.session, null, 2), scrub, 2)}\n`);

  const out: ClientOutcome = {
    report,
    results,
    written,
    sessionFile,
    ...(input.allureHtml === false ? { allureResults } : {}),
    exitCode: report.verdict.passed ? 0 : 1,
    scrub,
  };
  if (input.certify) {
    const outcome = await certifyWrittenRun({ report, written, contractPath: specPath, reportDir: input.reportDir });
    if (outcome.refused !== undefined) {
      out.refused = outcome.refused;
      out.exitCode = 1;
    } else {
      out.certified = outcome.dir;
    }
  }
  return out;
}
