// End-to-end tests of the CLI: bad configuration, one shared run against a broken local reference
// server with planted secrets (secrets never leak; reports are right; the HTML works in a browser),
// and certify --verify. The shared run keeps this file to a single conformance run.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCertificationPackage } from '../lib/report/certify.js';
import { renderHtml } from '../lib/report/html/render.js';
import { reportSchemaErrors } from '../lib/report/schema.js';
import { syntheticReport, syntheticResult } from '../lib/report/testing.js';
import { allFiles, type CliRun, cli, cliInProcess, ROOT } from './cli.test-helper.js';

const CHROMIUM = '/usr/bin/chromium';

describe('bad configuration ends in one sentence and exit code 2', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown target', ['conformance', '--target=nowhere'], /Unknown target "nowhere"/],
    ['unreachable URL', ['conformance', '--target=http://127.0.0.1:9/v3'], /Cannot reach target/],
    ['unknown fault', ['conformance', '--fault=no-such-fault'], /Unknown fault "no-such-fault"/],
    ['unknown area in --only', ['conformance', '--only=custmers'], /Unknown area "custmers"/],
    ['missing baseline file', ['conformance', '--baseline=/nonexistent/baseline.json'], /does not exist/],
    ['unloadable contract', ['conformance', '--spec=package.json', '--only=auth'], /The contract package.json cannot be loaded/],
    [
      'unknown contract',
      ['conformance', '--contract=beta'],
      /^dinie-conformance: --contract: Unknown contract 'beta': choose docs, sdk or the path of an OpenAPI document\.$/,
    ],
    [
      '--contract and its alias --spec disagreeing',
      ['conformance', '--contract=sdk', '--spec=docs'],
      /^dinie-conformance: --contract sdk and --spec docs name different contracts: give one \(--spec is an alias of --contract\)\.$/,
    ],
  ];
  const judge = (run: CliRun, message: RegExp) => {
    expect(run.code).toBe(2);
    const lines = run.stderr.split('\n').filter((l) => l.trim() && !/^npm warn/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).not.toMatch(/conformance: \d+ passed/);
  };
  // The CLI's main in this process: each case ends before any check, so a child process would
  // spend its time starting up. The binary's own wiring (exit code, stderr) is proven below.
  it.each(cases)('%s', async (_name, args, message) => judge(await cliInProcess(args), message), 60_000);
  it("through the binary: the exit code and the one line on stderr are main's", async () => {
    const [, args, message] = cases[0]!;
    // Without the preload of the npm scripts: this run ends before it would use what it loads.
    judge(await cli(args, {}, 60_000, undefined, { preload: false }), message);
  }, 60_000);
});

describe('a mismatched run stops early with one clear sentence', () => {
  // The local target follows --contract (it starts a reference server speaking that revision), so a
  // mismatch needs a target of its own: a reference server speaking the other revision, by URL.
  // The CLI's main in this process: the run ends at its preflight, before any check (a child process
  // would spend its time starting); the binary's wiring of main's exit code and stderr is proven above.
  it.each([
    ['sdk', 'docs', "its customers' KYC items carry kind"],
    ['docs', 'sdk', "its customers' KYC requirements carry requirement_type"],
  ] as const)(
    '--contract %s against a target speaking %s: exit code 2 after the preflight, before any check, no report',
    async (chosen, spoken, sign) => {
      const { startReferenceServer } = await import('../lib/reference/index.js');
      const server = await startReferenceServer({ contract: spoken });
      try {
        const dir = await mkdtemp(path.join(tmpdir(), 'dinie-revision-'));
        const partner = server.partners[0]!;
        const run = await cliInProcess(['conformance', `--target=${server.baseUrl}`, '--contract', chosen, '--report-dir', dir], {
          DINIE_CLIENT_ID: partner.clientId,
          DINIE_CLIENT_SECRET: partner.clientSecret,
        });
        expect(run.code).toBe(2);
        const lines = run.stderr.split('\n').filter((l) => l.trim() && !/^npm warn/.test(l));
        expect(lines).toEqual([
          `dinie-conformance: Target ${server.baseUrl} appears to speak the ${spoken} revision of the contract (${sign}), but the ${chosen} revision was chosen: run with --contract ${spoken}, or point at a target that speaks ${chosen}.`,
        ]);
        // The start lines name the revision chosen and its digest; no check ran and no report was written.
        expect(run.stdout).toMatch(new RegExp(`^contract Dinie API 2026-03-01 \\(${chosen} revision, digest [0-9a-f]{12}\\) · seed `, 'm'));
        expect(run.stdout).not.toMatch(/checks: \d+\/\d+ done/);
        expect(await allFiles(dir)).toEqual([]);
        expect(run.ms).toBeLessThan(30_000);
      } finally {
        await server.close();
      }
    },
    90_000,
  );
});

describe('refused credentials end in one sentence and exit code 2', () => {
  it('names the variables whose credentials the target refused, never their values', async () => {
    const { startReferenceServer } = await import('../lib/reference/index.js');
    const server = await startReferenceServer({});
    try {
      const secret = 'wrong-secret-9c1d2e3f4a';
      // In this process: the preflight refuses the credentials before any check (what a child would
      // print past main's own lines is captured too, see cliInProcess).
      const run = await cliInProcess(['conformance', `--target=${server.baseUrl}`], {
        DINIE_CLIENT_ID: 'dinie_ci_test_nobody0001',
        DINIE_CLIENT_SECRET: secret,
      });
      expect(run.code).toBe(2);
      const lines = run.stderr.split('\n').filter((l) => l.trim() && !/^npm warn/.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/refused the credentials in DINIE_CLIENT_ID\/DINIE_CLIENT_SECRET/);
      expect(run.stdout + run.stderr).not.toContain(secret);
    } finally {
      await server.close();
    }
  }, 90_000);
});

describe('a run against a local reference server with two faults and planted secrets', () => {
  const planted = [
    { name: 'Planted A', clientId: 'dinie_ci_test_plantedalpha1', clientSecret: 'PLANTED-secret-alpha-7f3e9c51' },
    { name: 'Planted B', clientId: 'dinie_ci_test_plantedbravo2', clientSecret: 'PLANTED-secret-bravo-1a2b3c4d' },
  ];
  const failing = ['CUST-CREATE-LOCATION', 'CUST-FILTER-CPF'];
  const only = [
    ...failing,
    'CUST-CPF-CHECK-DIGITS',
    'AUTH-TOKEN-ISSUED',
    'AUTH-CREDENTIAL-SECRET-SHOWN-ONCE',
    'HOOK-ENDPOINT-CREATE',
    'HOOK-ROTATE-SECRET',
    'HOOK-SIGNATURE-VERIFIES',
  ];
  let dir: string;
  let run: CliRun;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dinie-cli-'));
    run = await cli(
      [
        'conformance',
        `--only=${only.join(',')}`,
        '--fault',
        'location-missing',
        '--fault',
        'cpf-filter-ignored',
        '--runs',
        '3',
        '--seed',
        '1234',
        '--report-dir',
        dir,
      ],
      { DINIE_REF_PARTNERS: JSON.stringify(planted) },
    );
  }, 300_000);

  it('fails with exit code 1, lists both failures by id, and closes with the line CI reads', () => {
    expect(run.stderr.replace(/^npm warn.*$/gm, '').trim()).toBe('');
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/^conformance: \d+ passed, 2 failed, \d+ skipped$/);
    for (const id of failing) expect(run.stdout).toMatch(new RegExp(`✗ MUST ${id} \\S`));
    expect(run.stdout).toContain('seed 1234');
    // The contract chosen by default: the documentation revision, with its digest (and the probe agreed, silently).
    expect(run.stdout).toMatch(/^contract Dinie API 2026-03-01 \(docs revision, digest [0-9a-f]{12}\) · seed 1234/m);
    expect(run.stdout).not.toMatch(/^note: /m);
    expect(run.stdout).toMatch(/checks: \d+\/\d+ done/);
  });

  it("writes a schema-valid conformance.json, junit.xml, conformance.html and the Allure report; the console's closing counts are conformance.json's", async () => {
    const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
    const t = report.counts.total;
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(
      `conformance: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped${t.warning ? `, ${t.warning} warning${t.warning === 1 ? '' : 's'}` : ''}`,
    );
    expect(t.passed + t.failed + t.skipped + t.warning).toBe(report.requirements.length);
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.contract).toMatchObject({ revision: 'docs', path: 'fixtures/openapi/dinie-v3.yaml', digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(report.verdict.conforming).toBe(false);
    expect(report.options.faults).toEqual(['location-missing', 'cpf-filter-ignored']);
    expect(report.requirements.map((r: any) => r.id).sort()).toEqual([...only].sort());
    const junit = await readFile(path.join(dir, 'junit.xml'), 'utf8');
    for (const id of failing) expect(junit).toMatch(new RegExp(`<testcase classname="customers" name="${id} [^"]*"[^>]*>[\\s\\S]*?<failure `));
    expect(junit).toContain(`<property name="contract.revision" value="docs"/><property name="contract.digest" value="${report.contract.digest}"/>`);
    expect(await readFile(path.join(dir, 'allure-results', 'environment.properties'), 'utf8')).toContain(
      `contract.revision=docs\ncontract.digest=${report.contract.digest}\n`,
    );
    expect(await readFile(path.join(dir, 'conformance.html'), 'utf8')).toContain(
      `contract <code>docs</code> revision, digest <code>${report.contract.digest.slice(0, 19)}</code>`,
    );
    expect(existsSync(path.join(dir, 'allure-results'))).toBe(true);
    const allure = await readFile(path.join(dir, 'allure-report', 'index.html'), 'utf8');
    expect(allure).not.toContain('googletagmanager');
  });

  it('never prints or writes a secret: planted client secrets, issued tokens, webhook secrets', async () => {
    const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
    // Not vacuous: tokens were issued and webhook endpoints (with secrets) created in this run.
    const token = report.requirements.find((r: any) => r.id === 'AUTH-TOKEN-ISSUED');
    expect(token.evidence.exchanges.some((e: any) => e.request.url.endsWith('/auth/token'))).toBe(true);
    const hook = report.requirements.find((r: any) => r.id === 'HOOK-ENDPOINT-CREATE');
    expect(hook.evidence.exchanges.some((e: any) => e.request.url.includes('/webhooks/endpoints'))).toBe(true);

    const forbidden: [string, RegExp][] = [];
    for (const p of planted) {
      for (const form of [
        p.clientSecret,
        encodeURIComponent(p.clientSecret),
        Buffer.from(p.clientSecret).toString('base64'),
        Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64'),
      ]) {
        forbidden.push([`planted secret of ${p.name}`, new RegExp(form.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))]);
      }
    }
    forbidden.push(['a webhook secret', /whsec_(?!\[redacted\])[A-Za-z0-9+/]{8}/]);
    forbidden.push(['an issued token (JWT)', /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/]);
    forbidden.push(['a client secret', /dinie_cs_(?:live|test)_(?!\[redacted\])[A-Za-z0-9_-]{6}/]);
    forbidden.push(['an Authorization value', /\b(?:Bearer|Basic) (?!\$|\[redacted\])[A-Za-z0-9._~+/=-]{12,}/]);

    const sources: [string, string][] = [
      ['stdout', run.stdout],
      ['stderr', run.stderr],
    ];
    const files = await allFiles(dir);
    expect(files.length).toBeGreaterThan(5);
    for (const f of files) {
      const text = (await readFile(f)).toString('latin1');
      sources.push([path.relative(dir, f), text]);
      // The single-file Allure page embeds its data as base64 chunks: search them decoded too.
      for (const m of text.matchAll(/d\("([^"]+)","([A-Za-z0-9+/=]+)"\)/g)) {
        sources.push([`${path.relative(dir, f)} › ${m[1]}`, Buffer.from(m[2]!, 'base64').toString('latin1')]);
      }
    }
    expect(sources.filter(([where]) => where.includes(' › data/')).length).toBeGreaterThan(0);
    const leaks: string[] = [];
    for (const [where, text] of sources) {
      for (const [what, re] of forbidden) if (re.test(text)) leaks.push(`${what} in ${where}`);
    }
    expect(leaks).toEqual([]);
  });

  it('renders a conformance.html that works in a browser: verdict, both failures with curl, outcome filter', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      console.warn(`skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
      ctx.skip(`${CHROMIUM} is missing (apt-get install -y chromium)`);
    }
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      const external: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith('file:')) external.push(r.url());
      });
      await page.goto(pathToFileURL(path.join(dir, 'conformance.html')).href);
      expect(await page.locator('#verdict h2').textContent()).toBe('Not conforming');
      for (const id of failing) {
        const item = page.locator(`details[data-id="${id}"]`);
        await expect.poll(() => item.isVisible()).toBe(true);
        expect(await item.getAttribute('open')).not.toBeNull();
        expect(await item.locator('.curl-cmd').first().isVisible()).toBe(true);
        expect(await item.locator('.curl-cmd').first().textContent()).toMatch(/^curl /);
      }
      await mkdir(path.join(ROOT, 'reports'), { recursive: true });
      await page.screenshot({ path: path.join(ROOT, 'reports', 'conformance-browser.png'), fullPage: true });

      await page.click('[data-filter-outcome="passed"]');
      for (const id of failing) expect(await page.locator(`details[data-id="${id}"]`).isVisible()).toBe(false);
      expect(await page.locator('details.req.o-passed').first().isVisible()).toBe(true);
      await page.click('[data-filter-outcome="failed"]');
      for (const id of failing) expect(await page.locator(`details[data-id="${id}"]`).isVisible()).toBe(true);
      expect(await page.locator('details.req.o-passed').first().isVisible()).toBe(false);
      expect(await page.locator('#shown').textContent()).toMatch(/^2 of \d+ requirements shown$/);
      await page.fill('#search', 'CUST-FILTER');
      expect(await page.locator('details[data-id="CUST-CREATE-LOCATION"]').isVisible()).toBe(false);
      expect(await page.locator('details[data-id="CUST-FILTER-CPF"]').isVisible()).toBe(true);
      expect(external).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('a skipped MUST is not a pass (decision 19)', () => {
  // A remote-like target with partner A only: the isolation check lacks `second-partner`.
  const A = { DINIE_CLIENT_ID: 'dinie_ci_test_demopartnera0001', DINIE_CLIENT_SECRET: 'dinie_cs_test_demo_secret_partner_a' };
  const only = '--only=AUTH-TOKEN-ISSUED,SEC-ISOLATION-READ';

  it('an undeclared lack: INCOMPLETE, exit code 1 naming it; declared in the config: INCOMPLETE, exit code 0', async () => {
    const { startReferenceServer } = await import('../lib/reference/index.js');
    const server = await startReferenceServer({});
    try {
      const dir = await mkdtemp(path.join(tmpdir(), 'dinie-incomplete-'));
      const config = path.join(dir, 'dinie-conformance.config.json');
      await writeFile(config, JSON.stringify({ targets: { partnerless: { baseUrl: server.baseUrl, cannot: ['second-partner'] } } }));
      // Both runs at once (each creates its own resources): a URL target declares nothing; the named one declares the lack.
      const [undeclared, declared] = await Promise.all([
        // Only their verdicts and conformance.json are read: no Allure page rendered.
        cli(['conformance', `--target=${server.baseUrl}`, only, '--runs', '2', '--skip-allure-page', '--report-dir', path.join(dir, 'a')], A, 120_000),
        cli(
          ['conformance', '--target=partnerless', `--config=${config}`, only, '--runs', '2', '--skip-allure-page', '--report-dir', path.join(dir, 'b')],
          A,
          120_000,
        ),
      ]);
      expect(undeclared.stderr.replace(/^npm warn.*$/gm, '').trim()).toBe('');
      expect(undeclared.code).toBe(1);
      expect(undeclared.stdout).toMatch(
        /^INCOMPLETE: no MUST requirements failed, but 1 of 2 MUST requirements were not checked: 1 needs second-partner \(undeclared/m,
      );
      expect(undeclared.stdout).toContain('the MUSTs not checked fail the run: second-partner (1) is not declared by target');
      expect(undeclared.stdout).not.toMatch(/^(NOT )?CONFORMING/m);
      expect(undeclared.stdout.trimEnd().split('\n').at(-1)).toBe('conformance: 1 passed, 0 failed, 1 skipped');
      const report = JSON.parse(await readFile(path.join(dir, 'a', 'conformance.json'), 'utf8'));
      expect(reportSchemaErrors(report)).toEqual([]);
      expect(report.verdict).toMatchObject({
        status: 'incomplete',
        conforming: false,
        complete: false,
        excused: false,
        passed: false,
        mustTotal: 2,
        mustSkipped: 1,
        skipReasons: [{ reason: 'needs second-partner', lacks: ['second-partner'], declared: false, ids: ['SEC-ISOLATION-READ'] }],
      });
      expect(report.target).toMatchObject({ declaredLacks: [], triggers: [] });
      expect(report.requirements.find((r: any) => r.id === 'SEC-ISOLATION-READ')).toMatchObject({ outcome: 'skipped', lacks: ['second-partner'] });
      const junit = await readFile(path.join(dir, 'a', 'junit.xml'), 'utf8');
      expect(junit).toMatch(/<testcase classname="conformance" name="verdict"[^>]*>\s*<failure message="INCOMPLETE: /);

      expect(declared.code).toBe(0);
      expect(declared.stdout).toMatch(
        /^INCOMPLETE: no MUST requirements failed, but 1 of 2 MUST requirements were not checked: 1 needs second-partner \(declared: the target cannot\)/m,
      );
      expect(declared.stdout).toContain('the MUSTs not checked do not fail the run');
      const excused = JSON.parse(await readFile(path.join(dir, 'b', 'conformance.json'), 'utf8'));
      expect(excused.verdict).toMatchObject({ status: 'incomplete', complete: false, excused: true, passed: true });
      expect(excused.target.declaredLacks).toEqual(['second-partner']);
    } finally {
      await server.close();
    }
  }, 300_000);
});

describe('certify --verify', () => {
  it('accepts an intact package and rejects a tampered one', async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'dinie-cert-'));
    const report = syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'), syntheticResult('CUST-B', 'customers', 'MUST', 'passed')]);
    const dir = await writeCertificationPackage({
      report,
      jsonText: JSON.stringify(report),
      htmlText: renderHtml(report),
      contractPath: path.join(ROOT, 'fixtures/conformance-report.schema.json'),
      root,
    });
    // In this process: verification starts no run (the binary's wiring is proven above).
    const ok = await cliInProcess(['certify', '--verify', dir]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^verified: /m);
    await writeFile(path.join(dir, 'conformance.html'), '<p>forged</p>');
    const bad = await cliInProcess(['certify', '--verify', dir]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/conformance.html was changed/);
  }, 120_000);
});
