// The runner's own guarantees, apart from any check's judgement: outcomes by level and strictness,
// the secret never in a result (even when the receiver echoes it), a stopped run reported as such,
// the run's deadline honoured (in the server runs' words).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deadlineCancelled, deadlineNotRun, INTERRUPTED_NOT_RUN } from '../../checks/not-run.js';
import { loadContract } from '../../spec/index.js';
import { startMinimalReceiver } from './minimal-receiver.test-helper.js';
import { NOTHING_JUDGED, type ReceiverCheck, runReceiverChecks } from './runner.js';
import { otherSecret } from './secret.js';

const contract = await loadContract();
const secret = otherSecret();
let server: Server;
let url: string;

beforeAll(async () => {
  // A receiver that leaks: it answers 500 echoing the secret (with and without its prefix) in a header and its body.
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(500, { 'content-type': 'application/json', 'x-debug': secret.key });
      res.end(JSON.stringify({ error: `cannot verify with ${secret.secret}`, key: secret.key, quoted: `"${secret.key}"` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const check = (level: 'MUST' | 'SHOULD'): ReceiverCheck => ({
  id: `RECV-TEST-${level}`,
  level,
  area: 'receiver',
  title: 't',
  source: 's',
  async run(ctx) {
    const e = ctx.events[0]!;
    ctx.expectAcknowledged([await ctx.deliver(ctx.genuine(e.type, e.example))], 'deliveries were');
  },
});

describe('runReceiverChecks', () => {
  it('fails a MUST, warns a SHOULD (fails it with strict); never lets the secret into a result', async () => {
    const [must, should] = await runReceiverChecks({ url, secret, contract, checks: [check('MUST'), check('SHOULD')], timeoutMs: 2_000 });
    expect(must).toMatchObject({ outcome: 'failed', area: 'receiver' });
    expect(must!.message).toMatch(/1 of 1 deliveries were not acknowledged: customer\.created: answered 500/);
    expect(should!.outcome).toBe('warning');
    const text = JSON.stringify([must, should]);
    expect(text).not.toContain(secret.key);
    expect(must!.evidence.exchanges[0]!.response!.headers['x-debug']).toBe('[redacted]');
    const [strict] = await runReceiverChecks({ url, secret, contract, checks: [check('SHOULD')], timeoutMs: 2_000, strict: true });
    expect(strict!.outcome).toBe('failed');
  });

  it('skips a check that judged no delivery (found nothing to judge), and counts those it judged', async () => {
    const nothing: ReceiverCheck = {
      ...check('MUST'),
      id: 'RECV-TEST-NOTHING',
      async run(ctx) {
        // Events of a contract that lists none: nothing delivered, nothing judged.
        const ds = await ctx.deliverAll([]);
        ctx.expectAcknowledged(ds, 'deliveries were');
      },
    };
    const [r] = await runReceiverChecks({ url, secret, contract, checks: [nothing], timeoutMs: 2_000 });
    expect(r).toMatchObject({ outcome: 'skipped', message: NOTHING_JUDGED, lacks: [], judgements: 0 });
    const [judged] = await runReceiverChecks({ url, secret, contract, checks: [check('MUST')], timeoutMs: 2_000 });
    expect(judged).toMatchObject({ outcome: 'failed', judgements: 1 });
  });

  it('a stopped run skips what it did not start, naming why', async () => {
    const stop = new AbortController();
    stop.abort();
    const [r] = await runReceiverChecks({ url, secret, contract, checks: [check('MUST')], signal: stop.signal });
    // The server runs' words; the CLI adds which signal it was.
    expect(r).toMatchObject({ outcome: 'skipped', lacks: [], message: INTERRUPTED_NOT_RUN });
  });

  it('the deadline cancels the running check (its delivery in flight kept), starts no other, and nothing more is delivered', { timeout: 30_000 }, async () => {
    const hanging = await startMinimalReceiver(secret.secret, { hang: true });
    try {
      // Goes on delivering whatever happens to one delivery: the cancellation must end it anyway.
      const stubborn: ReceiverCheck = {
        ...check('MUST'),
        id: 'RECV-TEST-STUBBORN',
        async run(ctx) {
          const e = ctx.events[0]!;
          for (let i = 0; i < 5; i++) await ctx.deliver(ctx.genuine(e.type, e.example)).catch(() => undefined);
        },
      };
      const results = await runReceiverChecks({
        url: hanging.url,
        secret,
        contract,
        checks: [stubborn, check('MUST'), check('SHOULD')],
        // Each delivery could wait a minute: only the deadline ends the run this soon.
        timeoutMs: 60_000,
        deadline: { at: Date.now() + 2_000, seconds: 2 },
      });
      expect(results.map((r) => [r.id, r.outcome, r.message])).toEqual([
        ['RECV-TEST-STUBBORN', 'skipped', deadlineCancelled(2)],
        ['RECV-TEST-MUST', 'skipped', deadlineNotRun(2)],
        ['RECV-TEST-SHOULD', 'skipped', deadlineNotRun(2)],
      ]);
      expect(results[0]!.lacks).toEqual([]);
      expect(results[0]!.evidence.exchanges.map((x) => x.error)).toEqual(['cancelled: the run stopped before an answer came']);
      expect(hanging.seen).toHaveLength(1);
    } finally {
      await hanging.close();
    }
  });
});
