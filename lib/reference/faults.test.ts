// Each fault of the server's own areas, observed through HTTP: the same probe must see the rule
// kept on a clean server and broken with the fault on. A fault no probe can see is a defect.
import { describe, expect, it } from 'vitest';
import type { FaultName } from './faults.js';
import { Client, ContractViolation, customerBody, type Harness, harness, PDF, PNG, TEXT } from './test-client.js';

type Probe = (h: Harness) => Promise<boolean>; // true = the rule is broken

async function newCustomer(h: Harness, extra: Record<string, unknown> = {}) {
  return (await h.a.call('POST', '/customers', { json: customerBody(extra) })).body;
}
async function walk(h: Harness, query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 50; i++) {
    const res = await h.a.call('GET', `/customers?${query}${cursor ? `&starting_after=${cursor}` : ''}`);
    ids.push(...res.body.data.map((x: { id: string }) => x.id));
    if (!res.body.has_more || res.body.data.length === 0) break;
    cursor = res.body.data.at(-1).id;
  }
  return ids;
}
async function extraClient(h: Harness) {
  const created = (await h.a.call('POST', '/auth/credentials', { json: { name: 'probe' } })).body;
  const c = new Client(h.server, { clientId: created.client_id, clientSecret: created.client_secret }, false);
  await c.login();
  return { c, id: created.client_id as string };
}
const kycItem = (customer: { kyc: { type: string }[] }, type: string) =>
  customer.kyc.find((i) => i.type === type) as unknown as { status: string; message: string | null };

const PROBES: Partial<Record<FaultName, Probe>> = {
  'response-missing-field': async (h) => !('updated_at' in (await h.a.call('GET', `/customers/${(await newCustomer(h)).id}`)).body),
  'wrong-id-prefix': async (h) => !/^cust_[0-9a-f]{32}$/.test((await newCustomer(h)).id),
  'error-not-problem-json': async (h) =>
    !/^application\/problem\+json/.test((await h.a.call('GET', `/customers/cust_${'0'.repeat(32)}`)).headers['content-type']!),
  'undocumented-method-accepted': async (h) => (await h.a.call('DELETE', `/customers/${(await newCustomer(h)).id}`)).status !== 405,
  'expired-token-accepted': async (h) => {
    await h.a.call('POST', '!/_simulation/clock', { json: { advance_seconds: 3700 } });
    return (await h.a.call('GET', '/customers')).status === 200;
  },
  'forged-token-accepted': async (h) => {
    const [head, payload] = h.a.token!.split('.');
    return (await h.a.call('GET', '/customers', { token: `${head}.${payload}.${'A'.repeat(43)}` })).status === 200;
  },
  'revoked-credential-token-accepted': async (h) => {
    const { c, id } = await extraClient(h);
    await h.a.call('DELETE', `/auth/credentials/${id}`);
    return (await c.call('GET', '/customers')).status === 200;
  },
  'bad-client-credentials-400': async (h) => {
    const bad = new Client(h.server, { clientId: h.server.partners[0]!.clientId, clientSecret: 'wrong' }, false);
    return (await bad.login().catch((e: Error) => e.message)).startsWith('login failed: 400');
  },
  'idempotent-create-duplicates': async (h) => {
    const body = customerBody();
    await h.a.call('POST', '/customers', { json: body });
    return (await h.a.call('POST', '/customers', { json: body })).status !== 200;
  },
  'conflict-missing': async (h) => {
    const body = customerBody();
    await h.a.call('POST', '/customers', { json: body });
    return (await h.a.call('POST', '/customers', { json: { ...body, external_id: 'other' } })).status !== 409;
  },
  'patch-changes-cpf': async (h) => {
    const c = await newCustomer(h);
    await h.a.call('PATCH', `/customers/${c.id}`, { json: { cpf: customerBody().cpf } });
    return (await h.a.call('GET', `/customers/${c.id}`)).body.cpf !== c.cpf;
  },
  'location-missing': async (h) => (await h.a.call('POST', '/customers', { json: customerBody() })).headers.location === undefined,
  'cpf-filter-ignored': async (h) => {
    const c = await newCustomer(h);
    await newCustomer(h);
    return (await h.a.call('GET', `/customers?cpf=${encodeURIComponent(c.cpf)}`)).body.data.length !== 1;
  },
  'cpf-check-digit-ignored': async (h) => {
    const cpf = customerBody().cpf as string;
    const wrong = cpf.slice(0, -1) + String((Number(cpf.at(-1)) + 1) % 10);
    return (await h.a.call('POST', '/customers', { json: customerBody({ cpf: wrong }) })).status === 201;
  },
  'new-customer-kyc-missing': async (h) => (await newCustomer(h)).kyc.length === 0,
  'cpf-format-sensitive': async (h) => {
    const body = customerBody();
    await h.a.call('POST', '/customers', { json: body });
    return (await h.a.call('POST', '/customers', { json: { ...body, cpf: String(body.cpf).replace(/\D/g, '') } })).status !== 200;
  },
  'cpf-not-required': async (h) => {
    const { cpf: _cpf, ...body } = customerBody();
    return (await h.a.call('POST', '/customers', { json: body })).status === 201;
  },
  'validation-errors-unnamed': async (h) => {
    const res = await h.a.call('POST', '/customers', { json: customerBody({ phone: '11 99999-9999' }) });
    return !(res.body.errors ?? []).some((e: { field: string }) => e.field === 'phone');
  },
  'get-customer-cnpj-unmasked': async (h) => {
    const c = await newCustomer(h, { cnpj: '11.222.333/0001-81' });
    return (await h.a.call('GET', `/customers/${c.id}`)).body.cnpj !== c.cnpj;
  },
  'unknown-customer-200': async (h) => (await h.a.call('GET', `/customers/cust_${'0'.repeat(32)}`)).status === 200,
  'patch-phone-ignored': async (h) => {
    const c = await newCustomer(h);
    await h.a.call('PATCH', `/customers/${c.id}`, { json: { phone: '+5511988887777' } });
    return (await h.a.call('GET', `/customers/${c.id}`)).body.phone !== '+5511988887777';
  },
  'external-id-filter-ignored': async (h) => {
    const c = await newCustomer(h);
    await newCustomer(h);
    return (await h.a.call('GET', `/customers?external_id=${c.external_id}`)).body.data.length !== 1;
  },
  'created-answer-cpf-check-digits-unset': async (h) => {
    const digits = (v: unknown) => String(v).replace(/\D/g, '');
    const body = customerBody();
    return digits((await h.a.call('POST', '/customers', { json: body })).body.cpf) !== digits(body.cpf);
  },
  'active-filter-derived-from-kyc': async (h) => {
    const c = await newCustomer(h);
    return (await h.a.call('GET', '/customers?status=active')).body.data.some((x: { id: string }) => x.id === c.id);
  },
  'status-filter-ignored': async (h) => {
    await newCustomer(h);
    return (await h.a.call('GET', '/customers?status=active')).body.data.length > 0;
  },
  'idempotency-key-ignored': async (h) => {
    const headers = { 'idempotency-key': 'probe-key' };
    const one = await h.a.call('POST', '/auth/credentials', { json: { name: 'k' }, headers });
    const two = await h.a.call('POST', '/auth/credentials', { json: { name: 'k' }, headers });
    return one.body.client_id !== two.body.client_id;
  },
  'idempotency-key-reuse-accepted': async (h) => {
    const headers = { 'idempotency-key': 'probe-key' };
    await h.a.call('POST', '/auth/credentials', { json: { name: 'one' }, headers });
    return (await h.a.call('POST', '/auth/credentials', { json: { name: 'two' }, headers })).status < 400;
  },
  'idempotency-replay-status-200': async (h) => {
    const headers = { 'idempotency-key': 'probe-key' };
    const one = await h.a.call('POST', '/auth/credentials', { json: { name: 'k' }, headers });
    return (await h.a.call('POST', '/auth/credentials', { json: { name: 'k' }, headers })).status !== one.status;
  },
  'idempotency-key-reuse-409': async (h) => {
    const headers = { 'idempotency-key': 'probe-key' };
    await h.a.call('POST', '/auth/credentials', { json: { name: 'one' }, headers });
    return (await h.a.call('POST', '/auth/credentials', { json: { name: 'two' }, headers })).status === 409;
  },
  'idempotency-key-ignored-on-uploads': async (h) => {
    const c = await newCustomer(h);
    const upload = () =>
      h.a.call('POST', `/customers/${c.id}/documents`, {
        multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } },
        headers: { 'idempotency-key': 'probe-key' },
      });
    return (await upload()).body.id !== (await upload()).body.id;
  },
  'idempotency-fingerprint-skips-multipart': async (h) => {
    const c = await newCustomer(h);
    const headers = { 'idempotency-key': 'probe-key' };
    await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } }, headers });
    return (
      (await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'identity_card_front', file: { data: PNG, filename: 'a.png' } }, headers }))
        .status < 400
    );
  },
  'idempotency-key-recorded-late': async (h) => {
    const headers = { 'idempotency-key': 'probe-key' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.a.call('POST', '/auth/credentials', { json: { name: 'k' }, headers })));
    return new Set(answers.map((a) => a.body.client_id)).size > 1;
  },
  'reads-from-lagging-replica': async (h) => {
    const json = customerBody();
    const headers = { 'idempotency-key': 'probe-key' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => h.a.call('POST', '/customers', { json, headers })));
    return new Set(answers.map((a) => a.body.id)).size > 1;
  },
  'pagination-skips-item': async (h) => {
    for (let i = 0; i < 5; i++) await newCustomer(h);
    return (await walk(h, 'limit=2')).length < 5;
  },
  'pagination-repeats-item': async (h) => {
    for (let i = 0; i < 5; i++) await newCustomer(h);
    const ids = await walk(h, 'limit=2');
    return new Set(ids).size !== ids.length;
  },
  'has-more-wrong-on-last-page': async (h) => {
    await newCustomer(h);
    return (await h.a.call('GET', '/customers?limit=100')).body.has_more === true;
  },
  'limit-over-100-accepted': async (h) => (await h.a.call('GET', '/customers?limit=101')).status === 200,
  'order-ignored': async (h) => {
    for (let i = 0; i < 3; i++) await newCustomer(h);
    const asc = await walk(h, 'limit=100&order=asc');
    const desc = await walk(h, 'limit=100&order=desc');
    return JSON.stringify(asc) !== JSON.stringify([...desc].reverse());
  },
  'limit-plus-one-returned': async (h) => {
    for (let i = 0; i < 3; i++) await newCustomer(h);
    return (await h.a.call('GET', '/customers?limit=2')).body.data.length > 2;
  },
  'default-limit-10': async (h) => {
    for (let i = 0; i < 11; i++) await newCustomer(h);
    return (await h.a.call('GET', '/customers')).body.data.length < 11;
  },
  'no-limit-returns-all': async (h) => {
    for (let i = 0; i < 26; i++) await newCustomer(h);
    return (await h.a.call('GET', '/customers')).body.data.length > 25;
  },
  'cursor-ignored': async (h) => {
    for (let i = 0; i < 3; i++) await newCustomer(h);
    const ids = await walk(h, 'limit=2');
    return new Set(ids).size !== ids.length;
  },
  'malformed-cursor-ignored': async (h) => (await h.a.call('GET', '/customers?starting_after=not-a-cursor')).status < 400,
  'unknown-cursor-empty-page': async (h) => (await h.a.call('GET', `/customers?starting_after=cust_${'0'.repeat(32)}`)).status < 400,
  'default-order-asc': async (h) => {
    for (let i = 0; i < 3; i++) {
      await newCustomer(h);
      await h.a.call('POST', '!/_simulation/clock', { json: { advance_seconds: 5 } });
    }
    return JSON.stringify(await walk(h, 'limit=100')) !== JSON.stringify(await walk(h, 'limit=100&order=desc'));
  },
  'default-order-only-when-filtered': async (h) => {
    for (let i = 0; i < 3; i++) await newCustomer(h);
    return JSON.stringify(await walk(h, 'limit=100')) !== JSON.stringify(await walk(h, 'limit=100&order=desc'));
  },
  'created-at-node-local-time': async (h) => {
    const first = await newCustomer(h);
    const second = await newCustomer(h);
    return Date.parse(second.created_at) < Date.parse(first.created_at);
  },
  'document-type-outside-kyc-accepted': async (h) => {
    const c = await newCustomer(h);
    return (await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'ccmei', file: { data: PDF, filename: 'a.pdf' } } })).status === 201;
  },
  'document-content-not-sniffed': async (h) => {
    const c = await newCustomer(h);
    return (await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: TEXT, filename: 'a.pdf' } } })).status === 201;
  },
  'kyc-skips-under-review': async (h) => {
    const c = await newCustomer(h);
    const statuses = new Set<string>();
    for (const type of ['identity_card_front', 'identity_card_back', 'selfie']) {
      await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type, file: { data: PDF, filename: 'a.pdf' } } });
    }
    statuses.add((await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/biometrics`, { json: { action: 'submit' } })).body.status);
    for (const type of ['identity_card_front', 'identity_card_back', 'selfie', 'biometrics']) {
      statuses.add((await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/${type}`, { json: { action: 'approve' } })).body.status);
    }
    return statuses.has('active') && !statuses.has('under_review');
  },
  'rejection-without-message': async (h) => {
    const c = await newCustomer(h);
    await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } } });
    const res = await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/selfie`, { json: { action: 'reject', message: 'blurred' } });
    return kycItem(res.body, 'selfie').message === null;
  },
  'mei-profile-without-ccmei': async (h) => !kycItem(await newCustomer(h, { cnpj: '11.222.333/0001-81', trading_name: 'Probe MEI' }), 'ccmei'),
  'png-upload-refused': async (h) => {
    const c = await newCustomer(h);
    return (await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PNG, filename: 'a.png' } } })).status !== 201;
  },
  'document-location-missing': async (h) => {
    const c = await newCustomer(h);
    return (
      (await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } } })).headers.location ===
      undefined
    );
  },
  'biometrics-approval-skips-activation': async (h) => {
    const c = await newCustomer(h);
    const docs = ['identity_card_front', 'identity_card_back', 'selfie'];
    for (const type of docs) await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type, file: { data: PDF, filename: 'a.pdf' } } });
    await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/biometrics`, { json: { action: 'submit' } });
    for (const type of docs) await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/${type}`, { json: { action: 'approve' } });
    return (await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/biometrics`, { json: { action: 'approve' } })).body.status !== 'active';
  },
  'reregistration-resets-kyc': async (h) => {
    const body = customerBody();
    const c = (await h.a.call('POST', '/customers', { json: body })).body;
    await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } } });
    await h.a.call('POST', '/customers', { json: body });
    return kycItem((await h.a.call('GET', `/customers/${c.id}`)).body, 'selfie').status === 'pending';
  },
  'upload-answers-first-document': async (h) => {
    const c = await newCustomer(h);
    await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type: 'selfie', file: { data: PDF, filename: 'a.pdf' } } });
    const second = await h.a.call('POST', `/customers/${c.id}/documents`, {
      multipart: { type: 'identity_card_front', file: { data: PDF, filename: 'b.pdf' } },
    });
    return second.body.type !== 'identity_card_front';
  },
  'rejection-counts-as-reviewed': async (h) => {
    const c = await newCustomer(h);
    const docs = ['identity_card_front', 'identity_card_back', 'selfie'];
    for (const type of docs) await h.a.call('POST', `/customers/${c.id}/documents`, { multipart: { type, file: { data: PDF, filename: 'a.pdf' } } });
    await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/biometrics`, { json: { action: 'submit' } });
    for (const type of ['identity_card_back', 'selfie', 'biometrics'])
      await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/${type}`, { json: { action: 'approve' } });
    const res = await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/identity_card_front`, { json: { action: 'reject', message: 'blurred' } });
    return res.body.status === 'active';
  },
  'person-profile-no-kyc-items': async (h) => (await newCustomer(h)).kyc.length === 0,
  'biometrics-session-without-expiry': async (h) => !('expires_at' in (await h.a.call('POST', `/customers/${(await newCustomer(h)).id}/biometrics`)).body),
  'biometrics-session-deep-link': async (h) =>
    !/^https?:/.test((await h.a.call('POST', `/customers/${(await newCustomer(h)).id}/biometrics`)).body.session_url),
  'biometrics-session-201': async (h) => (await h.a.call('POST', `/customers/${(await newCustomer(h)).id}/biometrics`)).status !== 200,
  'patch-does-not-resume-correction': async (h) => {
    const c = await newCustomer(h);
    await h.a.call('POST', `!/_simulation/customers/${c.id}/kyc/email`, { json: { action: 'request_correction' } });
    await h.a.call('PATCH', `/customers/${c.id}`, { json: { email: 'fixed@example.com' } });
    return kycItem((await h.a.call('GET', `/customers/${c.id}`)).body, 'email').status === 'pending_correction';
  },
  'cross-partner-read': async (h) => (await h.b.call('GET', `/customers/${(await newCustomer(h)).id}`)).status === 200,
  'server-error-on-malformed-json': async (h) =>
    (await h.a.call('POST', '/customers', { raw: { contentType: 'application/json', data: '{"cpf":' } })).status >= 500,
  'cross-partner-update': async (h) =>
    (await h.b.call('PATCH', `/customers/${(await newCustomer(h)).id}`, { json: { email: 'intruder@example.com' } })).status === 200,
  'cross-partner-list-filter': async (h) => (await h.b.call('GET', `/customers?cpf=${encodeURIComponent((await newCustomer(h)).cpf)}`)).body.data.length > 0,
  'cross-partner-403': async (h) => (await h.b.call('GET', `/customers/${(await newCustomer(h)).id}`)).status === 403,
  'unknown-offer-id-422': async (h) => (await h.a.call('GET', `/credit-offers/co_${'0'.repeat(32)}`)).status !== 404,
  'failed-create-persists': async (h) => {
    const body = customerBody({ email: 'not an email' });
    await h.a.call('POST', '/customers', { json: body });
    return (await h.a.call('GET', `/customers?cpf=${encodeURIComponent(String(body.cpf))}`)).body.data.length > 0;
  },
  'json-array-body-500': async (h) => (await h.a.call('POST', '/customers', { raw: { contentType: 'application/json', data: '[{"cpf":"1"}]' } })).status >= 500,
  'malformed-json-stack-in-problem': async (h) =>
    /SyntaxError/.test(JSON.stringify((await h.a.call('POST', '/customers', { raw: { contentType: 'application/json', data: '{"cpf":' } })).body)),
  'names-html-escaped': async (h) => (await newCustomer(h, { name: '<b>Tom & Jerry</b>' })).name !== '<b>Tom & Jerry</b>',
  'rate-limit-headers-missing': async (h) => (await h.a.call('GET', '/customers')).headers['x-ratelimit-limit'] === undefined,
  'retry-after-missing': async (h) => {
    const { c } = await extraClient(h);
    let last = await c.call('GET', '/customers');
    for (let i = 0; i < 3 && last.status !== 429; i++) last = await c.call('GET', '/customers');
    expect(last.status).toBe(429);
    return last.headers['retry-after'] === undefined;
  },
  'token-issued-empty': async (h) => {
    const { clientId, clientSecret } = h.server.partners[0]!;
    const auth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    const res = await h.a.call('POST', '/auth/token', { form: { grant_type: 'client_credentials' }, headers: { authorization: auth }, token: null });
    return res.status !== 200 || typeof res.body.access_token !== 'string' || res.body.access_token.length === 0;
  },
  'expires-in-milliseconds': async (h) => {
    const { clientId, clientSecret } = h.server.partners[0]!;
    const auth = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    return (
      (await h.a.call('POST', '/auth/token', { form: { grant_type: 'client_credentials' }, headers: { authorization: auth }, token: null })).body.expires_in !==
      3600
    );
  },
  'token-signed-with-stale-key': async (h) => (await h.a.call('GET', '/customers')).status === 401,
  'missing-token-403': async (h) => (await h.a.call('GET', '/customers', { token: null })).status !== 401,
  'malformed-token-400': async (h) => (await h.a.call('GET', '/customers', { token: 'not-a-token' })).status !== 401,
  'token-error-invalid-grant': async (h) => {
    const bad = new Client(h.server, { clientId: h.server.partners[0]!.clientId, clientSecret: 'wrong' }, false);
    return !(await bad.login().catch((e: Error) => e.message)).includes('"invalid_client"');
  },
  'credential-secret-listed': async (h) => {
    const created = (await h.a.call('POST', '/auth/credentials', { json: { name: 'probe' } })).body;
    return (await h.a.call('GET', '/auth/credentials?limit=100')).text.includes(created.client_secret);
  },
  'rate-remaining-not-decremented': async (h) => {
    const first = await h.a.call('GET', '/customers');
    const second = await h.a.call('GET', '/customers');
    return Number(second.headers['x-ratelimit-remaining']) >= Number(first.headers['x-ratelimit-remaining']);
  },
  'rate-limit-wrong-code': async (h) => {
    const { c } = await extraClient(h);
    let last = await c.call('GET', '/customers');
    for (let i = 0; i < 3 && last.status !== 429; i++) last = await c.call('GET', '/customers');
    expect(last.status).toBe(429);
    return last.body.code !== 'rate_limit_exceeded';
  },
  'location-names-collection': async (h) => {
    const res = await h.a.call('POST', '/customers', { json: customerBody() });
    return res.headers.location !== `/v3/customers/${res.body.id}`;
  },
  'credential-location-missing': async (h) => (await h.a.call('POST', '/auth/credentials', { json: { name: 'probe' } })).headers.location === undefined,
  'request-id-reused': async (h) =>
    (await h.a.call('GET', '/customers')).headers['x-request-id'] === (await h.a.call('GET', '/customers')).headers['x-request-id'],
  'validation-errors-name-body': async (h) => {
    const res = await h.a.call('POST', '/webhooks/endpoints', { json: { url: 'https://example.com/hook', events: ['customer.created'], surprise: 1 } });
    return !res.body.errors.some((e: { field: string }) => e.field === 'surprise');
  },
  'customer-sort-refused': async (h) => (await h.a.call('GET', '/customers?sort=name&order=asc')).status !== 200,
  'customer-filter-no-match-500': async (h) => (await h.a.call('GET', '/customers?external_id=nobody')).status >= 500,
  'missing-body-read-as-empty': async (h) => (await h.a.call('PATCH', `/customers/${(await newCustomer(h)).id}`)).status < 400,
};

describe.each(Object.entries(PROBES) as [FaultName, Probe][])('fault %s', (fault, probe) => {
  it('is invisible on a clean server and visible with the fault on', async () => {
    for (const faults of [[], [fault]] as FaultName[][]) {
      // Created credentials run out after two requests (the rate-limit faults' probes); the demo
      // credentials the other probes call with keep a budget they cannot exhaust.
      const h = await harness({ faults, rateLimit: { limit: 2, windowSeconds: 60 }, seededRateLimit: { limit: 100_000, windowSeconds: 60 } }, false);
      try {
        expect(await probe(h), faults.length ? 'the fault must break its rule' : 'a clean server must keep the rule').toBe(faults.length > 0);
        const discovery = await h.a.call('GET', '!/_simulation');
        expect(discovery.body.faults).toEqual(faults);
      } finally {
        await h.close();
      }
    }
  });
});

it('the contract-validating test client catches a fault that breaks a response schema', async () => {
  const h = await harness({ faults: ['response-missing-field'] });
  try {
    const c = await newCustomer(h);
    await expect(h.a.call('GET', `/customers/${c.id}`)).rejects.toBeInstanceOf(ContractViolation);
  } finally {
    await h.close();
  }
});
