// `npm run serve` as a user runs it: refuses unknown faults in one sentence, prints what a user
// needs, answers on the printed URL and stops cleanly on SIGTERM.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SERVE = fileURLToPath(new URL('./serve.ts', import.meta.url));

function run(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVE, ...args], { env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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
