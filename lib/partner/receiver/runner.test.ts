// The runner's own guarantees, apart from any check's judgement: outcomes by level and strictness,
// the secret never in a result (even when the receiver echoes it), a stopped run reported as such.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../spec/index.js';
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
    expect(r).toMatchObject({ outcome: 'skipped', lacks: [] });
    expect(r!.message).toMatch(/not run: the run was stopped/);
  });
});
