import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTargetSpec, TARGET_ENV, type TargetSpec } from '../targets/types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECRET = 'GLUE-planted-client-secret';
let server: Server;
let spec: TargetSpec;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/v3/auth/token')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"GLUE-planted-token","expires_in":3600}');
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"pong":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  spec = {
    name: 'glue-stub',
    profile: 'url',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`,
    credentials: { A: { clientId: 'dinie_ci_test_glue', clientSecret: SECRET } },
    capabilities: ['stateful'],
    webhook: {},
    mode: 'wait',
    auto: false,
  };
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('registerChecks', () => {
  it('one vitest test per check: red on failure, skipped with the reason, outcome and lacks in task.meta', { timeout: 120_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '__fixtures__/run-glue.ts')], {
      env: { ...process.env, [TARGET_ENV]: encodeTargetSpec(spec), DINIE_SEED: '7', DINIE_RUNS: '3', DINIE_ONLY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = ''; // the inner run's own failure report (GLUE-FAIL is meant to fail): shown only if we cannot read rows
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    await new Promise((r) => child.once('exit', r));
    expect(out.trim(), err).not.toBe('');
    const rows = JSON.parse(out.trim().split('\n').at(-1)!) as any[];
    const by = Object.fromEntries(rows.map((r) => [r.name.split(' ')[0], r]));
    expect(Object.keys(by).sort()).toEqual(['GLUE-FAIL', 'GLUE-NOTHING', 'GLUE-PASS', 'GLUE-SKIP', 'GLUE-SKIP-TRIGGER', 'GLUE-WARN']);
    expect(by['GLUE-PASS']).toMatchObject({ name: 'GLUE-PASS passes.', state: 'passed', meta: { outcome: 'passed', level: 'MUST', judgements: 1 } });
    // Returning is not passing here either: no judgement, a skip naming no lack (the run is incomplete).
    expect(by['GLUE-NOTHING']).toMatchObject({
      state: 'skipped',
      note: expect.stringMatching(/^found nothing to judge/),
      meta: { outcome: 'skipped', level: 'MUST', lacks: [], judgements: 0 },
    });
    expect(by['GLUE-FAIL']).toMatchObject({
      state: 'failed',
      error: 'GLUE-FAIL (MUST) the answer was wrong',
      meta: { outcome: 'failed', evidence: { expected: 201, actual: { status: 200, body: { pong: true } } } },
    });
    expect(by['GLUE-WARN']).toMatchObject({ state: 'passed', meta: { outcome: 'warning', message: 'a good practice is missing' } });
    // What a skip lacked survives the trip from the worker to the reporter (task.meta).
    expect(by['GLUE-SKIP']).toMatchObject({ state: 'skipped', note: 'target has no simulation control API', meta: { outcome: 'skipped', lacks: ['control'] } });
    expect(by['GLUE-SKIP-TRIGGER']).toMatchObject({
      state: 'skipped',
      note: expect.stringContaining('needs loan cancel'),
      meta: { outcome: 'skipped', level: 'MUST', lacks: ['trigger:loan.cancel'] },
    });
    expect(out + err).not.toContain(SECRET);
    expect(out + err).not.toContain('GLUE-planted-token');
  });
});
