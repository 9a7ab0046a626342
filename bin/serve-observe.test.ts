// `npm run serve -- --observe` as a partner runs it: the banner gives the base URL and the
// schedule; the partner's application runs; the session ends on POST /_observe/finish (answered
// with the verdict) or a signal; the reports are written and the exit code is the verdict's.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { DinieClient, runSampleJourney, startSampleReceiver } from '../examples/sample-partner/index.js';
import { DEMO_PARTNERS } from '../lib/reference/index.js';
import { verifyCertificationPackage } from '../lib/report/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

interface Serve {
  child: ChildProcess;
  out: () => string;
  baseUrl: Promise<string>;
  exit: Promise<number | null>;
}

function serve(args: string[]): Serve {
  // One process (node with tsx's loader), not the tsx binary, which starts a second node under itself.
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/serve.ts', ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' } });
  let text = '';
  let found: (url: string) => void;
  const baseUrl = new Promise<string>((resolve) => (found = resolve));
  const read = (chunk: Buffer) => {
    text += chunk.toString();
    const m = /base URL\s+(http:\/\/\S+\/v3)/.exec(text);
    if (m) found(m[1]!);
  };
  child.stdout.on('data', read);
  child.stderr.on('data', read);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => text, baseUrl, exit };
}

let running: Serve | undefined;
let dir: string | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null) running.child.kill('SIGKILL');
  running = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('npm run serve -- --observe', () => {
  it('prints the schedule, records the sample partner, ends on POST /_observe/finish with the verdict, certifies and exits 0', {
    timeout: 90_000,
  }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dinie-observe-'));
    running = serve([
      '--observe',
      '--port',
      '0',
      '--report-dir',
      dir,
      '--certify',
      '--schedule',
      'retryAfterSeconds=1,slowMs=50,holdMs=300,deliveryTimeoutMs=2000',
    ]);
    const baseUrl = await running.baseUrl;
    const a = DEMO_PARTNERS[0]!;
    const creds = {
      baseUrl,
      clientId: a.clientId,
      clientSecret: a.clientSecret,
      retry: { attempts: 4, baseMs: 150, maxMs: 1000, timeoutMs: 3000 },
      poll: { initialMs: 50, maxMs: 200, timeoutMs: 20_000 },
    };
    const setup = new DinieClient(creds);
    const ep = await setup.call<{ id: string; secret: string }>('POST', '/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:9/webhooks/dinie', events: ['*'] },
      idempotent: true,
    });
    const receiver = await startSampleReceiver({ secret: ep.secret });
    try {
      await setup.call('PATCH', `/webhooks/endpoints/${ep.id}`, { json: { url: receiver.url } });
      await runSampleJourney(creds);
      const origin = baseUrl.replace(/\/v3$/, '');
      const answer = (await request(`${origin}/_observe/finish`, { method: 'POST' }).then((r) => r.body.json())) as Record<string, unknown>;
      expect(answer, running.out()).toMatchObject({ verdict: 'conforming', exitCode: 0, certified: expect.any(String) });
      expect(await running.exit, running.out()).toBe(0);
      const out = running.out();
      expect(out).toContain('the 5th request of each credential: 429 rate_limit_exceeded, Retry-After: 1');
      expect(out).toContain(`curl -X POST ${origin}/_observe/finish`);
      expect(out).toMatch(/finish request: the session ended after/);
      expect(out).toMatch(/passed\s+MUST\s+CLIENT-WEBHOOK-FORGED-REFUSED/);
      expect(out).toMatch(/CONFORMING: /);
      expect(out).toMatch(/client: 12 passed, 0 failed, 0 skipped/);
      expect(out.includes(ep.secret)).toBe(false);
      for (const f of ['conformance.json', 'conformance.html', 'junit.xml', 'client-session.json']) expect(existsSync(path.join(dir, f)), f).toBe(true);
      const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
      expect(report.target.name).toBe('partner client');
      expect(report.requirements.every((r: { area: string }) => r.area === 'client')).toBe(true);
      expect((await verifyCertificationPackage(answer.certified as string)).ok).toBe(true);
    } finally {
      await receiver.close();
    }
  });

  it('clears the previous session\'s reports as it starts; on SIGINT judges what was recorded: an application that did little is INCOMPLETE, exit 1, with "not exercised" reasons; --skip-allure-page leaves allure-results, no page', {
    timeout: 60_000,
  }, async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'dinie-observe-'));
    // An earlier session's reports, CONFORMING: a session ending without judging must not leave them looking like its own.
    const stale = ['conformance.json', 'conformance.html', 'junit.xml', 'client-session.json', 'allure-report/index.html', 'allure-results/stale-result.json'];
    const kept = ['certification/partner_client-2026-01-01/conformance.json'];
    for (const f of [...stale, ...kept]) {
      await mkdir(path.dirname(path.join(dir, f)), { recursive: true });
      await writeFile(path.join(dir, f), '{"verdict":{"status":"conforming","passed":true}}');
    }
    running = serve(['--observe', '--port', '0', '--report-dir', dir, '--skip-allure-page']);
    const baseUrl = await running.baseUrl;
    // Gone by the time the session is open, before anything was recorded or judged.
    for (const f of stale) expect(existsSync(path.join(dir, f)), f).toBe(false);
    for (const f of kept) expect(existsSync(path.join(dir, f)), f).toBe(true);
    const a = DEMO_PARTNERS[0]!;
    const res = await request(`${baseUrl}/auth/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
      headers: {
        authorization: `Basic ${Buffer.from(`${a.clientId}:${a.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    await res.body.dump();
    running.child.kill('SIGINT');
    expect(await running.exit, running.out()).toBe(1);
    const out = running.out();
    expect(out).toMatch(/SIGINT: the session ended after .* \(1 requests?, 0 webhook deliveries\)/);
    expect(out).toMatch(/INCOMPLETE: /);
    expect(out).toMatch(/skipped\s+MUST\s+CLIENT-WEBHOOK-ACKNOWLEDGED\s+not exercised: the application registered no webhook endpoint/);
    const report = JSON.parse(await readFile(path.join(dir, 'conformance.json'), 'utf8'));
    expect(report.verdict).toMatchObject({ status: 'incomplete', passed: false });
    // --skip-allure-page: the results, annotated with the verdict, stand in for the page.
    expect(out).toMatch(/reports: {6}\S+\/ \(conformance\.html, conformance\.json, junit\.xml, allure-results\/, client-session\.json\)/);
    expect(out).toMatch(/^reports: .*allure-results, .*client-session\.json$/m);
    expect(existsSync(path.join(dir, 'allure-report')), 'allure-report/').toBe(false);
    expect(await readFile(path.join(dir, 'allure-results', 'environment.properties'), 'utf8')).toMatch(/^verdict=INCOMPLETE$/m);
  });

  it('ends bad usage with exit code 2 and one sentence', { timeout: 30_000 }, async () => {
    const cases: [string[], RegExp][] = [
      [['--certify'], /--certify only applies with --observe/],
      [['--skip-allure-page'], /--skip-allure-page only applies with --observe/],
      [['--observe', '--schedule', 'nope=1'], /unknown schedule member "nope"/],
      [['--observe', '--schedule', 'rateLimitAt'], /--schedule takes NAME=N pairs/],
      [['--observe', '--time-limit', '0'], /--time-limit must be a whole number of seconds from 1/],
      [['--observe', '--fault', 'money-one-decimal'], /--observe judges the partner's client against a conforming server: drop --fault/],
    ];
    for (const { s, message } of cases.map(([args, message]) => ({ s: serve(['--port', '0', ...args]), message }))) {
      expect(await s.exit, s.out()).toBe(2);
      expect(s.out()).toMatch(message);
    }
  });
});
