import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { main } from './main.js';

it("reads the target's credentials from the environment main is given, not the process's", { timeout: 30_000 }, async () => {
  // A port nothing answers on: the run stops at the preflight, after the credentials were found.
  const free = createServer();
  await new Promise<void>((r) => free.listen(0, '127.0.0.1', r));
  const port = (free.address() as { port: number }).port;
  await new Promise((r) => free.close(r));
  expect(process.env.DINIE_CLIENT_ID).toBeUndefined();
  let err = '';
  const io = { out: () => undefined, err: (l: string) => (err += `${l}\n`), write: () => undefined, tty: false, color: false };
  const env = {
    DINIE_SANDBOX_URL: `http://127.0.0.1:${port}/v3`,
    DINIE_CLIENT_ID: 'dinie_ci_test_env',
    DINIE_CLIENT_SECRET: 'env-secret-value',
    DINIE_REPORT_DIR: await mkdtemp(path.join(tmpdir(), 'dinie-main-env-')),
  };
  const code = await main(['conformance', '--target=sandbox', '--timeout', '1000'], env, io);
  expect(code).toBe(2);
  expect(err).not.toMatch(/needs credentials/);
  expect(err).toContain(`127.0.0.1:${port}`);
  expect(err).not.toContain('env-secret-value');
});
