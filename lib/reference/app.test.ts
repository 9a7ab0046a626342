// Cross-cutting behaviour through HTTP: idempotency keys, rate limits, request ids, hostile input
// (never a 5xx), 404/405 problems.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, customerBody, type Harness, harness, PDF } from './test-client.js';

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.close();
});

describe('idempotency keys', () => {
  it('a replay returns the same status, Location and body and creates nothing', async () => {
    const body = customerBody();
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const first = await h.a.call('POST', '/customers', { json: body, headers });
    const again = await h.a.call('POST', '/customers', { json: body, headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const creds = await h.a.call('POST', '/auth/credentials', { json: { name: 'idem' }, headers });
    const credsAgain = await h.a.call('POST', '/auth/credentials', { json: { name: 'idem' }, headers });
    expect(credsAgain.body.client_id).toBe(creds.body.client_id);
  });

  it('the same key with another body is 422 idempotency_key_reused', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    await h.a.call('POST', '/customers', { json: customerBody(), headers });
    const res = await h.a.call('POST', '/customers', { json: customerBody(), headers });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('idempotency_key_reused');
  });

  it('a refused request keeps nothing: the corrected request may reuse its key', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    expect((await h.a.call('POST', '/customers', { json: { ...customerBody(), cpf: '111.111.111-11' }, headers })).status).toBe(422);
    expect((await h.a.call('POST', '/customers', { json: customerBody(), headers })).status).toBe(201);
  });

  it('keys are per partner and per operation', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    expect((await h.a.call('POST', '/customers', { json: customerBody(), headers })).status).toBe(201);
    expect((await h.b.call('POST', '/customers', { json: customerBody(), headers })).status).toBe(201);
    expect((await h.a.call('POST', '/auth/credentials', { json: { name: 'other-op' }, headers })).status).toBe(201);
  });

  it('20 concurrent identical credential creates with one key make exactly one credential', async () => {
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const name = `concurrent-${Math.random()}`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => h.a.call('POST', '/auth/credentials', { json: { name }, headers })));
    expect(new Set(answers.map((a) => a.body.client_id)).size).toBe(1);
    const list = await h.a.call('GET', '/auth/credentials?limit=100');
    expect(list.body.data.filter((c: { name: string }) => c.name === name)).toHaveLength(1);
  });

  it('20 concurrent identical uploads with one key make exactly one document', async () => {
    const c = (await h.a.call('POST', '/customers', { json: customerBody() })).body;
    const headers = { 'idempotency-key': `k-${Math.random()}` };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        h.a.call('POST', `/customers/${c.id}/documents`, { headers, multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } } }),
      ),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
  });
});

describe('rate limits', () => {
  it('every API answer carries X-RateLimit-*; by default every credential, the demo ones too, has 1,000 requests per second', async () => {
    const seeded = await h.a.call('GET', '/customers');
    expect(seeded.headers['x-ratelimit-limit']).toBe('1000');
    expect(Number(seeded.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000 - 1);
    expect(Number(seeded.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 1);
  });

  it('the seeded demo credential and a created one alike get 429 + Retry-After past the budget', async () => {
    const small = await harness({ rateLimit: { limit: 5, windowSeconds: 60 } });
    try {
      const created = (await small.a.call('POST', '/auth/credentials', { json: { name: 'limited' } })).body;
      const limited = new Client(small.server, { clientId: created.client_id, clientSecret: created.client_secret });
      await limited.login();
      // The demo credential has spent one of its five on the credential above.
      for (const [client, spent] of [
        [limited, 0],
        [small.a, 1],
      ] as const) {
        const answers = [];
        for (let i = spent; i < 6; i++) answers.push(await client.call('GET', '/customers'));
        expect(answers.slice(0, -1).every((a) => a.status === 200)).toBe(true);
        expect(answers.map((a) => Number(a.headers['x-ratelimit-remaining']))).toEqual([4, 3, 2, 1, 0, 0].slice(spent));
        const last = answers[answers.length - 1]!;
        expect(last.status).toBe(429);
        expect(last.body.code).toBe('rate_limit_exceeded');
        expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      }
    } finally {
      await small.close();
    }
  });
});

describe('hostile input and unknown routes', () => {
  it('malformed JSON is a 400 problem, never a 5xx; deep JSON is handled', async () => {
    const res = await h.a.call('POST', '/customers', { raw: { contentType: 'application/json', data: '{"cpf": ' } });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.text).not.toMatch(/at .*\.ts:\d+/);
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect((await h.a.call('POST', '/customers', { raw: { contentType: 'application/json', data: deep } })).status).toBe(422);
    const deepWithKey = await h.a.call('POST', '/customers', {
      raw: { contentType: 'application/json', data: deep },
      headers: { 'idempotency-key': `deep-${Math.random()}` },
    });
    expect(deepWithKey.status).toBe(422);
    // 415 and 413 are not (yet) documented for createCustomer, so these two are checked without the contract.
    const raw = new Client(h.server, h.server.partners[0]!, false);
    raw.token = h.a.token;
    const wrongType = await raw.call('POST', '/customers', { raw: { contentType: 'text/plain', data: 'cpf=1' } });
    expect(wrongType.status).toBe(415);
    expect(wrongType.headers['content-type']).toMatch(/^application\/problem\+json/);
    const huge = await raw.call('POST', '/customers', { raw: { contentType: 'application/json', data: 'x'.repeat(2 * 1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('an oversize document is a 413 problem', async () => {
    const c = (await h.a.call('POST', '/customers', { json: customerBody() })).body;
    const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024)]);
    const res = await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: big, filename: 'big.pdf' } } });
    expect(res.status).toBe(413);
  });

  it('405 with Allow for an undocumented method on a known path; 404 problem for an unknown path', async () => {
    const c = (await h.a.call('POST', '/customers', { json: customerBody() })).body;
    const res = await h.a.call('DELETE', `/customers/${c.id}`);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, PATCH');
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await h.a.call('GET', `/customers/${c.id}/`)).status).toBe(404);
    const badUrl = await h.a.call('GET', '/customers/%E0%A4%A');
    expect(badUrl.status).toBeGreaterThanOrEqual(400);
    expect(badUrl.status).toBeLessThan(500);
    const unknown = await h.a.call('GET', '/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('not_found');
  });

  it('every answer carries x-request-id, equal to the problem request_id', async () => {
    const res = await h.a.call('GET', `/customers/cust_${'a'.repeat(32)}`);
    expect(res.status).toBe(404);
    expect(res.headers['x-request-id']).toMatch(/^req_/);
    expect(res.body.request_id).toBe(res.headers['x-request-id']);
  });
});
