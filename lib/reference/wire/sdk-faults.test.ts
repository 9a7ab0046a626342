// Faults whose rule is written differently on the SDK revision's wire: each is invisible on a clean
// sdk server and visible with the fault on, through HTTP as a partner speaking that revision sees it.
import { formatCNPJ, formatCPF, generateCNPJ, generateCPF } from '@brazilian-utils/brazilian-utils';
import { afterAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../faults.js';
import { type ReferenceServer, startReferenceServer } from '../index.js';
import { startTestReceiver, type TestReceiver } from '../webhooks/test-receiver.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082',
  'hex',
);

let rx: TestReceiver;
afterAll(() => rx?.close());

/** A partner of an sdk server: JSON and multipart calls, control API, and its deliveries. */
async function partner(fault: FaultName | undefined) {
  rx ??= await startTestReceiver();
  const server: ReferenceServer = await startReferenceServer({ contract: 'sdk', faults: fault ? [fault] : [], webhookRetry: { baseMs: 30, maxAttempts: 2 } });
  const p = server.partners[0]!;
  const t = await fetch(`${server.baseUrl}/auth/token`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${p.clientId}:${p.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
  const token = ((await t.json()) as { access_token: string }).access_token;
  const call = async (method: string, path: string, opts: { json?: unknown; form?: FormData; headers?: Record<string, string> } = {}) => {
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, ...opts.headers };
    let body: string | FormData | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers['content-type'] = 'application/json';
    }
    if (opts.form) body = opts.form;
    const res = await fetch(server.baseUrl + path, { method, headers, body });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const control = async (path: string, json: unknown = {}) => {
    const res = await fetch(server.controlUrl + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(json),
    });
    return { status: res.status, body: await res.json() };
  };
  const hook = `/${fault ?? 'clean'}-${Math.random().toString(36).slice(2)}`;
  await call('POST', '/webhooks/endpoints', { json: { url: rx.url(hook) } });
  const register = async () =>
    (
      await call('POST', '/customers', {
        json: { cpf: formatCPF(generateCPF()), cnpj: formatCNPJ(generateCNPJ()), email: 'a@example.com', phone: '+5511988887777', name: 'Ana' },
      })
    ).body;
  /** A customer made active through the control API, with an offer, a simulation and a loan awaiting signatures. */
  const loan = async () => {
    const c = await register();
    for (const r of (await call('GET', `/customers/${c.id}`)).body.kyc) {
      await control(`/customers/${c.id}/kyc/${r.requirement_id}`, { action: 'submit' });
      await control(`/customers/${c.id}/kyc/${r.requirement_id}`, { action: 'approve' });
    }
    const offer = (await control(`/customers/${c.id}/credit-analysis`)).body;
    const sim = (await call('POST', `/credit-offers/${offer.id}/simulations`, { json: { requested_amount: 5000, installment_count: offer.installments } }))
      .body;
    return (
      await call('POST', '/loans', {
        json: {
          credit_offer_id: offer.id,
          simulation_id: sim.id,
          installment_count: sim.installment_count,
          installment_amount: sim.installment_amount,
          first_due_date: sim.first_due_date,
        },
      })
    ).body;
  };
  const events = async (type: string) =>
    (await rx.waitFor((all) => all.some((d) => d.payload.type === type), 4000, hook)).filter((d) => d.payload.type === type).map((d) => d.payload);
  const upload = (customerId: string, fields: Record<string, string>, data: Buffer, type: string, key?: string) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(data)], { type }), 'f');
    return call('POST', `/customers/${customerId}/kyc-attachments`, { form, ...(key ? { headers: { 'X-Idempotency-Key': key } } : {}) });
  };
  return { server, call, control, register, loan, events, upload };
}

type Partner = Awaited<ReturnType<typeof partner>>;

/** true = the rule is broken. */
const PROBES: Partial<Record<FaultName, (p: Partner) => Promise<boolean>>> = {
  'webhook-loan-active-without-net-amount': async (p) => {
    const l = await p.loan();
    for (let i = 0; i < 3 && (await p.call('GET', `/loans/${l.id}`)).body.status !== 'active'; i++) await p.control(`/loans/${l.id}/advance`);
    const [active] = await p.events('loan.active');
    return !('principal_amount' in active.data);
  },
  'new-customer-kyc-missing': async (p) => {
    await p.register();
    const [created] = await p.events('customer.created');
    return created.data.kyc.length === 0;
  },
  'disbursing-loan-not-cancellable': async (p) => {
    const l = await p.loan();
    await p.control(`/loans/${l.id}/advance`); // processing
    return (await p.control(`/loans/${l.id}/advance`, { to: 'cancelled' })).status !== 200;
  },
  'idempotency-key-ignored-on-uploads': async (p) => {
    const c = await p.register();
    const id = (await p.call('GET', `/customers/${c.id}`)).body.kyc.find((r: { requirement_type: string }) => r.requirement_type === 'identity').requirement_id;
    await p.upload(c.id, { requirement_id: id, evidence_type: 'cnh', attachment_type: 'front' }, PDF, 'application/pdf', 'key-1');
    // The same key with another file: a key honoured refuses it, one ignored takes it.
    return (await p.upload(c.id, { requirement_id: id, evidence_type: 'cnh', attachment_type: 'front' }, PNG, 'image/png', 'key-1')).status === 201;
  },
  'active-ignores-biometrics': async (p) => {
    const c = await p.register();
    for (const r of (await p.call('GET', `/customers/${c.id}`)).body.kyc) {
      if (r.requirement_type === 'selfie') continue;
      await p.control(`/customers/${c.id}/kyc/${r.requirement_id}`, { action: 'submit' });
      await p.control(`/customers/${c.id}/kyc/${r.requirement_id}`, { action: 'approve' });
    }
    return (await p.call('GET', `/customers/${c.id}`)).body.status === 'active';
  },
  'signing-url-missing': async (p) => (await p.loan()).signing_url === null,
  'loan-skips-disbursing': async (p) => {
    const l = await p.loan();
    const seen: string[] = [l.status];
    for (let i = 0; i < 3 && seen.at(-1) !== 'active'; i++) seen.push((await p.control(`/loans/${l.id}/advance`)).body.status);
    return !seen.includes('processing');
  },
  'cancelled-event-stale-status': async (p) => {
    const l = await p.loan();
    await p.control(`/loans/${l.id}/advance`, { to: 'cancelled' });
    const [cancelled] = await p.events('loan.cancelled');
    return cancelled.data.status !== 'cancelled';
  },
  'kyc-updated-partial-array': async (p) => {
    const c = await p.register();
    const id = (await p.call('GET', `/customers/${c.id}`)).body.kyc.find((r: { requirement_type: string }) => r.requirement_type === 'identity').requirement_id;
    await p.upload(c.id, { requirement_id: id, evidence_type: 'cnh', attachment_type: 'file' }, PDF, 'application/pdf');
    const [updated] = await p.events('customer.kyc_updated');
    return updated.data.kyc.length !== 3;
  },
};

describe('faults on the sdk wire', () => {
  it.each(Object.keys(PROBES) as FaultName[])(
    '%s: invisible on a clean sdk server, visible with the fault on',
    async (fault) => {
      for (const on of [false, true]) {
        const p = await partner(on ? fault : undefined);
        try {
          expect(await PROBES[fault]!(p), `${fault} ${on ? 'on' : 'off'}`).toBe(on);
        } finally {
          await p.server.close();
        }
      }
    },
    20_000,
  );
});
