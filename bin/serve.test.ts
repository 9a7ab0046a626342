// `npm run serve` as a user runs it (also with --sandbox): refuses unknown faults and misplaced flags in one sentence, prints what a user
// needs, answers on the printed URL and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, out: () => out, err: () => err };
}

describe('bin/serve', () => {
  it('refuses an unknown fault (flag or env) with one sentence naming the valid ones', async () => {
    const p = run(['--port', '0', '--fault', 'location-missing'], { DINIE_REF_FAULTS: 'no-such-fault' });
    expect(await p.exited).toBe(2);
    expect(p.err()).toMatch(/^Unknown fault "no-such-fault"; valid names are: .*location-missing.*\.\n$/);
  }, 60_000);

  it('prints URLs, credentials, mode and faults, serves them and stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--auto', '--fault', 'location-missing']);
    const deadline = Date.now() + 50_000;
    while (!/client_secret[\s\S]*client_secret/.test(p.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const out = p.out();
    const base = /base URL\s+(\S+)/.exec(out)?.[1];
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3$/);
    expect(out).toMatch(/mode\s+auto/);
    expect(out).toMatch(/faults\s+location-missing/);
    expect(out).toContain('dinie_ci_test_demopartnera0001');
    const discovery = (await (await fetch(base!.replace(/\/v3$/, '/_simulation'))).json()) as { mode: string; faults: string[] };
    expect(discovery).toMatchObject({ mode: 'auto', faults: ['location-missing'] });
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 60_000);
});

describe('bin/serve --sandbox', () => {
  it('refuses sandbox flags without --sandbox, and bad values, in one sentence', async () => {
    const p = run(['--port', '0', '--step-ms', '100']);
    expect(await p.exited).toBe(2);
    expect(p.err()).toBe('--step-ms only applies with --sandbox.\n');
    const q = run(['--port', '0', '--sandbox', '--rate-limit', '0']);
    expect(await q.exited).toBe(2);
    expect(q.err()).toBe('--rate-limit must be a whole number from 1, not "0".\n');
  }, 60_000);

  it('says sandbox, shows no control API, lists the triggers and credentials; rate-limits the demo credentials; stops on SIGTERM', async () => {
    const p = run(['--port', '0', '--sandbox', '--step-ms', '100', '--rate-limit', '50', '--seed-customers', '30']);
    const deadline = Date.now() + 50_000;
    while (!/get a token/.test(p.out()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const out = p.out();
    expect(out).toMatch(
      /mode\s+sandbox \(advances on its own one step every 100 ms; latency 0 ms; 50 requests per 60 s per credential; 30 pre-existing customers/,
    );
    expect(out).toMatch(/control API\s+none/);
    expect(out).toContain('docs/sandbox.md');
    for (const t of ['kyc.reject', 'kyc.correction', 'loan.cancel', 'loan.error', 'loan.pay', 'offer.expire']) expect(out).toContain(t);
    expect(out).toContain('dinie_ci_test_demopartnera0001');
    expect(out).toContain('dinie_cs_test_demo_secret_partner_a');
    const base = /base URL\s+(\S+)/.exec(out)![1]!;
    expect((await fetch(base.replace(/\/v3$/, '/_simulation'))).status).toBe(404);
    const auth = `Basic ${Buffer.from('dinie_ci_test_demopartnera0001:dinie_cs_test_demo_secret_partner_a').toString('base64')}`;
    const token = await fetch(`${base}/auth/token`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token } = (await token.json()) as { access_token: string };
    const list = await fetch(`${base}/customers?limit=100`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(list.headers.get('x-ratelimit-limit')).toBe('50');
    expect(list.headers.get('x-ratelimit-remaining')).toBe('49');
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(30);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 60_000);
});
