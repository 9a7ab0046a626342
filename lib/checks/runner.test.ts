import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SUITE_ROOT } from '../report/redact.js';
import type { Contract } from '../spec/index.js';
import type { TargetSpec } from '../targets/types.js';
import type { CheckContext } from './context.js';
import { type ContextFactory, createContext } from './create-context.js';
import { precondition } from './preconditions.js';
import { checkBudgetMs, isExclusive, NOTHING_JUDGED, runCheck, runChecks } from './runner.js';
import { type Check, CheckSkipped } from './types.js';

const SECRET = 'RUNNER-planted-secret-1234';
const TOKEN = 'RUNNER-planted-token-5678';
let server: Server;
let spec: TargetSpec;
let factory: ContextFactory;
let limitedCalls = 0;

// Only what the runner touches; the real contract is lib/spec's business.
const contract = {
  validateResponse: (_op: string, status: number) => ({ valid: status === 200, errors: status === 200 ? [] : [`status ${status} is not documented`] }),
  validateResponseHeaders: (_op: string, _s: number, headers: Record<string, string>) =>
    headers['x-request-id'] ? { valid: true, errors: [] } : { valid: false, errors: ['x-request-id is required'] },
  validateEvent: () => ({ valid: true, errors: [] }),
} as unknown as Contract;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/v3/auth/token') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: TOKEN, token_type: 'Bearer', expires_in: 3600 }));
      return;
    }
    if (req.url === '/v3/silent') return; // never answers
    if (req.url === '/v3/limited') {
      // Rate-limited once: a 429 asking for one second, then fine.
      limitedCalls++;
      if (limitedCalls === 1) {
        res.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': '1', 'x-request-id': 'req_l' }).end('{"status":429}');
        return;
      }
    }
    const n = Number(new URL(req.url!, 'http://x').searchParams.get('n') ?? 0);
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': `req_${n}` }).end(JSON.stringify({ n }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  spec = {
    name: 'stub',
    profile: 'url',
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`,
    credentials: { A: { clientId: 'dinie_ci_test_stub', clientSecret: SECRET } },
    capabilities: ['stateful'],
    webhook: {},
    mode: 'wait',
    auto: false,
  };
  factory = await createContext(spec, { seed: 1, runs: 3, timeoutMs: 500, contract });
});
afterAll(async () => {
  await factory.close();
  await new Promise<void>((r) => server.close(() => r()));
});

function check(partial: Partial<Check> & Pick<Check, 'run'>): Check {
  return { id: 'TEST-CHECK', level: 'MUST', area: 'contract', title: 'A test check.', source: 'test', ...partial };
}

describe('runCheck', () => {
  it('passes a check that holds, with its exchanges as evidence', async () => {
    const r = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          const res = await ctx.api.request({ method: 'GET', path: '/x', query: { n: 1 } });
          ctx.ensure(ctx.validateResponse('getX', res).valid, 'invalid');
        },
      }),
      factory,
    );
    expect(r.outcome).toBe('passed');
    // The shared token request belongs to no check; the check's own request is its evidence.
    expect(r.evidence.exchanges.map((e) => e.request.url)).toEqual([expect.stringContaining('/x?n=1')]);
  });

  it('does not pass a check that returned having judged nothing: skipped, found nothing to judge, naming no lack', async () => {
    for (const level of ['MUST', 'SHOULD'] as const) {
      const r = await runCheck(
        check({
          level,
          run: async (ctx: CheckContext) => {
            // Asks the target, then judges every member of an empty list: nothing.
            const res = await ctx.api.request({ method: 'GET', path: '/x', query: { n: 9 } });
            for (const item of [] as unknown[]) ctx.ensure(item, 'an item is wrong');
            ctx.note(`saw ${res.status}`);
          },
        }),
        factory,
      );
      expect(r).toMatchObject({ outcome: 'skipped', message: NOTHING_JUDGED, lacks: [], judgements: 0 });
      expect(r.message).toMatch(/^found nothing to judge/);
      expect(r.failure).toBeUndefined();
      // What it did is still shown.
      expect(r.evidence.notes).toEqual(['saw 200']);
      expect(r.evidence.exchanges.map((e) => e.request.url)).toEqual([expect.stringContaining('/x?n=9')]);
    }
  });

  it("counts the judgements of the steps that built the check's state apart: they alone do not pass it", async () => {
    // A step of lib/flows (register, read a list): its judgements fail the check when broken.
    const readItems = precondition(async (ctx: CheckContext) => {
      const res = await ctx.api.request({ method: 'GET', path: '/x', query: { n: 0 } });
      ctx.ensure(res.status === 200, 'the list cannot be read', 200, res.status);
      ctx.ensure(typeof res.body?.n === 'number', 'the list is no envelope');
      return [] as number[];
    });
    const setupOnly = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          for (const item of await readItems(ctx)) ctx.ensure(item > 0, 'an item is not positive');
        },
      }),
      factory,
    );
    expect(setupOnly).toMatchObject({ outcome: 'skipped', message: NOTHING_JUDGED, lacks: [], judgements: 0, preconditions: 2 });
    const judged = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          const [items] = await Promise.all([readItems(ctx), readItems(ctx)]);
          ctx.ensure(items.length === 0, 'the list is not empty');
        },
      }),
      factory,
    );
    expect(judged).toMatchObject({ outcome: 'passed', judgements: 1, preconditions: 4 });
    const broken = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          await precondition(async () => ctx.ensure(false, 'registration refused'))();
        },
      }),
      factory,
    );
    expect(broken).toMatchObject({ outcome: 'failed', failure: 'violation', message: 'registration refused', judgements: 0, preconditions: 1 });
  });

  it('counts every judgement: ensure, fail, an eventually that came true, a webhook delivery awaited', async () => {
    const ensured = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          for (const n of [1, 3, 5]) ctx.ensure(n % 2 === 1, `${n} is even`);
        },
      }),
      factory,
    );
    expect(ensured).toMatchObject({ outcome: 'passed', judgements: 3, preconditions: 0 });
    expect(ensured.message).toBeUndefined();
    const observed = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          let n = 0;
          await ctx.eventually(
            async () => ++n,
            (v) => v >= 2,
            { what: 'the count to reach 2', intervalMs: 5 },
          );
        },
      }),
      factory,
    );
    expect(observed).toMatchObject({ outcome: 'passed', judgements: 1 });
    const delivered = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          const sink = ctx.webhooks.sink();
          const posted = fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":"customer.created"}' });
          await sink.waitFor((d) => d.type === 'customer.created', { timeoutMs: 2_000, what: 'customer.created' });
          await posted;
        },
      }),
      factory,
    );
    expect(delivered).toMatchObject({ outcome: 'passed', judgements: 1 });
    // Failing and warning checks carry their count too (the violation is one of them).
    const broken = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          ctx.ensure(true, 'first holds');
          ctx.ensure(false, 'second is broken');
        },
      }),
      factory,
    );
    expect(broken).toMatchObject({ outcome: 'failed', failure: 'violation', judgements: 2 });
    expect(await runCheck(check({ level: 'SHOULD', run: async (ctx) => ctx.fail('bad') }), factory)).toMatchObject({ outcome: 'warning', judgements: 1 });
    // A skip the check chose keeps its own reason (with what it judged before), not the runner's.
    const skipped = await runCheck(check({ run: async (ctx) => ctx.skip('nothing to reference') }), factory);
    expect(skipped).toMatchObject({ outcome: 'skipped', message: 'nothing to reference', judgements: 0 });
    // A check that never ran made no judgement to count.
    const unrun = await runCheck(check({ needs: ['control'], run: async () => {} }), factory);
    expect(unrun.judgements).toBeUndefined();
  });

  it('skips with the reason when a capability is missing, without running', async () => {
    let ran = false;
    const r = await runCheck(
      check({
        needs: ['second-partner', 'control'],
        run: async () => {
          ran = true;
        },
      }),
      factory,
    );
    expect(ran).toBe(false);
    expect(r.outcome).toBe('skipped');
    expect(r.message).toBe('no second partner credentials: set DINIE_CLIENT_ID_2/DINIE_CLIENT_SECRET_2; target has no simulation control API');
    expect(r.lacks).toEqual(['second-partner', 'control']);
  });

  it('fails a MUST violation and warns on a SHOULD one (fails it when strict)', async () => {
    const violating = (level: 'MUST' | 'SHOULD') => check({ level, run: async (ctx) => ctx.fail('bad', 'x', 'y') });
    expect((await runCheck(violating('MUST'), factory)).outcome).toBe('failed');
    const warned = await runCheck(violating('SHOULD'), factory);
    expect(warned).toMatchObject({ outcome: 'warning', message: 'bad', evidence: { expected: 'x', actual: 'y' } });
    const strict = await createContext(spec, { seed: 1, runs: 1, timeoutMs: 500, strict: true, contract });
    expect((await runCheck(violating('SHOULD'), strict)).outcome).toBe('failed');
    await strict.close();
  });

  it('treats ctx.skip as skipped, an unexpected error as failed with its words only (no stack, no local path)', async () => {
    const skipped = await runCheck(check({ run: async (ctx) => ctx.skip('needs a human') }), factory);
    expect(skipped).toMatchObject({ outcome: 'skipped', message: 'needs a human', lacks: [] });
    // A skip that names what it lacked carries it, even through a wrapping error (fast-check's cause).
    const lacked = await runCheck(check({ run: async (ctx) => ctx.skip('needs loan cancel: no trigger declared', ['trigger:loan.cancel']) }), factory);
    expect(lacked).toMatchObject({ outcome: 'skipped', lacks: ['trigger:loan.cancel'] });
    const wrapped = await runCheck(
      check({
        run: async () => {
          throw new Error('property failed', { cause: new CheckSkipped('no clock', ['clock']) });
        },
      }),
      factory,
    );
    expect(wrapped).toMatchObject({ outcome: 'skipped', message: 'no clock', lacks: ['clock'] });
    expect((await runCheck(check({ run: async (ctx) => ctx.ensure(true, 'holds') }), factory)).lacks).toBeUndefined();
    const crashed = await runCheck(
      check({
        run: async () => {
          throw new TypeError(`cannot read x (${SECRET})`);
        },
      }),
      factory,
    );
    expect(crashed.outcome).toBe('failed');
    expect(crashed.message).toBe('TypeError: cannot read x (<redacted:client_secret>)');
    expect(crashed.evidence.notes).toEqual([]);
    expect(JSON.stringify(crashed)).not.toContain(SECRET);
    // An error whose message carries a stack and this machine's paths (fast-check's do) loses both.
    const deep = await runCheck(
      check({
        run: async (ctx) => {
          ctx.note(`seen in ${SUITE_ROOT}/suites/x.ts`);
          const inner = new Error('inner');
          throw new Error(`Property failed after 1 tests\nGot error: ${inner.stack}`);
        },
      }),
      factory,
    );
    expect(deep.message).toMatch(/^Property failed after 1 tests\nGot error: Error: inner$/);
    expect(deep.evidence.notes).toEqual(['seen in suites/x.ts']);
    expect(JSON.stringify(deep)).not.toMatch(/node_modules|\/work\/|\bat .*:\d+:\d+/);
  });

  it('says why a check is red: a violation (a judgement), an error on the way, or a timeout; nothing on a pass or a skip', async () => {
    const judged = await runCheck(check({ run: async (ctx) => ctx.ensure(false, 'the rule is broken', 'x', 'y') }), factory);
    expect(judged).toMatchObject({ outcome: 'failed', failure: 'violation' });
    const warned = await runCheck(check({ level: 'SHOULD', run: async (ctx) => ctx.fail('bad') }), factory);
    expect(warned).toMatchObject({ outcome: 'warning', failure: 'violation' });
    // A fast-check property whose cause is a violation is a violation too.
    const property = await runCheck(
      check({
        run: async (ctx) => {
          try {
            ctx.fail('counterexample');
          } catch (e) {
            throw new Error('Property failed after 3 tests', { cause: e });
          }
        },
      }),
      factory,
    );
    expect(property).toMatchObject({ outcome: 'failed', failure: 'violation' });
    const crashed = await runCheck(
      check({
        run: async () => {
          (undefined as any).x;
        },
      }),
      factory,
    );
    expect(crashed).toMatchObject({ outcome: 'failed', failure: 'error' });
    expect(crashed.message).toMatch(/^TypeError: /);
    const unanswered = await runCheck(
      check({
        run: async (ctx) => {
          await ctx.api.request({ method: 'GET', path: '/silent', timeoutMs: 100 });
        },
      }),
      factory,
    );
    expect(unanswered).toMatchObject({ outcome: 'failed', failure: 'error' });
    const slow = await runCheck(check({ timeoutMs: 50, run: () => new Promise((res) => setTimeout(res, 1000)) }), factory);
    expect(slow).toMatchObject({ outcome: 'failed', failure: 'timeout' });
    expect((await runCheck(check({ run: async (ctx) => ctx.ensure(true, 'holds') }), factory)).failure).toBeUndefined();
    expect((await runCheck(check({ run: async () => {} }), factory)).failure).toBeUndefined();
    expect((await runCheck(check({ run: async (ctx) => ctx.skip('no') }), factory)).failure).toBeUndefined();
  });

  it("past the run's deadline: a check is not started, and a running one is cancelled with its evidence kept", async () => {
    const notStarted = await runCheck(
      check({
        run: async () => {
          throw new Error('must not run');
        },
      }),
      factory,
      { deadline: { at: Date.now() - 1, seconds: 60 } },
    );
    expect(notStarted).toMatchObject({
      outcome: 'skipped',
      message: "not run: the run's deadline (60 s) passed",
      lacks: [],
      evidence: { exchanges: [], notes: [] },
    });
    const t0 = Date.now();
    const cancelled = await runCheck(
      check({
        timeoutMs: 60_000,
        run: async (ctx: CheckContext) => {
          await ctx.api.request({ method: 'GET', path: '/silent', timeoutMs: 60_000 });
        },
      }),
      factory,
      { deadline: { at: Date.now() + 300, seconds: 60 } },
    );
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(cancelled).toMatchObject({ outcome: 'skipped', message: "cancelled: the run's deadline (60 s) passed while it ran", lacks: [] });
    const hung = cancelled.evidence.exchanges.find((e) => e.request.url.endsWith('/silent'));
    expect(hung?.error).toMatch(/cancelled/);
    expect(hung?.curl).toMatch(/^curl /);
  });

  it('a failure caused by a request another check made (a shared fixture) still carries that exchange', async () => {
    const other = factory.forCheck(check({ run: async () => {} }));
    const shared = other.ctx.api.request({ method: 'GET', path: '/silent', timeoutMs: 100 });
    shared.catch(() => undefined);
    const r = await runCheck(
      check({
        run: async () => {
          await shared;
        },
      }),
      factory,
    );
    expect(r.outcome).toBe('failed');
    expect(r.message).toMatch(/no answer within 100 ms/);
    const ex = r.evidence.exchanges.find((e) => e.request.url.endsWith('/silent'));
    expect(ex?.curl).toMatch(/^curl /);
  });

  it("shares a perRun fixture among one run's checks: made once, a failed making not kept, another run makes its own", async () => {
    let made = 0;
    const make = async () => ++made;
    const a = factory.forCheck(check({ run: async () => {} })).ctx;
    const b = factory.forCheck(check({ run: async () => {} })).ctx;
    expect(await Promise.all([a.perRun('n', make), b.perRun('n', make)])).toEqual([1, 1]);
    await expect(a.perRun('broken', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await b.perRun('broken', make)).toBe(2);
    const other = await createContext(spec, { seed: 1, runs: 3, timeoutMs: 500, contract });
    try {
      expect(await other.forCheck(check({ run: async () => {} })).ctx.perRun('n', make)).toBe(3);
    } finally {
      await other.close();
    }
  });

  it('fails a check that overruns its budget (doubled on a target that moves by itself)', async () => {
    const r = await runCheck(check({ timeoutMs: 50, run: () => new Promise((res) => setTimeout(res, 1000)) }), factory);
    expect(r).toMatchObject({ outcome: 'failed', message: 'timed out after 100 ms' });
  });

  it('cancels a check that runs out of time: its hanging request ends, and is its evidence', async () => {
    const r = await runCheck(
      check({
        timeoutMs: 100,
        run: async (ctx: CheckContext) => {
          await ctx.api.request({ method: 'GET', path: '/silent', timeoutMs: 60_000 });
        },
      }),
      factory,
    );
    expect(r).toMatchObject({ outcome: 'failed', message: 'timed out after 200 ms' });
    const hung = r.evidence.exchanges.find((e) => e.request.url.endsWith('/silent'));
    expect(hung?.error, JSON.stringify(r.evidence.exchanges)).toBeTruthy();
    expect(hung?.curl).toMatch(/^curl /);
  });

  it("does not count waiting for the target's rate limit against a check's time", async () => {
    limitedCalls = 0;
    const r = await runCheck(
      check({
        timeoutMs: 100,
        run: async (ctx: CheckContext) => {
          const res = await ctx.api.request({ method: 'GET', path: '/limited' });
          ctx.ensure(res.status === 200, 'not 200', 200, res.status);
        },
      }),
      factory,
    );
    expect(r.outcome, r.message).toBe('passed');
    expect(r.evidence.exchanges.map((e) => e.response?.status)).toEqual([429, 200]);
  });

  it('grows a check budget with --timeout, and doubles it on a target that moves by itself', () => {
    const journey = check({ timeoutMs: 30_000, run: async () => {} });
    expect(checkBudgetMs(journey, 10_000, 'control')).toBe(30_000);
    expect(checkBudgetMs(journey, 10_000, 'wait')).toBe(60_000);
    expect(checkBudgetMs(journey, 30_000, 'control')).toBe(90_000);
    expect(checkBudgetMs(check({ run: async () => {} }), 2_000, 'control')).toBe(15_000);
  });

  it('keeps the last five exchanges plus the one a failure names, and redacts tokens', async () => {
    const r = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          const first = await ctx.api.request({ method: 'GET', path: '/x', query: { n: 100 } });
          for (let n = 1; n <= 8; n++) await ctx.api.request({ method: 'GET', path: '/x', query: { n } });
          ctx.fail('the first answer was wrong', 200, first);
        },
      }),
      factory,
    );
    expect(r.outcome).toBe('failed');
    const urls = r.evidence.exchanges.map((e) => e.request.url.replace(/.*\?/, ''));
    expect(urls).toEqual(['n=100', 'n=4', 'n=5', 'n=6', 'n=7', 'n=8']);
    expect(r.evidence.actual).toEqual({ status: 200, body: { n: 100 } });
    expect(JSON.stringify(r)).not.toContain(TOKEN);
  });

  it('fails eventually() on timeout naming what was awaited', async () => {
    const r = await runCheck(
      check({
        run: async (ctx: CheckContext) => {
          await ctx.eventually(
            async () => 1,
            (v) => v === 2,
            { what: 'the value to become 2', timeoutMs: 120, intervalMs: 20 },
          );
        },
      }),
      factory,
    );
    expect(r).toMatchObject({ outcome: 'failed', message: 'the value to become 2: not observed within 120 ms', evidence: { actual: 1 } });
  });
});

describe('runChecks', () => {
  it('runs every check and returns the results in order', async () => {
    const checks = [1, 2, 3, 4, 5].map((n) =>
      check({
        id: `TEST-${n}`,
        level: n === 3 ? 'SHOULD' : 'MUST',
        run: async (ctx: CheckContext) => {
          const res = await ctx.api.request({ method: 'GET', path: '/x', query: { n } });
          ctx.ensure(res.body.n % 2 === 1, 'even');
        },
      }),
    );
    const results = await runChecks({ target: spec, checks, seed: 1, runs: 1, timeoutMs: 500, concurrency: 2, contract });
    expect(results.map((r) => `${r.id}:${r.outcome}`)).toEqual(['TEST-1:passed', 'TEST-2:failed', 'TEST-3:passed', 'TEST-4:failed', 'TEST-5:passed']);
  });

  it('runs checks that move the clock, exhaust a rate limit or say so after the rest, each with nothing else in flight', async () => {
    const spans: { id: string; start: number; end: number }[] = [];
    const timed = (id: string, ms: number, extra: Partial<Check> = {}) =>
      check({
        id,
        ...extra,
        run: async (ctx: CheckContext) => {
          const start = performance.now();
          await new Promise((r) => setTimeout(r, ms));
          spans.push({ id, start, end: performance.now() });
          ctx.ensure(true, 'ran');
        },
      });
    const checks = [
      timed('TEST-A', 80),
      timed('TEST-CLOCK', 30, { needs: ['stateful', 'clock'] }),
      timed('TEST-B', 60),
      timed('TEST-RATE', 30, { area: 'rate-limits' }),
      timed('TEST-C', 70),
      timed('TEST-ALONE', 30, { exclusive: true }),
      timed('TEST-D', 40),
      timed('TEST-E', 50),
    ];
    const alone = new Set(['TEST-CLOCK', 'TEST-RATE', 'TEST-ALONE']);
    expect(checks.filter(isExclusive).map((c) => c.id)).toEqual([...alone]);
    const results = await runChecks({
      target: { ...spec, capabilities: ['stateful', 'clock'] },
      checks,
      seed: 1,
      runs: 1,
      timeoutMs: 500,
      concurrency: 4,
      contract,
    });
    expect(results.map((r) => `${r.id}:${r.outcome}`)).toEqual(checks.map((c) => `${c.id}:passed`));
    expect(spans).toHaveLength(checks.length);
    const overlap = (x: (typeof spans)[number], y: (typeof spans)[number]) => x.start < y.end && y.start < x.end;
    for (const x of spans.filter((s) => alone.has(s.id))) {
      const during = spans.filter((y) => y !== x && overlap(x, y)).map((y) => y.id);
      expect(during, `${x.id} overlapped other checks`).toEqual([]);
    }
    // The others did run side by side (so an overlap could have been seen), and all before any exclusive one.
    const shared = spans.filter((s) => !alone.has(s.id));
    expect(shared.some((x) => shared.some((y) => y !== x && overlap(x, y)))).toBe(true);
    expect(Math.min(...spans.filter((s) => alone.has(s.id)).map((s) => s.start))).toBeGreaterThanOrEqual(Math.max(...shared.map((s) => s.end)));
  });
});

describe('isExclusive', () => {
  it('holds for area rate-limits, needs clock and an explicit exclusive, and nothing else', () => {
    expect(isExclusive({ area: 'rate-limits' })).toBe(true);
    expect(isExclusive({ area: 'auth', needs: ['stateful', 'clock'] })).toBe(true);
    expect(isExclusive({ area: 'webhooks', needs: ['stateful', 'webhooks'], exclusive: true })).toBe(true);
    expect(isExclusive({ area: 'webhooks', needs: ['stateful', 'webhooks', 'advances', 'control', 'second-partner'] })).toBe(false);
    expect(isExclusive({ area: 'contract' })).toBe(false);
  });
});
