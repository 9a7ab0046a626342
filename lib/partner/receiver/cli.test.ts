// The CLI's receiver mode end to end: `conformance --receiver=URL` and `certify --receiver=URL`
// write every report with the receiver as the target (profile receiver), the secret appears in
// no line printed and no file written, and bad configuration ends in one sentence with exit 2 and
// leaves no earlier run's report; --skip-allure-page leaves allure-results and renders no page.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineCancelled, deadlineNotRun } from '../../checks/not-run.js';
import { type Io, main, relToCwd } from '../../cli/main.js';
import { type MinimalReceiver, startMinimalReceiver } from './minimal-receiver.test-helper.js';
import { otherSecret } from './secret.js';

const secret = otherSecret();
let receiver: MinimalReceiver;
let dir: string;

function io(): Io & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), write: (s) => lines.push(s), tty: false, color: false };
}

async function filesUnder(d: string): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(d)) {
    const f = path.join(d, name);
    if ((await stat(f)).isDirectory()) out.push(...(await filesUnder(f)));
    else out.push(f);
  }
  return out;
}

beforeAll(async () => {
  receiver = await startMinimalReceiver(secret.secret);
  dir = await mkdtemp(path.join(tmpdir(), 'dinie-receiver-cli-'));
});
afterAll(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

describe('npm run conformance -- --receiver=URL', () => {
  it('certifies a conforming receiver: every report, the receiver as target, the secret nowhere', { timeout: 120_000 }, async () => {
    const out = io();
    const reportDir = path.join(dir, 'reports');
    const code = await main(
      ['certify', `--receiver=${receiver.url}`, '--receiver-processed-url', receiver.processedUrl, '--report-dir', reportDir, '--seed', '7'],
      { DINIE_WEBHOOK_SECRET: secret.secret },
      out,
    );
    expect(code, out.lines.join('\n')).toBe(0);
    const report = JSON.parse(await readFile(path.join(reportDir, 'conformance.json'), 'utf8'));
    expect(report.target).toMatchObject({ name: receiver.url, baseUrl: receiver.url, profile: 'receiver' });
    expect(report.verdict.status).toBe('conforming');
    expect(report.requirements.every((r: { area: string; id: string }) => r.area === 'receiver' && r.id.startsWith('RECV-'))).toBe(true);
    expect(report.requirements.map((r: { outcome: string }) => r.outcome)).not.toContain('failed');
    const events = report.requirements.find((r: { id: string }) => r.id === 'RECV-EVENTS-ACKNOWLEDGED');
    expect(events.evidence.exchanges).toHaveLength(16);
    const junit = await readFile(path.join(reportDir, 'junit.xml'), 'utf8');
    expect(junit).toContain('RECV-REFUSES-FORGED-SIGNATURE');
    const html = await readFile(path.join(reportDir, 'conformance.html'), 'utf8');
    expect(html).toContain('RECV-ACCEPTS-ROTATION-SIGNATURES');
    expect(html).toContain(`conformance of the webhook receiver <code>${receiver.url}</code>`);
    const allure = (await readdir(path.join(reportDir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
    expect(allure.length).toBe(report.requirements.length + 1); // + the verdict
    expect(out.lines.join('\n')).toMatch(/certified: receiver package written to .*certification\/receiver-127\.0\.0\.1_/);
    const pkg = (await readdir(path.join(reportDir, 'certification')))[0]!;
    const manifest = JSON.parse(await readFile(path.join(reportDir, 'certification', pkg, 'manifest.json'), 'utf8'));
    expect(manifest.target).toMatchObject({ baseUrl: receiver.url, profile: 'receiver' });
    const verified = io();
    expect(await main(['certify', '--verify', path.join(reportDir, 'certification', pkg)], {}, verified), verified.lines.join('\n')).toBe(0);

    // Nothing written or printed carries the secret, with or without its prefix.
    for (const f of await filesUnder(reportDir)) {
      const text = await readFile(f, 'latin1');
      expect(text.includes(secret.key), f).toBe(false);
    }
    expect(out.lines.join('\n')).not.toContain(secret.key);
  });

  it('skips the processed-once SHOULD without an observation hook, naming the option; the run stays complete', { timeout: 60_000 }, async () => {
    const out = io();
    const reportDir = path.join(dir, 'no-hook');
    const code = await main(['conformance', `--receiver=${receiver.url}`, '--report-dir', reportDir], { DINIE_WEBHOOK_SECRET: secret.secret }, out);
    expect(code, out.lines.join('\n')).toBe(0);
    const report = JSON.parse(await readFile(path.join(reportDir, 'conformance.json'), 'utf8'));
    const once = report.requirements.find((r: { id: string }) => r.id === 'RECV-PROCESSES-ONCE');
    expect(once).toMatchObject({ outcome: 'skipped', level: 'SHOULD' });
    expect(once.message).toMatch(/--receiver-processed-url/);
    expect(report.verdict).toMatchObject({ status: 'conforming', complete: true });
  });

  it('honours --deadline against a slow receiver: the running check cancelled, the rest not run, INCOMPLETE, exit 1', { timeout: 60_000 }, async () => {
    // Each delivery answered after 400 ms: the catalogue's ~45 deliveries would take well over 15 s
    // (RECV-EVENTS-ACKNOWLEDGED alone, 16 in a row, over 6 s); the deadline is 1 s.
    const slow = await startMinimalReceiver(secret.secret, { delayMs: 400 });
    try {
      const out = io();
      const reportDir = path.join(dir, 'deadline');
      const code = await main(
        ['conformance', `--receiver=${slow.url}`, '--deadline', '1', '--report-dir', reportDir],
        { DINIE_WEBHOOK_SECRET: secret.secret },
        out,
      );
      const text = out.lines.join('\n');
      expect(code, text).toBe(1);
      // Far fewer deliveries than the run would make: it ended at the deadline, not after the catalogue.
      expect(slow.seen.length, text).toBeLessThan(16);
      const report = JSON.parse(await readFile(path.join(reportDir, 'conformance.json'), 'utf8'));
      expect(report.options.deadlineS).toBe(1);
      expect(report.verdict).toMatchObject({ status: 'incomplete', complete: false, passed: false });
      const messages = report.requirements.map((r: { outcome: string; message?: string }) => [r.outcome, r.message]);
      expect(report.requirements).toHaveLength(13);
      // The check running at the deadline (if the run got to one) is cancelled, every other not run: none passes.
      for (const m of messages)
        expect([
          ['skipped', deadlineNotRun(1)],
          ['skipped', deadlineCancelled(1)],
        ]).toContainEqual(m);
      const cancelled = messages.filter(([, m]: string[]) => m === deadlineCancelled(1)).length;
      expect(cancelled).toBeLessThanOrEqual(1);
      expect(text).toContain(`the run's deadline (1 s) passed: ${13 - cancelled} checks were not run, ${cancelled} were cancelled while running`);
      expect(text).toMatch(/INCOMPLETE: /);
      expect(out.lines.at(-1)).toBe('conformance: 0 passed, 0 failed, 13 skipped');
      await stat(path.join(reportDir, 'junit.xml'));
      await stat(path.join(reportDir, 'conformance.html'));
    } finally {
      await slow.close();
    }
  });

  it('leaves allure-results and renders no Allure page with --skip-allure-page, as a server run does', { timeout: 60_000 }, async () => {
    const out = io();
    const reportDir = path.join(dir, 'skip-allure-page');
    const code = await main(
      ['conformance', `--receiver=${receiver.url}`, '--only=RECV-REFUSES-FORGED-SIGNATURE', '--skip-allure-page', '--report-dir', reportDir],
      { DINIE_WEBHOOK_SECRET: secret.secret },
      out,
    );
    const text = out.lines.join('\n');
    expect(code, text).toBe(0);
    expect(existsSync(path.join(reportDir, 'allure-report')), text).toBe(false);
    // The results a merge (or allure generate) renders: the requirement's and the verdict's (annotated).
    const results = (await readdir(path.join(reportDir, 'allure-results'))).filter((f) => f.endsWith('-result.json'));
    const names = await Promise.all(results.map(async (f) => JSON.parse(await readFile(path.join(reportDir, 'allure-results', f), 'utf8')).name as string));
    expect(
      names.some((n) => n.startsWith('RECV-REFUSES-FORGED-SIGNATURE')),
      names.join(', '),
    ).toBe(true);
    expect(names, names.join(', ')).toContain('verdict: CONFORMING');
    for (const f of await filesUnder(path.join(reportDir, 'allure-results'))) expect((await readFile(f, 'latin1')).includes(secret.key), f).toBe(false);
    // The summary names the results where the page would be.
    expect(text).toContain(relToCwd(path.join(reportDir, 'allure-results')));
  });

  it("leaves none of an earlier run's reports when it stops early (bad configuration, an unreachable receiver); Allure's history stays", async () => {
    const reportDir = path.join(dir, 'stale');
    const stopping: [string[], Record<string, string>][] = [
      [[`--receiver=${receiver.url}`], {}],
      [[`--receiver=${receiver.url}`], { DINIE_WEBHOOK_SECRET: 'not-a-whsec-secret-value' }],
      [['--receiver=http://127.0.0.1:1/webhooks/dinie'], { DINIE_WEBHOOK_SECRET: secret.secret }],
      [[`--receiver=${receiver.url}`, '--only=RECV-NO-SUCH-THING'], { DINIE_WEBHOOK_SECRET: secret.secret }],
      [[`--receiver=${receiver.url}`, '--contract', path.join(dir, 'not-a-contract.yaml')], { DINIE_WEBHOOK_SECRET: secret.secret }],
    ];
    await writeFile(path.join(dir, 'not-a-contract.yaml'), 'not: an OpenAPI document\n');
    const earlier = ['conformance.json', 'conformance.html', 'junit.xml', 'allure-report', 'allure-results'];
    for (const [args, env] of stopping) {
      // An earlier run's reports, one of them saying CONFORMING.
      await mkdir(path.join(reportDir, 'allure-report'), { recursive: true });
      await mkdir(path.join(reportDir, 'allure-results'), { recursive: true });
      await writeFile(path.join(reportDir, 'conformance.json'), JSON.stringify({ verdict: { status: 'conforming' } }));
      for (const f of ['conformance.html', 'junit.xml', path.join('allure-report', 'index.html'), path.join('allure-results', 'x-result.json')])
        await writeFile(path.join(reportDir, f), 'CONFORMING: an earlier run');
      await writeFile(path.join(reportDir, 'allure-history.jsonl'), '{}\n');
      const out = io();
      const code = await main(['conformance', ...args, '--report-dir', reportDir], env, out);
      expect(code, out.lines.join('\n')).toBe(2);
      for (const f of earlier) expect(existsSync(path.join(reportDir, f)), `${f} after: ${out.lines.join('\n')}`).toBe(false);
      // Allure's history is kept across runs on purpose, as a server run keeps it.
      expect(existsSync(path.join(reportDir, 'allure-history.jsonl'))).toBe(true);
    }
  });

  it('ends bad configuration in one sentence with exit code 2, never quoting the secret', async () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[`--receiver=${receiver.url}`], {}, /set DINIE_WEBHOOK_SECRET to its whsec_… value/],
      [[`--receiver=${receiver.url}`], { DINIE_WEBHOOK_SECRET: 'not-a-whsec-secret-value' }, /does not start with whsec_/],
      [[`--receiver=${receiver.url}`], { DINIE_WEBHOOK_SECRET: 'whsec_!!!not base64!!!' }, /not valid base64/],
      [
        ['--receiver=http://127.0.0.1:1/webhooks/dinie'],
        { DINIE_WEBHOOK_SECRET: secret.secret },
        /Cannot reach receiver http:\/\/127\.0\.0\.1:1\/webhooks\/dinie: the connection was refused \(ECONNREFUSED\)\./,
      ],
      [
        [`--receiver=${receiver.url}`, '--only=RECV-NO-SUCH-THING'],
        { DINIE_WEBHOOK_SECRET: secret.secret },
        /--only names RECV-NO-SUCH-THING, which no receiver requirement has/,
      ],
    ];
    for (const [args, env, re] of cases) {
      const out = io();
      const code = await main(['conformance', ...args, '--report-dir', path.join(dir, 'bad')], env, out);
      expect(code, out.lines.join('\n')).toBe(2);
      expect(out.lines).toHaveLength(1);
      expect(out.lines[0]).toMatch(re);
      expect(out.lines[0]).not.toContain('not-a-whsec-secret-value');
      expect(out.lines[0]).not.toContain(secret.key);
    }
  });
});
