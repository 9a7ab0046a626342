// Customers and KYC through HTTP: registration to active, idempotent registration, conflicts,
// validation, search, correction and resubmission. Every answer is checked against the contract.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerBody, type Harness, harness, JPEG, PDF, PNG, TEXT } from '../test-client.js';

let h: Harness;
beforeAll(async () => {
  // Many calls a second (page walks): the client waits out the demo credential's rate limit.
  h = await harness({}, true, { paced: true });
});
afterAll(async () => {
  await h.close();
});

async function create(extra: Record<string, unknown> = {}) {
  const res = await h.a.call('POST', '/customers', { json: customerBody(extra) });
  expect(res.status).toBe(201);
  return res.body;
}
const control = (customerId: string, type: string, body: Record<string, unknown>) =>
  h.a.call('POST', `!/_simulation/customers/${customerId}/kyc/${type}`, { json: body });
const upload = (customerId: string, type: string, data = PDF, filename = 'doc.pdf') =>
  h.a.call('POST', `/customers/${customerId}/documents`, { multipart: { type, file: { data, filename } } });
const get = async (id: string) => (await h.a.call('GET', `/customers/${id}`)).body;

describe('registration to active', () => {
  it('walks pending_kyc → under_review → active through uploads, biometrics and approvals', async () => {
    const c = await create({ cnpj: '12.345.678/0001-95', trading_name: 'Loja' });
    expect(c.status).toBe('pending_kyc');
    expect(c.kyc.map((i: { type: string }) => i.type)).toEqual(['ccmei', 'identity_card_front', 'identity_card_back', 'selfie', 'biometrics']);
    const seen = new Set<string>([c.status]);
    for (const [type, data] of [
      ['ccmei', PDF],
      ['identity_card_front', PNG],
      ['identity_card_back', PNG],
      ['selfie', JPEG],
    ] as const) {
      const res = await upload(c.id, type, data);
      expect(res.status).toBe(201);
      expect(res.headers.location).toBe(`/v3/customers/${c.id}/documents/${res.body.id}`);
      expect(res.body.status).toBe('submitted');
      seen.add((await get(c.id)).status);
    }
    const session = await h.a.call('POST', `/customers/${c.id}/biometrics`);
    expect(session.status).toBe(200);
    expect(Date.parse(session.body.expires_at)).toBeGreaterThan(Date.now());
    expect((await get(c.id)).status).toBe('pending_kyc');
    expect((await control(c.id, 'biometrics', { action: 'submit' })).status).toBe(200);
    seen.add((await get(c.id)).status);
    expect(seen).toEqual(new Set(['pending_kyc', 'under_review']));
    for (const type of ['ccmei', 'identity_card_front', 'identity_card_back', 'selfie']) {
      expect((await control(c.id, type, { action: 'approve' })).body.status).toBe('under_review');
    }
    const last = await control(c.id, 'biometrics', { action: 'approve' });
    expect(last.body.status).toBe('active');
    expect(last.body.kyc.every((i: { status: string }) => i.status === 'approved')).toBe(true);
  });

  it('a person without CNPJ needs no ccmei and cannot upload one (422)', async () => {
    const c = await create();
    expect(c.kyc.map((i: { type: string }) => i.type)).not.toContain('ccmei');
    const res = await upload(c.id, 'ccmei');
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('refuses content that is not PDF/JPEG/PNG whatever its name (415), and biometrics as an upload (422)', async () => {
    const c = await create();
    const res = await upload(c.id, 'selfie', TEXT, 'selfie.pdf');
    expect(res.status).toBe(415);
    expect((await upload(c.id, 'biometrics')).status).toBe(422);
    expect((await get(c.id)).kyc.find((i: { type: string }) => i.type === 'selfie').status).toBe('pending');
  });

  it('a rejected item waits for resubmission with the reviewer message, then is submitted again', async () => {
    const c = await create();
    await upload(c.id, 'selfie', JPEG);
    const rejected = await control(c.id, 'selfie', { action: 'reject', message: 'blurred' });
    const item = rejected.body.kyc.find((i: { type: string }) => i.type === 'selfie');
    expect(item).toMatchObject({ status: 'pending_resubmission', message: 'blurred' });
    expect((await control(c.id, 'selfie', { action: 'approve' })).status).toBe(409);
    await upload(c.id, 'selfie', JPEG);
    expect((await get(c.id)).kyc.find((i: { type: string }) => i.type === 'selfie')).toMatchObject({ status: 'submitted', message: null });
  });

  it('a data correction is resumed by PATCH', async () => {
    const c = await create();
    const asked = await control(c.id, 'email', { action: 'request_correction', message: 'bounced' });
    expect(asked.status).toBe(200);
    expect(asked.body.kyc.find((i: { type: string }) => i.type === 'email')).toMatchObject({ kind: 'data', status: 'pending_correction', message: 'bounced' });
    const patched = await h.a.call('PATCH', `/customers/${c.id}`, { json: { email: 'fixed@example.com' } });
    expect(patched.status).toBe(200);
    expect(patched.body.email).toBe('fixed@example.com');
    expect(patched.body.kyc.find((i: { type: string }) => i.type === 'email').status).toBe('submitted');
  });

  it('control API: unknown item 404, illegal move 409, bad action 422, other partner 404', async () => {
    const c = await create();
    expect((await control(c.id, 'passport', { action: 'approve' })).status).toBe(404);
    expect((await control(c.id, 'selfie', { action: 'approve' })).status).toBe(409);
    expect((await control(c.id, 'selfie', { action: 'dance' })).status).toBe(422);
    expect((await h.b.call('POST', `!/_simulation/customers/${c.id}/kyc/selfie`, { json: { action: 'submit' } })).status).toBe(404);
  });
});

describe('registration rules', () => {
  it('same CPF and external_id returns the existing customer (200); another external_id is 409', async () => {
    const body = customerBody();
    const first = await h.a.call('POST', '/customers', { json: body });
    expect(first.status).toBe(201);
    const digits = (body.cpf as string).replace(/\D/g, '');
    const again = await h.a.call('POST', '/customers', { json: { ...body, cpf: digits } });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const other = await h.a.call('POST', '/customers', { json: { ...body, external_id: 'someone-else' } });
    expect(other.status).toBe(409);
    // Another partner may register the same person.
    expect((await h.b.call('POST', '/customers', { json: body })).status).toBe(201);
  });

  it('stores CPF masked, answers 201 with Location and pending_kyc', async () => {
    const body = customerBody();
    const res = await h.a.call('POST', '/customers', { json: { ...body, cpf: (body.cpf as string).replace(/\D/g, '') } });
    expect(res.status).toBe(201);
    expect(res.body.cpf).toBe(body.cpf);
    expect(res.headers.location).toBe(`/v3/customers/${res.body.id}`);
    expect(res.body.id).toMatch(/^cust_[0-9a-f]{32}$/);
  });

  it('registers with a CPF alone; absent name, email and phone read back as null', async () => {
    const res = await h.a.call('POST', '/customers', { json: { cpf: customerBody().cpf } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: null, email: null, phone: null, cnpj: null, trading_name: null, external_id: null });
  });

  it('refuses a wrong CPF check digit, unknown members and a missing cpf (422 validation_failed)', async () => {
    const body = customerBody();
    const cpf = body.cpf as string;
    const wrong = cpf.slice(0, -1) + String((Number(cpf.at(-1)) + 1) % 10);
    for (const bad of [
      { ...body, cpf: wrong },
      { ...body, nickname: 'x' },
      { ...body, cpf: undefined },
      { ...body, phone: '11999' },
    ]) {
      const res = await h.a.call('POST', '/customers', { json: bad });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ status: 422, code: 'validation_failed' });
      expect(res.body.errors.length).toBeGreaterThan(0);
    }
  });

  it('a CNPJ given by PATCH counts for registration idempotency and conflicts', async () => {
    const c = await create();
    const cnpj = '11.222.333/0001-81';
    expect((await h.a.call('PATCH', `/customers/${c.id}`, { json: { cnpj } })).body.cnpj).toBe(cnpj);
    const clash = await h.a.call('POST', '/customers', { json: customerBody({ cnpj, external_id: 'another-ref' }) });
    expect(clash.status).toBe(409);
  });

  it('PATCH refuses cpf and external_id (422) and leaves them unchanged', async () => {
    const c = await create();
    for (const body of [{ cpf: customerBody().cpf }, { external_id: 'new' }]) {
      const res = await h.a.call('PATCH', `/customers/${c.id}`, { json: body });
      expect(res.status).toBe(422);
    }
    const now = await get(c.id);
    expect(now.cpf).toBe(c.cpf);
    expect(now.external_id).toBe(c.external_id);
  });

  it('another partner gets 404 on read, change and child paths, and never sees it listed', async () => {
    const c = await create();
    expect((await h.b.call('GET', `/customers/${c.id}`)).status).toBe(404);
    expect((await h.b.call('PATCH', `/customers/${c.id}`, { json: { name: 'x' } })).status).toBe(404);
    expect((await h.b.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: JPEG, filename: 's.jpg' } } })).status).toBe(
      404,
    );
    expect((await h.b.call('POST', `/customers/${c.id}/biometrics`)).status).toBe(404);
    const listed = await h.b.call('GET', `/customers?external_id=${c.external_id}`);
    expect(listed.body.data).toEqual([]);
  });
});

describe('search and pagination', () => {
  it('filters by cpf (masked or plain), external_id and status', async () => {
    const c = await create();
    for (const cpf of [c.cpf, c.cpf.replace(/\D/g, '')]) {
      const res = await h.a.call('GET', `/customers?cpf=${encodeURIComponent(cpf)}`);
      expect(res.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    }
    const byExt = await h.a.call('GET', `/customers?external_id=${c.external_id}`);
    expect(byExt.body.data.map((x: { id: string }) => x.id)).toEqual([c.id]);
    const active = await h.a.call('GET', '/customers?status=active&limit=100');
    expect(active.body.data.every((x: { status: string }) => x.status === 'active')).toBe(true);
  });

  it('walks every page without loss or repetition, in both orders and every sort', async () => {
    const mine = new Set<string>();
    for (let i = 0; i < 7; i++) mine.add((await create()).id);
    for (const sort of ['created_at', 'updated_at', 'name']) {
      for (const order of ['asc', 'desc']) {
        const ids: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 200; guard++) {
          const res = await h.a.call('GET', `/customers?limit=3&sort=${sort}&order=${order}${cursor ? `&starting_after=${cursor}` : ''}`);
          expect(res.status).toBe(200);
          ids.push(...res.body.data.map((x: { id: string }) => x.id));
          if (!res.body.has_more) break;
          cursor = ids.at(-1);
        }
        expect(new Set(ids).size).toBe(ids.length);
        for (const id of mine) expect(ids).toContain(id);
        if (sort === 'created_at') {
          const all = await h.a.call('GET', `/customers?limit=100&sort=created_at&order=${order}`);
          const times = all.body.data.map((x: { created_at: string }) => Date.parse(x.created_at));
          const sorted = [...times].sort((x, y) => (order === 'asc' ? x - y : y - x));
          expect(times).toEqual(sorted);
        }
      }
    }
  });

  it('writes created_at to the millisecond, strictly later for each customer made after another, so the default order is newest first', async () => {
    const made: { id: string; created_at: string }[] = [];
    for (let i = 0; i < 5; i++) made.push(await create());
    for (const c of made) expect(c.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const times = made.map((c) => Date.parse(c.created_at));
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThan(times[i - 1]!);
    const ids = new Set(made.map((c) => c.id));
    const listed = (await h.a.call('GET', '/customers?limit=100')).body.data.filter((x: { id: string }) => ids.has(x.id));
    expect(listed.map((x: { id: string }) => x.id)).toEqual(made.map((c) => c.id).reverse());
  });

  it('refuses limit 0, 101, abc (422), a malformed or unknown cursor (400), bad sort/status (422)', async () => {
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'limit=1.5', 'sort=age', 'order=up', 'status=gone']) {
      expect((await h.a.call('GET', `/customers?${q}`)).status, q).toBe(422);
    }
    expect((await h.a.call('GET', '/customers?starting_after=nope')).status).toBe(400);
    expect((await h.a.call('GET', `/customers?starting_after=cust_${'0'.repeat(32)}`)).status).toBe(400);
    expect((await h.a.call('GET', '/customers?limit=100')).status).toBe(200);
  });
});
