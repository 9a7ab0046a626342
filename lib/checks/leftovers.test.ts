// The tracker behind every check's clean-up and its leftovers: what a check creates is known from
// the 201s it gets; endpoints and credentials are deleted at its end unless it deleted them; the
// rest is listed (capped, with a count). Then end to end through runChecks on the reference server.
import { describe, expect, it } from 'vitest';
import { createCustomer } from '../flows/customers.js';
import { uniqueExternalId } from '../flows/data.js';
import { resolveTarget } from '../targets/resolve.js';
import type { ApiClient, ApiRequest, ApiResponse } from './context.js';
import { ResourceTracker } from './leftovers.js';
import { runChecks } from './runner.js';
import type { Check } from './types.js';

/** A client answering from `handler`, logging every request. */
function fakeClient(handler: (req: ApiRequest) => { status: number; body?: unknown }): ApiClient & { log: ApiRequest[] } {
  const log: ApiRequest[] = [];
  return {
    log,
    partner: 'A',
    clientId: 'dinie_ci_test_x',
    token: async () => 't',
    async request<T = any>(req: ApiRequest): Promise<ApiResponse<T>> {
      log.push(req);
      const { status, body } = handler(req);
      return {
        status,
        body: body as T,
        text: JSON.stringify(body ?? ''),
        headers: {},
        contentType: 'application/json',
        exchange: { request: { method: req.method, url: req.path, headers: {} }, retries: 0, durationMs: 0, startedAt: '', curl: '' },
      };
    },
  };
}

/** A target that creates what it is asked to, numbering ids, and deletes with `deleteStatus`. */
function creatingTarget(deleteStatus = 204) {
  let n = 0;
  return fakeClient((req) => {
    const id = (p: string) => `${p}_${String(++n).padStart(32, '0')}`;
    if (req.method === 'DELETE') return { status: deleteStatus };
    if (req.path === '/customers') return { status: 201, body: { id: id('cust'), external_id: (req.json as any)?.external_id ?? null } };
    if (/^\/customers\/[^/]+\/documents$/.test(req.path)) return { status: 201, body: { id: id('doc') } };
    if (/^\/credit-offers\/[^/]+\/simulations$/.test(req.path)) return { status: 201, body: { id: id('sim') } };
    if (req.path === '/loans') return { status: 201, body: { id: id('ln') } };
    if (req.path === '/webhooks/endpoints') return { status: 201, body: { id: id('we'), secret: 'whsec_x' } };
    if (req.path === '/auth/credentials') return { status: 201, body: { client_id: `dinie_ci_test_${++n}`, client_secret: 's' } };
    return { status: 200, body: {} };
  });
}

describe('ResourceTracker', () => {
  it('lists what 201s of creating operations made, once each, with their external_id', async () => {
    const target = creatingTarget();
    const t = new ResourceTracker();
    const api = t.wrap(target);
    const c = await api.request({ method: 'POST', path: '/customers', json: { cpf: '1', external_id: 'dinie-conformance-x-c-1' } });
    await api.request({ method: 'POST', path: `/customers/${c.body.id}/documents`, multipart: {} });
    await api.request({ method: 'POST', path: '/credit-offers/co_1/simulations', json: {} });
    await api.request({ method: 'POST', path: '/loans', json: {} });
    await api.request({ method: 'GET', path: '/customers' });
    t.observe(api, { method: 'POST', path: '/customers' }, c); // an idempotent replay of the same 201
    t.observe(api, { method: 'POST', path: '/customers' }, { ...c, status: 200, body: { id: 'cust_other' } }); // re-registration: not ours to count
    t.observe(api, { method: 'POST', path: '/customers' }, { ...c, status: 422, body: { id: 'cust_refused' } });
    const left = t.leftovers()!;
    expect(left.count).toBe(4);
    expect(left.items.map((l) => l.kind)).toEqual(['customer', 'document', 'simulation', 'loan']);
    expect(left.items[0]).toEqual({ kind: 'customer', id: c.body.id, external_id: 'dinie-conformance-x-c-1' });
    expect(new ResourceTracker().leftovers()).toBeUndefined();
  });

  it('deletes the endpoints and credentials the check left, not those it deleted itself', async () => {
    const target = creatingTarget();
    const t = new ResourceTracker();
    const api = t.wrap(target);
    const kept = await api.request({ method: 'POST', path: '/webhooks/endpoints', json: {} });
    const deleted = await api.request({ method: 'POST', path: '/webhooks/endpoints', json: {} });
    await api.request({ method: 'DELETE', path: `/webhooks/endpoints/${deleted.body.id}` });
    const cred = await api.request({ method: 'POST', path: '/auth/credentials', json: { name: 'x' } });
    const revoked = await api.request({ method: 'POST', path: '/auth/credentials', json: { name: 'y' } });
    await api.request({ method: 'DELETE', path: `/auth/credentials/${revoked.body.client_id}` });
    expect(
      t
        .pending()
        .map((p) => p.id)
        .sort(),
    ).toEqual([kept.body.id, cred.body.client_id].sort());
    const before = target.log.length;
    expect(await t.cleanup()).toEqual([]);
    expect(
      target.log
        .slice(before)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([`DELETE /auth/credentials/${cred.body.client_id}`, `DELETE /webhooks/endpoints/${kept.body.id}`]);
    expect(t.pending()).toEqual([]);
    expect(t.leftovers()).toBeUndefined();
  });

  it('lists an endpoint or credential whose deletion failed, and says why', async () => {
    const target = creatingTarget(500);
    const t = new ResourceTracker();
    const api = t.wrap(target);
    const ep = await api.request({ method: 'POST', path: '/webhooks/endpoints', json: {} });
    const failures = await t.cleanup();
    expect(failures).toEqual([`clean-up: DELETE /webhooks/endpoints/${ep.body.id} answered 500; the webhook_endpoint is left on the target`]);
    expect(t.leftovers()).toEqual({ count: 1, items: [{ kind: 'webhook_endpoint', id: ep.body.id }] });
  });

  it('caps the list and keeps counting', async () => {
    const t = new ResourceTracker(3);
    const api = t.wrap(creatingTarget());
    for (let i = 0; i < 5; i++) await api.request({ method: 'POST', path: '/customers', json: { cpf: String(i) } });
    const left = t.leftovers()!;
    expect(left.count).toBe(5);
    expect(left.items).toHaveLength(3);
  });
});

describe('leftovers of a run (reference server)', () => {
  it('are on each CheckResult; endpoints and credentials are gone from the target', { timeout: 60_000 }, async () => {
    const target = await resolveTarget({ target: 'local' });
    const made: { endpoint?: string; credential?: string; customer?: string; externalId?: string } = {};
    const check: Check = {
      id: 'TEST-LEAVES-THINGS',
      level: 'MUST',
      area: 'customers',
      title: 'creates and forgets',
      source: 'test',
      needs: ['stateful'],
      async run(ctx) {
        made.externalId = uniqueExternalId('leftover-test');
        made.customer = (await createCustomer(ctx, { cpf: '529.982.247-25', external_id: made.externalId })).id;
        const ep = await ctx.api.request({ method: 'POST', path: '/webhooks/endpoints', json: { url: ctx.webhooks.sink().url, events: ['loan.error'] } });
        made.endpoint = ep.body.id;
        const cred = await ctx.api.request({ method: 'POST', path: '/auth/credentials', json: { name: 'leftover test' } });
        made.credential = cred.body.client_id;
        ctx.fail('failing does not keep the clean-up from running');
      },
    };
    try {
      const [result] = await runChecks({ target: target.spec, checks: [check], seed: 1, runs: 1, timeoutMs: 5_000 });
      expect(result!.outcome).toBe('failed');
      expect(result!.leftovers).toEqual({ count: 1, items: [{ kind: 'customer', id: made.customer, external_id: made.externalId }] });
      // The clean-up's own exchanges are not the check's evidence.
      expect(result!.evidence.exchanges.some((e) => e.request.method === 'DELETE')).toBe(false);
      const token = await fetch(`${target.spec.baseUrl}/auth/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${target.spec.credentials.A!.clientId}:${target.spec.credentials.A!.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'grant_type=client_credentials',
      }).then((r) => r.json() as Promise<{ access_token: string }>);
      const get = (path: string) => fetch(`${target.spec.baseUrl}${path}`, { headers: { authorization: `Bearer ${token.access_token}` } });
      expect((await get(`/webhooks/endpoints/${made.endpoint}`)).status).toBe(404);
      const creds = (await (await get('/auth/credentials?limit=100')).json()) as { data: { client_id: string; status: string }[] };
      expect(creds.data.find((c) => c.client_id === made.credential)?.status).toBe('revoked');
    } finally {
      await target.close();
    }
  });
});
