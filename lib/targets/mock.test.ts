// The suite against a static mock (Stoplight Prism serving our contract's examples): detected
// stateless, contract checks run, stateful checks and driver steps are skipped with the reason.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../checks/context.js';
import { runChecks } from '../checks/runner.js';
import type { Check } from '../checks/types.js';
import { type ResolvedTarget, resolveTarget } from './resolve.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PRISM = path.join(ROOT, 'tools/prism/node_modules/.bin/prism');
const CONTRACT = path.join(ROOT, 'fixtures/openapi/dinie-v3.yaml');
const installed = existsSync(PRISM);
if (!installed) console.warn('mock target test skipped: tools/prism/node_modules is absent (npm ci --prefix tools/prism)');

const checks: Check[] = [
  {
    id: 'MOCK-LIST-CUSTOMERS',
    level: 'MUST',
    area: 'contract',
    title: 'GET /customers answers as the contract says.',
    source: 'test',
    async run(ctx: CheckContext) {
      const res = await ctx.api.request({ method: 'GET', path: '/customers' });
      const v = ctx.validateResponse('listCustomers', res);
      ctx.ensure(res.status === 200 && v.valid, 'listCustomers does not match the contract', 'valid', v.errors);
    },
  },
  {
    id: 'MOCK-READ-BACK',
    level: 'MUST',
    area: 'customers',
    title: 'A created customer can be read back.',
    source: 'test',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      ctx.fail('must not run on a stateless target');
    },
  },
  {
    id: 'MOCK-ADVANCE',
    level: 'MUST',
    area: 'loans',
    title: 'A loan moves on.',
    source: 'test',
    async run(ctx: CheckContext) {
      await ctx.driver.advanceLoan('ln_550e8400e29b41d4a716446655440000');
    },
  },
];

describe.skipIf(!installed)('mock target (Prism)', () => {
  let prism: ChildProcess;
  let target: ResolvedTarget;
  beforeAll(async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as { port: number }).port;
    await new Promise<void>((r) => s.close(() => r()));
    prism = spawn(PRISM, ['mock', '-h', '127.0.0.1', '-p', String(port), CONTRACT], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      createInterface({ input: prism.stdout! }).on('line', (line) => {
        if (line.includes('Prism is listening')) resolve();
      });
      prism.once('exit', (code) => reject(new Error(`prism exited with ${code}`)));
    });
    // Prism serves the contract's paths at its root (no /v3 prefix).
    target = await resolveTarget({ target: `http://127.0.0.1:${port}`, env: {} });
  }, 120_000);
  afterAll(async () => {
    await target?.close();
    prism?.kill('SIGTERM');
  });

  it('is detected stateless: no capability, static driver', () => {
    expect(target.spec.capabilities).toEqual([]);
    expect(target.spec.mode).toBe('static');
    expect(target.spec.controlUrl).toBeUndefined();
  });

  it('runs contract checks and skips stateful checks and driver steps with the reason', async () => {
    const results = await runChecks({ target: target.spec, checks, seed: 1, runs: 1, timeoutMs: 5000 });
    const byId = Object.fromEntries(results.map((r) => [r.id, r]));
    expect(byId['MOCK-LIST-CUSTOMERS']!.outcome, byId['MOCK-LIST-CUSTOMERS']!.message).toBe('passed');
    expect(byId['MOCK-READ-BACK']).toMatchObject({ outcome: 'skipped', message: 'target is stateless' });
    expect(byId['MOCK-ADVANCE']).toMatchObject({ outcome: 'skipped' });
    expect(byId['MOCK-ADVANCE']!.message).toMatch(/^needs loan .* to move on: the target does not advance/);
  });
});
