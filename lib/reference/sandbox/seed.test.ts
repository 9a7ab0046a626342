// Sandbox mode's accumulated state, budgets and pace: thousands of pre-existing customers of
// partner A, a rate limit on the seeded demo credentials too, added latency, defaults, and a
// clean close with its timers cleared.
import { isValidCNPJ, isValidCPF } from '@brazilian-utils/brazilian-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOptions } from '../index.js';
import { createKernel } from '../kernel.js';
import { customerBody, type Harness, harness, PDF } from '../test-client.js';
import { seedCustomers } from './seed.js';

describe('pre-existing customers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ sandbox: { stepMs: 50, rateLimit: { limit: 100_000, windowSeconds: 60 } } });
  });
  afterAll(async () => h?.close());

  it('partner A walks 5000 of them (valid CPFs/CNPJs, every status, weeks of created_at, no dinie-conformance external_id); B sees none', async () => {
    const all: any[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await h.a.call('GET', `/customers?limit=100${after ? `&starting_after=${after}` : ''}`);
      expect(page.status).toBe(200);
      all.push(...page.body.data);
      if (!page.body.has_more) break;
      after = page.body.data.at(-1).id;
    }
    expect(all).toHaveLength(5000);
    expect(new Set(all.map((c) => c.id)).size).toBe(5000);
    expect(new Set(all.map((c) => c.cpf)).size).toBe(5000);
    expect(all.every((c) => isValidCPF(c.cpf) && (c.cnpj === null || isValidCNPJ(c.cnpj)))).toBe(true);
    expect(all.some((c) => c.cnpj !== null && c.kyc[0].type === 'ccmei')).toBe(true);
    const statuses = new Set(all.map((c) => c.status));
    expect([...statuses].sort()).toEqual(['active', 'pending_kyc', 'under_review']);
    for (const c of all) {
      if (c.status === 'active') expect(c.kyc.every((i: { status: string }) => i.status === 'approved')).toBe(true);
      if (c.status === 'pending_kyc') expect(c.kyc.some((i: { status: string }) => i.status === 'pending')).toBe(true);
      expect(Date.parse(c.updated_at)).toBeGreaterThanOrEqual(Date.parse(c.created_at));
    }
    expect(all.every((c) => c.external_id === null || !c.external_id.startsWith('dinie-conformance'))).toBe(true);
    const ages = all.map((c) => (Date.now() - Date.parse(c.created_at)) / 86_400_000);
    expect(Math.max(...ages)).toBeGreaterThan(40);
    expect(Math.min(...ages)).toBeLessThan(3);
    // Newest first by default.
    const created = all.map((c) => Date.parse(c.created_at));
    expect(created).toEqual([...created].sort((x, y) => y - x));
    // Active ones have offers the credit-offer list walks through too.
    const offers = await h.a.call('GET', '/credit-offers?limit=100');
    expect(offers.body.data).toHaveLength(100);
    expect(offers.body.has_more).toBe(true);
    expect((await h.b.call('GET', '/customers')).body.data).toEqual([]);
  });

  it('new registrations live beside them; a seeded CPF with another external_id is a 409 as for any customer', async () => {
    const seeded = (await h.a.call('GET', '/customers?limit=1&status=active')).body.data[0];
    const clash = await h.a.call('POST', '/customers', { json: customerBody({ cpf: seeded.cpf, external_id: 'dinie-conformance-clash' }) });
    expect(clash.status).toBe(409);
    const mine = await h.a.call('POST', '/customers', { json: customerBody() });
    expect(mine.status).toBe(201);
    expect((await h.a.call('GET', '/customers?limit=1')).body.data[0].id).toBe(mine.body.id);
  });

  // How fast seeding is belongs to the bench (npm run bench -- sandbox), not to a timed test.
  it('seeding 5000 is reproducible by seed (ids and instants aside)', () => {
    const kernel = createKernel(resolveOptions({ sandbox: true }));
    const one = seedCustomers(kernel, 'p1', 5000, 7);
    expect(one).toHaveLength(5000);
    const two = seedCustomers(kernel, 'p2', 5000, 7);
    // Same data for the same seed; ids are random and instants are relative to start-up.
    const strip = (c: (typeof one)[number]) => [c.cpf, c.cnpj, c.name, c.email, c.phone, c.external_id, c.status, c.kyc.map((i) => i.status).join()];
    expect(two.map(strip)).toEqual(one.map(strip));
  });
});

describe('rate limits on every credential', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ sandbox: { stepMs: 50, seedCustomers: 0, rateLimit: { limit: 6, windowSeconds: 60 } } });
  });
  afterAll(async () => h?.close());

  it('the seeded demo credentials carry the headers, and a 429 with Retry-After once exhausted', async () => {
    const seen: number[] = [];
    let last;
    for (let i = 0; i < 6; i++) {
      last = await h.a.call('GET', '/customers');
      expect(last.status).toBe(200);
      expect(last.headers['x-ratelimit-limit']).toBe('6');
      seen.push(Number(last.headers['x-ratelimit-remaining']));
      expect(Number(last.headers['x-ratelimit-reset'])).toBeGreaterThan(Date.now() / 1000 - 1);
    }
    expect(seen).toEqual([5, 4, 3, 2, 1, 0]);
    const refused = await h.a.call('GET', '/customers');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body.code).toBe('rate_limit_exceeded');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect(refused.headers['x-ratelimit-remaining']).toBe('0');
    // Partner B's credential has its own budget.
    const b = await h.b.call('GET', '/customers');
    expect(b.status).toBe(200);
    expect(b.headers['x-ratelimit-remaining']).toBe('5');
  });

  it('defaults: 600 requests per 60 s for seeded and created credentials, 1 s steps, no latency, 5000 customers', () => {
    const o = resolveOptions({ sandbox: true });
    expect(o.sandbox).toEqual({ stepMs: 1000, latencyMs: 0, rateLimit: { limit: 600, windowSeconds: 60 }, seedCustomers: 5000, seed: 1 });
    expect(o.seededRateLimit).toEqual({ limit: 600, windowSeconds: 60 });
    expect(o.rateLimit).toEqual({ limit: 600, windowSeconds: 60 });
    expect(o.auto).toEqual({ kycMs: 1000, creditMs: 2000, loanStepMs: 1000 });
    expect(resolveOptions({ sandbox: { stepMs: 50 } }).auto).toEqual({ kycMs: 50, creditMs: 100, loanStepMs: 50 });
    expect(() => resolveOptions({ sandbox: { stepMs: 0 } })).toThrow(/stepMs/);
    expect(() => resolveOptions({ sandbox: { rateLimit: { limit: 0, windowSeconds: 60 } } })).toThrow(/rateLimit/);
  });
});

describe('pace and shutdown', () => {
  it('adds latencyMs to every API response', async () => {
    const h = await harness({ sandbox: { stepMs: 50, latencyMs: 120, seedCustomers: 0 } });
    try {
      const t = performance.now();
      const res = await h.a.call('GET', '/customers');
      expect(res.status).toBe(200);
      expect(performance.now() - t).toBeGreaterThanOrEqual(115);
    } finally {
      await h.close();
    }
  });

  it('closes cleanly with steps still pending: its timers are cleared', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const h = await harness({ sandbox: { stepMs: 60_000, seedCustomers: 10 } });
    const c = (await h.a.call('POST', '/customers', { json: customerBody({ name: 'Sandbox Expire later' }) })).body;
    for (const type of ['identity_card_front', 'identity_card_back', 'selfie']) {
      expect((await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type, file: { data: PDF, filename: 'f.pdf' } } })).status).toBe(201);
    }
    expect((await h.a.call('POST', `/customers/${c.id}/biometrics`)).status).toBe(200);
    expect(timers()).toBeGreaterThan(before);
    await h.close();
    await new Promise((r) => setTimeout(r, 20));
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
