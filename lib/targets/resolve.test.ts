import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckContext } from '../checks/context.js';
import { runChecks } from '../checks/runner.js';
import type { Check } from '../checks/types.js';
import { activateCustomer } from '../flows/customers.js';
import { startHostileServer } from '../hostile/server.js';
import { DEFAULT_RATE_LIMIT } from '../reference/options.js';
import { customerRevisionOf } from '../spec/revisions.js';
import { resolveTarget, withoutUserinfo } from './resolve.js';
import { ConfigError } from './types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function configError(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  expect(e, 'expected a ConfigError').toBeInstanceOf(ConfigError);
  return (e as ConfigError).message;
}

describe('preflight', () => {
  it('names the known targets when the name is unknown, including configured ones', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dc-config-'));
    const file = path.join(dir, 'dinie-conformance.config.json');
    await writeFile(file, JSON.stringify({ targets: { staging: { baseUrl: 'http://127.0.0.1:1/v3' } } }));
    expect(await configError(resolveTarget({ target: 'stagin', configPath: file }))).toBe(
      'Unknown target "stagin": use one of local, mock, sandbox, staging, or an http(s):// URL.',
    );
  });

  it('rejects a malformed URL', async () => {
    expect(await configError(resolveTarget({ target: 'http://' }))).toMatch(/^The target URL "http:\/\/" is not a valid URL/);
    expect(await configError(resolveTarget({ target: 'ftp://example.com/v3' }))).toMatch(/must be an http or https URL/);
  });

  it('ends quickly on an unreachable target', async () => {
    const port = await freePort();
    const started = Date.now();
    expect(await configError(resolveTarget({ target: `http://127.0.0.1:${port}/v3`, timeoutMs: 2000 }))).toBe(
      `Cannot reach target http://127.0.0.1:${port}/v3: the connection was refused (ECONNREFUSED).`,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('https:// to a plain-HTTP port: one sentence, suggesting http://', async () => {
    const h = await startHostileServer({ mode: 'plain-http' });
    try {
      const msg = await configError(resolveTarget({ target: `https://127.0.0.1:${h.port}/v3`, timeoutMs: 2000 }));
      expect(msg).toMatch(
        new RegExp(
          `^Cannot reach target https://127\\.0\\.0\\.1:${h.port}/v3: TLS handshake failed: the server does not speak TLS on this port \\((ERR_SSL_WRONG_VERSION_NUMBER|EPROTO)\\); did you mean http://127\\.0\\.0\\.1:${h.port}/v3\\?$`,
        ),
      );
      expect(msg).not.toMatch(/openssl|\n/i);
    } finally {
      await h.close();
    }
  });

  it('a silent target ends the preflight within its timeout, in one sentence', async () => {
    const h = await startHostileServer({ mode: 'silent-after-token' });
    try {
      const started = Date.now();
      expect(await configError(resolveTarget({ target: h.baseUrl, timeoutMs: 300 }))).toBe(`Cannot reach target ${h.baseUrl}: no answer within 300 ms.`);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await h.close();
    }
  });

  it('refuses credentials in the target URL, naming the variables, never printing the password', async () => {
    const password = 'PLANTED-url-password-77';
    const cases: [string, string][] = [
      [
        `http://dinie_ci_test_u:${password}@127.0.0.1:1/v3`,
        'The target URL http://127.0.0.1:1/v3 must not carry credentials (user:password@): set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET instead.',
      ],
      [
        `https://${password}@sandbox.example.com/v3/`,
        'The target URL https://sandbox.example.com/v3 must not carry credentials (user:password@): set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET instead.',
      ],
      [`http://user:${password}@[::1`, 'The target URL "http://[::1" is not a valid URL (expected e.g. http://127.0.0.1:4010/v3).'],
      [`user:${password}@host/v3`, 'The target URL "host/v3" must be an http or https URL.'],
    ];
    for (const [target, expected] of cases) {
      const msg = await configError(resolveTarget({ target }));
      expect(msg).toBe(expected);
      expect(msg).not.toContain(password);
    }
    const env = { DINIE_SANDBOX_URL: `https://u:${password}@sandbox.example.com/v3`, DINIE_CLIENT_ID: 'x', DINIE_CLIENT_SECRET: 'y' };
    const sandbox = await configError(resolveTarget({ target: 'sandbox', env }));
    expect(sandbox).toBe(
      'DINIE_SANDBOX_URL https://sandbox.example.com/v3 must not carry credentials (user:password@): set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET instead.',
    );
    const dir = await mkdtemp(path.join(tmpdir(), 'dc-config-'));
    const file = path.join(dir, 'dinie-conformance.config.json');
    await writeFile(
      file,
      JSON.stringify({
        targets: { staging: { baseUrl: `http://u:${password}@127.0.0.1:1/v3`, clientIdEnv: 'STAGING_ID', clientSecretEnv: 'STAGING_SECRET' } },
      }),
    );
    expect(await configError(resolveTarget({ target: 'staging', configPath: file }))).toBe(
      'The baseUrl of target "staging" http://127.0.0.1:1/v3 must not carry credentials (user:password@): set STAGING_ID and STAGING_SECRET instead.',
    );
    expect(await configError(resolveTarget({ target: 'http://127.0.0.1:1/v3', webhookUrl: `https://hook:${password}@x.example/h` }))).toBe(
      '--webhook-url https://x.example/h must not carry credentials (user:password@).',
    );
    expect(withoutUserinfo(`http://a:${password}@h/p@q`)).toBe('http://h/p@q');
    expect(withoutUserinfo('http://h/v3')).toBe('http://h/v3');
  });

  it('the sandbox profile takes its test values and lacks from a config entry named sandbox', { timeout: 30_000 }, async () => {
    const { startReferenceServer, DEMO_PARTNERS } = await import('../reference/index.js');
    const server = await startReferenceServer({ port: 0, sandbox: { stepMs: 50, seedCustomers: 0 } });
    try {
      const dir = await mkdtemp(path.join(tmpdir(), 'dc-config-'));
      const file = path.join(dir, 'dinie-conformance.config.json');
      await writeFile(
        file,
        JSON.stringify({
          targets: { sandbox: { cannot: ['second-partner'], triggers: { 'loan.pay': { on: 'simulation', set: { requested_amount: '5000.77' } } } } },
        }),
      );
      const env = { DINIE_SANDBOX_URL: server.baseUrl, DINIE_CLIENT_ID: DEMO_PARTNERS[0]!.clientId, DINIE_CLIENT_SECRET: DEMO_PARTNERS[0]!.clientSecret };
      const t = await resolveTarget({ target: 'sandbox', env, configPath: file });
      expect(t.spec).toMatchObject({ profile: 'sandbox', baseUrl: server.baseUrl, mode: 'wait', triggers: { 'loan.pay': { on: 'simulation' } } });
      expect(t.spec.declaredLacks).toEqual(['control', 'clock', 'second-partner']);
      await t.close();
    } finally {
      await server.close();
    }
  });

  it('names the variables the sandbox needs', async () => {
    expect(await configError(resolveTarget({ target: 'sandbox', env: {} }))).toBe(
      'The sandbox needs credentials: set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET.',
    );
  });
});

describe('detection never turns an error into a skip', () => {
  it('a target answering 500 to POST /customers is stateful (its checks fail), not a stateless mock', async () => {
    const server = createHttpServer((req, res) => {
      if (req.url?.endsWith('/auth/token')) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ access_token: 'tok_probe_123456', token_type: 'Bearer', expires_in: 3600 }));
      } else if (req.method === 'POST' && req.url?.endsWith('/customers')) {
        res.writeHead(500, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ type: 'about:blank', title: 'boom', status: 500 }));
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const t = await resolveTarget({
        target: `http://127.0.0.1:${port}/v3`,
        env: { DINIE_CLIENT_ID: 'dinie_ci_test_x', DINIE_CLIENT_SECRET: 'dinie_cs_test_x' },
        timeoutMs: 2_000,
      });
      expect(t.spec.capabilities).toContain('stateful');
      expect(t.spec.mode).toBe('wait');
      // …and the revision probe is told why no customer was read (it goes on, revision-probe.ts).
      expect(t.probed).toEqual({ unread: 'POST /customers answered 500' });
      await t.close();
    } finally {
      server.close();
    }
  });
});

describe('named targets declare triggers and what they cannot do', () => {
  async function configWith(target: object): Promise<string> {
    const dir = await mkdtemp(path.join(tmpdir(), 'dc-config-'));
    const file = path.join(dir, 'dinie-conformance.config.json');
    await writeFile(file, JSON.stringify({ targets: { sb: { baseUrl: 'http://127.0.0.1:1/v3', ...target } } }));
    return file;
  }
  it('refuses an unknown trigger, a trigger without "on"/"set", and an unknown lack, in one sentence each', async () => {
    expect(
      await configError(resolveTarget({ target: 'sb', configPath: await configWith({ triggers: { 'loan.explode': { on: 'loan', set: { a: 'b' } } } }) })),
    ).toMatch(/^Trigger "loan\.explode" of target "sb" in dinie-conformance\.config\.json is unknown \(known: kyc\.reject, /);
    expect(
      await configError(resolveTarget({ target: 'sb', configPath: await configWith({ triggers: { 'loan.cancel': { on: 'offer', set: { a: 'b' } } } }) })),
    ).toMatch(/needs "on": one of customer, document, simulation, loan\.$/);
    expect(
      await configError(
        resolveTarget({
          target: 'sb',
          configPath: await configWith({ triggers: { 'loan.cancel': { on: 'simulation', set: { requested_amount: 5000.13 } } } }),
        }),
      ),
    ).toMatch(/needs "set": an object of string members/);
    expect(await configError(resolveTarget({ target: 'sb', configPath: await configWith({ cannot: ['fly'] }) }))).toMatch(
      /says it cannot "fly", which is neither a capability/,
    );
  });
  it('the example sandbox config is valid and declares every trigger', async () => {
    const { loadProjectConfig, declaredLacksOf } = await import('./config-file.js');
    const config = await loadProjectConfig(path.join(ROOT, 'fixtures/targets/sandbox.config.json'));
    const sb = config!.targets['reference-sandbox']!;
    expect(Object.keys(sb.triggers ?? {}).sort()).toEqual(['kyc.correction', 'kyc.reject', 'loan.cancel', 'loan.error', 'loan.pay', 'offer.expire']);
    expect(declaredLacksOf(sb.cannot)).toEqual(['clock']);
    expect(declaredLacksOf(['loan.pay', 'webhooks'])).toEqual(['trigger:loan.pay', 'webhooks']);
  });
});

describe('local and URL targets', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGTERM');
  });

  type Served = { baseUrl: string; partners: { clientId: string; clientSecret: string }[] };
  const servers = new Map<boolean, Promise<Served>>();
  /** The reference server in a child process (one per mode): a target we only know by its URL. */
  function spawnServer(auto: boolean): Promise<Served> {
    if (!servers.has(auto)) servers.set(auto, startChild(auto));
    return servers.get(auto)!;
  }
  async function startChild(auto: boolean): Promise<Served> {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, '__fixtures__/serve-child.ts'), ...(auto ? ['--auto'] : [])], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once('line', resolve);
      child.once('exit', (code) => reject(new Error(`reference server exited with ${code}`)));
    });
    return JSON.parse(line);
  }

  // The registration-to-active journey: through the control API or by waiting, per the target.
  const activation: Check = {
    id: 'TEST-ACTIVATION',
    level: 'MUST',
    area: 'kyc',
    title: 'A registered customer becomes active.',
    source: 'test',
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const customer = await activateCustomer(ctx);
      ctx.ensure(customer.status === 'active', 'not active', 'active', customer.status);
      ctx.note(`driver mode ${ctx.driver.mode}`);
    },
  };

  it('local: the embedded server, every capability, driven through the control API', async () => {
    const t = await resolveTarget({ target: 'local' });
    try {
      expect(t.spec).toMatchObject({ profile: 'local', mode: 'control', auto: false });
      expect(t.spec.capabilities).toEqual(['stateful', 'control', 'advances', 'clock', 'webhooks', 'second-partner']);
      expect(t.spec.controlUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/_simulation$/);
      // No statefulness probe ran on our own server: the revision probe reads a customer itself.
      expect(t.probed).toBeUndefined();
    } finally {
      await t.close();
    }
  });

  it('local: the embedded server speaks the contract revision asked for (docs by default)', async () => {
    for (const contract of [undefined, 'docs', 'sdk'] as const) {
      const t = await resolveTarget({ target: 'local', ...(contract ? { contract } : {}) });
      try {
        const discovery = (await (await fetch(t.spec.controlUrl!)).json()) as { contract: string };
        expect(discovery.contract).toBe(contract ?? 'docs');
      } finally {
        await t.close();
      }
    }
  });

  it('local: every credential of the embedded server gets the budget asked for (its default otherwise)', async () => {
    for (const rateLimit of [undefined, { limit: 7, windowSeconds: 60 }]) {
      const t = await resolveTarget({ target: 'local', ...(rateLimit ? { rateLimit } : {}) });
      try {
        const { clientId, clientSecret } = t.spec.credentials.A!;
        const res = await fetch(`${t.spec.baseUrl}/auth/token`, {
          method: 'POST',
          headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }),
        });
        expect(res.headers.get('x-ratelimit-limit')).toBe(String(rateLimit?.limit ?? DEFAULT_RATE_LIMIT.limit));
      } finally {
        await t.close();
      }
    }
  });

  it('URL target: refused credentials end the run in one sentence', { timeout: 60_000 }, async () => {
    const server = await spawnServer(false);
    const env = { DINIE_CLIENT_ID: 'dinie_ci_test_nobody', DINIE_CLIENT_SECRET: 'wrong' };
    expect(await configError(resolveTarget({ target: server.baseUrl, env }))).toBe(
      `Target ${server.baseUrl} refused the credentials in DINIE_CLIENT_ID/DINIE_CLIENT_SECRET (POST /auth/token answered 401).`,
    );
    const port = await freePort();
    const [a] = server.partners;
    expect(
      await configError(
        resolveTarget({
          target: server.baseUrl,
          env: { DINIE_CLIENT_ID: a!.clientId, DINIE_CLIENT_SECRET: a!.clientSecret },
          webhookUrl: `http://127.0.0.1:${port}/x`,
          timeoutMs: 1000,
        }),
      ),
    ).toMatch(/^Nothing that reaches our webhook receiver answers on --webhook-url http:\/\/127\.0\.0\.1:\d+\/x/);
    // …and a public URL that does lead to the receiver's port is accepted.
    const hookPort = await freePort();
    const ok = await resolveTarget({
      target: server.baseUrl,
      env: { DINIE_CLIENT_ID: a!.clientId, DINIE_CLIENT_SECRET: a!.clientSecret },
      webhookUrl: `http://127.0.0.1:${hookPort}/`,
      webhookPort: hookPort,
    });
    expect(ok.spec.webhook).toEqual({ url: `http://127.0.0.1:${hookPort}`, port: hookPort });
    expect(ok.spec.capabilities).toContain('webhooks');
    expect(ok.spec.capabilities).not.toContain('second-partner');
  });

  it('named target from the project config: its credential variables and configured capabilities', { timeout: 60_000 }, async () => {
    const server = await spawnServer(false);
    const [a] = server.partners;
    const dir = await mkdtemp(path.join(tmpdir(), 'dc-config-'));
    const file = path.join(dir, 'dinie-conformance.config.json');
    const staging = {
      baseUrl: server.baseUrl,
      clientIdEnv: 'STAGING_ID',
      clientSecretEnv: 'STAGING_SECRET',
      capabilities: ['stateful', 'advances', 'webhooks'],
    };
    await writeFile(file, JSON.stringify({ targets: { staging } }));
    expect(await configError(resolveTarget({ target: 'staging', configPath: file, env: {} }))).toBe(
      'Target staging needs credentials: set STAGING_ID/STAGING_SECRET.',
    );
    const t = await resolveTarget({ target: 'staging', configPath: file, env: { STAGING_ID: a!.clientId, STAGING_SECRET: a!.clientSecret } });
    // `control` is not configured, so the control API the server has is not used: the suite waits.
    expect(t.spec).toMatchObject({
      profile: 'named',
      capabilities: ['stateful', 'advances', 'webhooks'],
      mode: 'wait',
      credentials: { A: { clientId: a!.clientId } },
    });
    expect(t.spec.controlUrl).toBeUndefined();
    expect(t.probed).toBeUndefined(); // configured capabilities: no statefulness probe ran
    expect(t.spec.hints?.secondPartnerEnv).toBe('DINIE_CLIENT_ID_2/DINIE_CLIENT_SECRET_2');
  });

  for (const auto of [false, true]) {
    it(`URL target (${auto ? 'automatic mode: waiting driver' : 'manual mode: control driver'}): capabilities detected, activation works`, {
      timeout: 60_000,
    }, async () => {
      const server = await spawnServer(auto);
      const [a, b] = server.partners;
      const env = {
        DINIE_CLIENT_ID: a!.clientId,
        DINIE_CLIENT_SECRET: a!.clientSecret,
        DINIE_CLIENT_ID_2: b!.clientId,
        DINIE_CLIENT_SECRET_2: b!.clientSecret,
      };
      const t = await resolveTarget({ target: server.baseUrl, env });
      expect(t.spec).toMatchObject({ profile: 'url', mode: auto ? 'wait' : 'control', auto });
      expect(t.spec.capabilities).toEqual(['stateful', 'control', 'advances', 'clock', 'webhooks', 'second-partner']);
      // The customer the statefulness probe read back tells the revision: the reference server speaks docs.
      expect(t.probed && 'customer' in t.probed && customerRevisionOf(t.probed.customer)).toBe('docs');
      const [result] = await runChecks({ target: t.spec, checks: [activation], seed: 1, runs: 1, timeoutMs: 20_000 });
      expect(result, JSON.stringify(result?.message)).toMatchObject({ outcome: 'passed', evidence: { notes: [`driver mode ${auto ? 'wait' : 'control'}`] } });
    });
  }
});
