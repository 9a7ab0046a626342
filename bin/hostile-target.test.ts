// The CLI against hostile targets of the project's own (lib/hostile): a target that hangs after
// handing out a token cannot hang the run (--deadline) and leaves every report written with the
// evidence of each failure; an interrupted run stops promptly and says INTERRUPTED; a previous
// run's reports never survive into the next; a target that echoes secrets (long or 4 characters,
// in any encoding) never gets one into a report or the console.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostileServer, startHostileServer } from '../lib/hostile/server.js';
import { reportSchemaErrors } from '../lib/report/schema.js';
import { allFiles, cli, cliInProcess, ROOT } from './cli.test-helper.js';

const CREDS = { DINIE_CLIENT_ID: 'dinie_ci_test_hostile01', DINIE_CLIENT_SECRET: 'anything-at-all-1' };
const REPORTS = ['conformance.json', 'conformance.html', 'junit.xml', path.join('allure-report', 'index.html')];

/** Counts as the console's closing line says them. */
const closing = (t: { passed: number; failed: number; skipped: number; warning: number }) =>
  `conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.warning ? `, ${t.warning} warning${t.warning === 1 ? '' : 's'}` : ''}`;

/** Where the suite's internals would show: messages, notes, exchange errors. */
function internals(report: any): string[] {
  const found: string[] = [];
  for (const r of report.requirements) {
    const texts = [r.message ?? '', ...r.evidence.notes, ...r.evidence.exchanges.map((e: any) => e.error ?? '')];
    for (const t of texts) if (t.includes(ROOT) || /node_modules|^\s+at .*(?:\)|:\d+:\d+)$/m.test(t)) found.push(`${r.id}: ${t.slice(0, 200)}`);
  }
  for (const e of report.errors ?? []) if (e.includes(ROOT) || /node_modules|^\s+at /m.test(e)) found.push(`error: ${e.slice(0, 200)}`);
  return found;
}

// Secrets with characters that change under JSON escaping and URL encoding (the echoing targets).
const A = { id: 'dinie_ci_test_plantedecho1', secret: 'Pl@nted/Secret+"Echo"-9f3a' };
const B = { id: 'dinie_ci_test_plantedecho2', secret: 'Pl@nted/Second+"Partner"-4e2d' };

let silent: HostileServer;
let echo: HostileServer;
let short: HostileServer;
type Run = Awaited<ReturnType<typeof cli>>;
let deadlineRun: Promise<{ dir: string; run: Run }>;
let echoRuns: Promise<{ dir: { echo: string; short: string }; echo: Run; short: Run }>;
let signalRuns: Promise<{ dir: string; int: Run & { afterSignal: number; sentAt: number }; term: Run & { afterSignal: number; sentAt: number } }>;

// The CLI runs start here, side by side, and each test judges its own: the deadline run spends most
// of its 15 s waiting on a target that never answers, so the echo runs go beside it once its checks
// run; the interrupted runs start once the echo runs are done, beside that waiting run only.
beforeAll(async () => {
  // answerRoot: the preflight's reachability probe is answered, so the run itself meets the silence.
  [silent, echo, short] = await Promise.all([
    startHostileServer({ mode: 'silent-after-token', answerRoot: true }),
    startHostileServer({ mode: 'echo-secrets' }),
    startHostileServer({ mode: 'short-token' }),
  ]);
  // A named target with configured capabilities: the preflight does not spend 15 s detecting them
  // against a target that never answers (a URL target would get the same, later).
  const config = path.join(await mkdtemp(path.join(tmpdir(), 'dinie-silent-')), 'dinie-conformance.config.json');
  await writeFile(config, JSON.stringify({ targets: { silent: { baseUrl: silent.baseUrl, capabilities: ['stateful', 'advances'] } } }));

  // The deadline counts from the run's start: its start-up goes alone, the echo runs begin once its checks run.
  let checksRunning: () => void = () => undefined;
  const deadlineChecksRun = new Promise<void>((resolve) => (checksRunning = resolve));
  deadlineRun = (async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dinie-deadline-'));
    // The whole catalogue: far more than 15 s of checks against a target that never answers.
    const run = await cli(
      ['conformance', '--target=silent', `--config=${config}`, '--timeout', '1000', '--deadline', '15', '--runs', '2', '--report-dir', dir],
      CREDS,
      120_000,
      (stdout) => {
        if (/^checks: \d+\/\d+/m.test(stdout)) checksRunning();
      },
    );
    return { dir, run };
  })().finally(() => checksRunning());

  echoRuns = (async () => {
    await deadlineChecksRun;
    const root = await mkdtemp(path.join(tmpdir(), 'dinie-echo-'));
    const dir = { echo: path.join(root, 'echo'), short: path.join(root, 'short') };
    const env = { DINIE_CLIENT_ID: A.id, DINIE_CLIENT_SECRET: A.secret, DINIE_CLIENT_ID_2: B.id, DINIE_CLIENT_SECRET_2: B.secret };
    const args = ['--only=auth,contract', '--runs', '2', '--timeout', '1000', '--seed', '7'];
    const [e, s] = await Promise.all([
      cli(['conformance', `--target=${echo.baseUrl}`, ...args, '--report-dir', dir.echo], env, 120_000),
      cli(['conformance', `--target=${short.baseUrl}`, ...args, '--report-dir', dir.short], env, 120_000),
    ]);
    return { dir, echo: e, short: s };
  })();

  signalRuns = echoRuns
    .catch(() => undefined)
    .then(async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'dinie-interrupted-'));
      const interrupt = (signal: NodeJS.Signals) => {
        let sentAt = 0;
        const run = cli(
          [
            'conformance',
            '--target=silent',
            `--config=${config}`,
            '--only=auth,customers',
            '--timeout',
            '1000',
            '--runs',
            '2',
            '--report-dir',
            path.join(dir, signal),
          ],
          CREDS,
          120_000,
          (stdout, child) => {
            // After the first progress line: checks are running.
            if (!sentAt && /^checks: \d+\/\d+/m.test(stdout)) {
              sentAt = Date.now();
              child.kill(signal);
            }
          },
        );
        return run.then((r) => ({ ...r, afterSignal: Date.now() - sentAt, sentAt }));
      };
      const [int, term] = await Promise.all([interrupt('SIGINT'), interrupt('SIGTERM')]);
      return { dir, int, term };
    });
  // Each test awaits its own; none is left unhandled meanwhile.
  for (const p of [deadlineRun, echoRuns, signalRuns]) p.catch(() => undefined);
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([deadlineRun, echoRuns, signalRuns]);
  await Promise.all([silent?.close(), echo?.close(), short?.close()]);
}, 240_000);

describe('a target that hangs after the token (silent-after-token)', () => {
  it('--deadline bounds a full run: every report written, every failure with an exchange and its curl, the rest not run, exit code 1', async () => {
    const { dir, run } = await deadlineRun;
    expect(run.stderr.replace(/^npm warn.*$/gm, '').trim()).toBe('');
    expect(run.code).toBe(1);
    // The deadline, plus the cancelled checks' clean-up and writing the reports.
    expect(run.ms).toBeLessThan(40_000);
    for (const f of REPORTS) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.options.deadlineS).toBe(15);
    expect(report.verdict).toMatchObject({ passed: false, complete: false });
    const failed = report.requirements.filter((r: any) => r.outcome === 'failed' || r.outcome === 'warning');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.evidence.exchanges.length, r.id).toBeGreaterThan(0);
      for (const e of r.evidence.exchanges) expect(e.curl, r.id).toMatch(/^curl /);
    }
    const notRun = report.requirements.filter((r: any) => r.message === "not run: the run's deadline (15 s) passed");
    expect(notRun.length).toBeGreaterThan(0);
    for (const r of notRun) expect(r).toMatchObject({ outcome: 'skipped', lacks: [] });
    // Every selected check is reported, run or not.
    expect(report.requirements.length).toBe(new Set(report.requirements.map((r: any) => r.id)).size);
    expect(report.requirements.filter((r: any) => r.area === 'auth').length).toBeGreaterThan(5);
    expect(run.stdout).toMatch(/^the run's deadline \(15 s\) passed: \d+ checks were not run/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(closing(report.counts.total));
    expect(internals(report)).toEqual([]);
  }, 120_000);

  it('SIGINT / SIGTERM stop the run within seconds: exit code 130 / 143, every report written and marked INTERRUPTED', async () => {
    const { dir, int, term } = await signalRuns;
    for (const [run, signal, code] of [
      [int, 'SIGINT', 130],
      [term, 'SIGTERM', 143],
    ] as const) {
      expect(run.sentAt, `${signal} sent`).toBeGreaterThan(0);
      expect(run.code, run.stdout + run.stderr).toBe(code);
      expect(run.afterSignal).toBeLessThan(15_000);
      expect(run.stderr).toContain(`interrupted (${signal})`);
      for (const f of REPORTS) expect(existsSync(path.join(dir, signal, f)), f).toBe(true);
      const report = JSON.parse(await readFile(path.join(dir, signal, 'conformance.json'), 'utf8'));
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.interrupted).toEqual({ signal });
      expect(report.verdict).toMatchObject({ status: 'interrupted', complete: false, passed: false });
      expect(report.verdict.summary).toMatch(new RegExp(`^the run was interrupted \\(${signal}\\)`));
      expect(report.requirements.some((r: any) => r.message === `not run: the run was interrupted (${signal})`)).toBe(true);
      expect(run.stdout).toMatch(/^INTERRUPTED: the run was interrupted/m);
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(closing(report.counts.total));
      const junit = await readFile(path.join(dir, signal, 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testcase classname="conformance" name="verdict"[^>]*>\s*<failure message="INTERRUPTED: /);
      expect(await readFile(path.join(dir, signal, 'conformance.html'), 'utf8')).toContain('<h2>Interrupted</h2>');
    }
  }, 120_000);
});

it("a run removes the previous run's reports first, even when it ends in bad configuration", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-stale-'));
  await mkdir(path.join(dir, 'allure-report'), { recursive: true });
  for (const f of ['conformance.json', 'conformance.html', 'junit.xml', path.join('allure-report', 'index.html')])
    await writeFile(path.join(dir, f), 'a previous run against another target');
  await writeFile(path.join(dir, 'allure-history.jsonl'), '{}\n');
  const run = await cliInProcess(['conformance', '--target=http://127.0.0.1:9/v3', '--report-dir', dir]);
  expect(run.code).toBe(2);
  for (const f of ['conformance.json', 'conformance.html', 'junit.xml', 'allure-report']) expect(existsSync(path.join(dir, f)), f).toBe(false);
  // Allure's history is kept across runs on purpose.
  expect(existsSync(path.join(dir, 'allure-history.jsonl'))).toBe(true);
}, 60_000);

describe('targets that echo secrets back: none reaches a report or the console, in any encoding', () => {
  const dir = { echo: '', short: '' };
  const out = { echo: '', short: '' };

  beforeAll(async () => {
    const runs = await echoRuns;
    Object.assign(dir, runs.dir);
    out.echo = runs.echo.stdout + runs.echo.stderr;
    out.short = runs.short.stdout + runs.short.stderr;
    expect(runs.echo.code, out.echo).toBe(1);
    expect(runs.short.code, out.short).toBe(1);
  }, 150_000);

  /** Each secret in each form a target may echo it in; short forms only as whole tokens (they would match inside base64 by chance). */
  function forms(): [string, RegExp][] {
    const out: [string, RegExp][] = [];
    const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const add = (what: string, form: string) =>
      out.push([`${what}: ${form}`, form.length >= 8 ? new RegExp(esc(form)) : new RegExp(`(?<![A-Za-z0-9+/])${esc(form)}(?![A-Za-z0-9+/=])`)]);
    for (const p of [A, B]) {
      for (const form of [
        p.secret,
        JSON.stringify(p.secret).slice(1, -1),
        encodeURIComponent(p.secret),
        Buffer.from(p.secret).toString('base64'),
        Buffer.from(`${p.id}:${p.secret}`).toString('base64'),
      ])
        add(`secret of ${p.id}`, form);
    }
    for (const t of [echo.token, short.token]) for (const form of [t, encodeURIComponent(t), Buffer.from(t).toString('base64')]) add('issued token', form);
    return out;
  }

  it("searches every file written (the Allure page's embedded data decoded) and the console", async () => {
    // Not vacuous: the targets did echo the credentials back (the evidence shows where, redacted).
    const echoed = await readFile(path.join(dir.echo, 'conformance.json'), 'utf8');
    expect(echoed).toMatch(/\\"basic\\":\\"<redacted:[a-z_]+>\\"/);
    const shortReport = await readFile(path.join(dir.short, 'conformance.json'), 'utf8');
    expect(shortReport).toMatch(/\\"bearer\\":\\"<redacted:[a-z_]+>\\"/);

    const sources: [string, string][] = [
      ['console (echo-secrets)', out.echo],
      ['console (short-token)', out.short],
    ];
    for (const d of [dir.echo, dir.short]) {
      const files = await allFiles(d);
      expect(files.length).toBeGreaterThan(5);
      for (const f of files) {
        const text = (await readFile(f)).toString('latin1');
        sources.push([path.relative(path.dirname(d), f), text]);
        for (const m of text.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)) {
          sources.push([`${path.relative(path.dirname(d), f)} › ${m[1]}`, Buffer.from(m[2]!, 'base64').toString('latin1')]);
        }
      }
    }
    expect(sources.filter(([where]) => where.includes(' › data/')).length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const [where, text] of sources) for (const [what, re] of forms()) if (re.test(text)) leaks.push(`${what} in ${where}`);
    expect(leaks).toEqual([]);
  });
});
