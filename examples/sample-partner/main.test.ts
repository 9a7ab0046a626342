// The sample partner's CLI: bad usage ends with exit code 2 and a sentence; the receiver prints one
// line per delivery and stops cleanly on SIGINT.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function cli(args: string[], env: Record<string, string> = {}): { child: ChildProcess; out: () => string; done: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, DINIE_CLIENT_ID: '', DINIE_CLIENT_SECRET: '', DINIE_WEBHOOK_SECRET: '', ...env },
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, out: () => out, done };
}

it.each([
  [['journey', '--base-url', 'http://127.0.0.1:9/v3', '--fault', 'nope'], /Unknown journey fault: nope/],
  [['journey', '--base-url', 'http://127.0.0.1:9/v3'], /Set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET/],
  [['receiver', '--port', '0'], /needs its signing secret/],
  [['receiver', '--secret', 'whsec_abc', '--fault', 'nope'], /Unknown receiver fault: nope/],
])(
  '%j ends with exit code 2',
  async (args, message) => {
    const run = cli(args);
    expect(await run.done).toBe(2);
    expect(run.out()).toMatch(message);
  },
  20_000,
);

it('runs the receiver: one line per delivery, and SIGINT stops it', async () => {
  const secret = `whsec_${randomBytes(24).toString('base64')}`;
  const run = cli(['receiver', '--port', '0'], { DINIE_WEBHOOK_SECRET: secret });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${run.out()}`)), 15_000);
      run.child.stdout!.on('data', () => {
        const m = /listening at (\S+)/.exec(run.out());
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
    });
    const at = new Date();
    const body = JSON.stringify({
      type: 'credit_offer.available',
      timestamp: at.toISOString(),
      data: { id: 'co_1', approved_amount: '50000.00', external_id: 'ref-1' },
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_cli',
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(secret).sign('msg_cli', at, body),
      },
      body,
    });
    expect(res.status).toBe(200);
    expect(run.out()).toMatch(/msg_cli credit_offer.available: offer co_1 of R\$ 50000.00 for ref-1/);
    expect(run.out()).not.toContain(secret);
    run.child.kill('SIGINT');
    expect(await run.done).toBe(0);
  } finally {
    run.child.kill();
  }
}, 20_000);
