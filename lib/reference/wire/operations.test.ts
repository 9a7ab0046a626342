// Which operations of each contract revision the reference server answers: every operation of the
// revision it speaks is routed, and the other revision's own operations are not (a docs server
// has no kyc-attachments, an sdk server no /documents upload).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Contract, loadContract, type Operation } from '../../spec/index.js';
import { type ReferenceServer, startReferenceServer } from '../index.js';
import type { WireRevision } from './types.js';

const ZERO = '0'.repeat(32);
const PARAMS: Record<string, string> = {
  customer_id: `cust_${ZERO}`,
  credit_offer_id: `co_${ZERO}`,
  loan_id: `ln_${ZERO}`,
  webhook_endpoint_id: `we_${ZERO}`,
  client_id: 'dinie_ci_test_nobody0000',
};

/** Whether the server has a route for the operation: anything but its "no resource at" 404 or a 405. */
async function routed(server: ReferenceServer, token: string, op: Operation): Promise<boolean> {
  const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => PARAMS[name] ?? 'x');
  const res = await fetch(server.baseUrl + path, {
    method: op.method,
    headers: { authorization: `Bearer ${token}`, ...(op.requestBody ? { 'content-type': 'application/json' } : {}) },
    ...(op.requestBody ? { body: '{}' } : {}),
  });
  const body = (await res.json().catch(() => ({}))) as { detail?: string };
  return res.status !== 405 && !(res.status === 404 && /^No resource at /.test(body.detail ?? ''));
}

describe.each(['docs', 'sdk'] as const)('a server speaking %s', (revision: WireRevision) => {
  let server: ReferenceServer;
  let own: Contract;
  let other: Contract;
  let token: string;
  beforeAll(async () => {
    [server, own, other] = await Promise.all([
      startReferenceServer({ contract: revision }),
      loadContract(revision),
      loadContract(revision === 'sdk' ? 'docs' : 'sdk'),
    ]);
    const p = server.partners[0]!;
    const res = await fetch(`${server.baseUrl}/auth/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => server?.close());

  it('answers every operation of its own document', async () => {
    const missing: string[] = [];
    for (const op of own.operations) if (!(await routed(server, token, op))) missing.push(`${op.method} ${op.path} (${op.id})`);
    expect(missing).toEqual([]);
    expect(own.operations.length).toBe(revision === 'sdk' ? 29 : 23);
  });

  it('does not answer the operations only the other revision has', async () => {
    const mine = new Set(own.operations.map((o) => `${o.method} ${o.path}`));
    const theirs = other.operations.filter((o) => !mine.has(`${o.method} ${o.path}`));
    expect(theirs.length).toBeGreaterThan(0);
    for (const op of theirs) expect(await routed(server, token, op), `${op.method} ${op.path}`).toBe(false);
  });
});
