// Security: isolation between partners (decision 13), unknown ids (decision 5), failed creations
// leaving nothing behind, and hostile input never answered with a 5xx, a stack trace or a secret.
import type { ApiClient, ApiRequest, ApiResponse, CheckContext } from '../../lib/checks/context.js';
import { precondition } from '../../lib/checks/preconditions.js';
import type { Check } from '../../lib/checks/types.js';
import { type Customer, createCustomer } from '../../lib/flows/customers.js';
import { customerBodyFor, newCpf, newCustomerBody, uniqueExternalId } from '../../lib/flows/data.js';
import { unknownIdFor } from '../../lib/flows/ids.js';
import { operations, partnerCallable, pathParamNames } from '../../lib/flows/operations.js';
import { probeRequest } from '../../lib/flows/probe.js';
import { expectProblem } from '../../lib/flows/problem.js';
import { termNames } from '../../lib/flows/revision/terms.js';
import { moneyValue } from '../../lib/flows/revision/values.js';
import { createCredential, revokeQuietly } from '../auth/credentials.js';
import { canLend, world } from '../contract/world.js';
import { createEndpoint, deleteQuietly } from '../webhooks/endpoints.js';
import { hostileRequests, leaks } from './hostile.js';

const ISOLATION = 'decision 13';

/** Partner A's resources that partner B must not reach. */
interface Owned {
  customer: Customer;
  endpointId: string;
  credentialId: string;
  offerId?: string;
  loanId?: string;
  cleanup(): Promise<void>;
}

const ownedByA = precondition(async function ownedByA(ctx: CheckContext): Promise<Owned> {
  const customer = await createCustomer(ctx);
  const ep = await createEndpoint(ctx, { events: ['loan.error'], description: 'isolation check' });
  const cred = await createCredential(ctx, 'isolation');
  const w = canLend(ctx) ? await world(ctx) : undefined;
  return {
    customer,
    endpointId: ep.id,
    credentialId: cred.clientId,
    offerId: w?.lending?.offer.id,
    loanId: w?.lending?.loanId,
    cleanup: async () => {
      await deleteQuietly(ctx, ep.id);
      await revokeQuietly(ctx, cred.clientId);
    },
  };
});

/** Every operation with a path parameter, aimed by partner B at partner A's resources. */
function crossRequests(ctx: CheckContext, a: Owned, filter: (opId: string, params: string[]) => boolean): { what: string; req: ApiRequest }[] {
  const ids: Record<string, string | undefined> = {
    customer_id: a.customer.id,
    webhook_endpoint_id: a.endpointId,
    client_id: a.credentialId,
    credit_offer_id: a.offerId,
    loan_id: a.loanId,
  };
  const out: { what: string; req: ApiRequest }[] = [];
  for (const op of operations(ctx).filter((o) => o.secured && partnerCallable(ctx, o))) {
    const params = pathParamNames(op);
    if (params.length === 0 || !filter(op.id, params)) continue;
    if (params.some((p) => ids[p] === undefined)) {
      ctx.note(`${op.id}: not exercised (partner A has no such resource on this target)`);
      continue;
    }
    const req = probeRequest(op, { ids: ids as Record<string, string> });
    if (op.id === 'updateCustomer') req.json = { email: 'intruder@example.com' };
    if (op.id === 'updateWebhookEndpoint') req.json = { description: 'intruder' };
    if (op.id === 'createSimulation') req.json = { requested_amount: moneyValue(ctx, 100_000), installment_count: 3 };
    out.push({ what: `${op.id} (${op.method} ${op.path})`, req });
  }
  return out;
}

/** B's answer must not be 2xx (MUST); `strict` also demands 404 (SHOULD). */
function judgeRefusal(ctx: CheckContext, what: string, res: ApiResponse, strict: boolean): void {
  ctx.ensure(res.status < 200 || res.status >= 300, `partner B reached partner A's resource: ${what}`, '404 (or 403), never 2xx', {
    status: res.status,
    body: res.body,
  });
  if (strict) expectProblem(ctx, res, { status: 404, what: `partner B on partner A's resource: ${what}` });
  else expectProblem(ctx, res, { status: [403, 404], what: `partner B on partner A's resource: ${what}` });
}

async function asB(ctx: CheckContext, fn: (b: ApiClient, a: Owned) => Promise<void>): Promise<void> {
  const b = ctx.api2;
  if (!b) ctx.skip('no second partner');
  const a = await ownedByA(ctx);
  try {
    await fn(b, a);
  } finally {
    await a.cleanup();
  }
}

const isRead = (opId: string) => /^(get|list)/.test(opId);

export const checks: Check[] = [
  {
    id: 'SEC-ISOLATION-READ',
    level: 'MUST',
    area: 'security',
    title: "A partner cannot read another partner's customers, offers, loans or webhook endpoints.",
    source: ISOLATION,
    needs: ['stateful', 'second-partner'],
    async run(ctx: CheckContext) {
      await asB(ctx, async (b, a) => {
        const reqs = crossRequests(ctx, a, (id, params) => id.startsWith('get') && params.length === 1);
        if (reqs.length === 0) ctx.skip('partner A has no resource of its own to read on this target');
        for (const { what, req } of reqs) judgeRefusal(ctx, what, await b.request(req), false);
      });
    },
  },
  {
    id: 'SEC-ISOLATION-CHILD-PATH',
    level: 'MUST',
    area: 'security',
    title: "A partner cannot list what hangs under another partner's resource (a customer's offers, a loan's transactions).",
    source: ISOLATION,
    needs: ['stateful', 'second-partner'],
    async run(ctx: CheckContext) {
      await asB(ctx, async (b, a) => {
        const reqs = crossRequests(ctx, a, (id) => id.startsWith('list'));
        ctx.ensure(reqs.length > 0, 'no child list could be probed', 'at least one', 0);
        for (const { what, req } of reqs) judgeRefusal(ctx, what, await b.request(req), false);
      });
    },
  },
  {
    id: 'SEC-ISOLATION-CHANGE',
    level: 'MUST',
    area: 'security',
    title: "A partner cannot change, transact on, rotate, delete or revoke another partner's resources, and the attempt changes nothing.",
    source: ISOLATION,
    needs: ['stateful', 'second-partner'],
    async run(ctx: CheckContext) {
      await asB(ctx, async (b, a) => {
        for (const { what, req } of crossRequests(ctx, a, (id) => !isRead(id))) judgeRefusal(ctx, what, await b.request(req), false);
        // Loan creation names A's offer in the body, not the path.
        if (a.offerId) {
          const t = termNames(ctx);
          const res = await b.request({
            method: 'POST',
            path: '/loans',
            json: {
              credit_offer_id: a.offerId,
              simulation_id: unknownIdFor('simulation_id'),
              [t.createCount]: 3,
              [t.createInstallment]: moneyValue(ctx, 10_000),
              first_due_date: '2030-01-10',
            },
            idempotencyKey: true,
          });
          judgeRefusal(ctx, "createLoan on partner A's offer", res, false);
        }
        const after = await ctx.api.request({ method: 'GET', path: `/customers/${a.customer.id}` });
        ctx.ensure(
          after.status === 200 && after.body.email === a.customer.email,
          "partner A's customer changed after partner B's attempts",
          a.customer.email,
          after.body?.email,
        );
        const ep = await ctx.api.request({ method: 'GET', path: `/webhooks/endpoints/${a.endpointId}` });
        ctx.ensure(ep.status === 200 && ep.body.description === 'isolation check', "partner A's endpoint changed or vanished", 'unchanged', {
          status: ep.status,
          body: ep.body,
        });
      });
    },
  },
  {
    id: 'SEC-ISOLATION-LIST',
    level: 'MUST',
    area: 'security',
    title: "A partner's lists and filters never show another partner's customers, offers, endpoints or credentials.",
    source: ISOLATION,
    needs: ['stateful', 'second-partner'],
    async run(ctx: CheckContext) {
      await asB(ctx, async (b, a) => {
        const probes: { what: string; req: ApiRequest; forbidden: string }[] = [
          { what: "GET /customers?cpf=<A's cpf>", req: { method: 'GET', path: '/customers', query: { cpf: a.customer.cpf } }, forbidden: a.customer.id },
          {
            what: "GET /customers?external_id=<A's>",
            req: { method: 'GET', path: '/customers', query: { external_id: a.customer.external_id ?? '' } },
            forbidden: a.customer.id,
          },
          { what: 'GET /customers', req: { method: 'GET', path: '/customers', query: { limit: 100 } }, forbidden: a.customer.id },
          { what: 'GET /webhooks/endpoints', req: { method: 'GET', path: '/webhooks/endpoints', query: { limit: 100 } }, forbidden: a.endpointId },
          { what: 'GET /auth/credentials', req: { method: 'GET', path: '/auth/credentials', query: { limit: 100 } }, forbidden: a.credentialId },
          {
            what: "GET /credit-offers?customer_id=<A's>",
            req: { method: 'GET', path: '/credit-offers', query: { customer_id: a.customer.id } },
            forbidden: a.customer.id,
          },
        ];
        if (a.offerId) probes.push({ what: 'GET /credit-offers', req: { method: 'GET', path: '/credit-offers', query: { limit: 100 } }, forbidden: a.offerId });
        for (const p of probes) {
          const res = await b.request(p.req);
          ctx.ensure(!res.text.includes(p.forbidden), `${p.what} as partner B shows partner A's data`, `nothing of ${p.forbidden}`, {
            status: res.status,
            body: res.body,
          });
          ctx.ensure(res.status < 500, `${p.what} as partner B: server error`, 'not 5xx', res.status);
        }
      });
    },
  },
  {
    id: 'SEC-ISOLATION-NOT-FOUND',
    level: 'SHOULD',
    area: 'security',
    title: "Another partner's resources answer 404, as if they did not exist (not 403).",
    source: ISOLATION,
    needs: ['stateful', 'second-partner'],
    async run(ctx: CheckContext) {
      await asB(ctx, async (b, a) => {
        const reqs = crossRequests(ctx, a, () => true);
        if (reqs.length === 0) ctx.skip('partner A has no resource of its own to aim at on this target');
        for (const { what, req } of reqs) judgeRefusal(ctx, what, await b.request(req), true);
      });
    },
  },
  {
    id: 'SEC-UNKNOWN-ID-404',
    level: 'MUST',
    area: 'security',
    title: 'A well-formed id that names nothing is a 404 problem on every operation that takes one.',
    source: 'decision 5; api-facts 1.7',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      let n = 0;
      for (const op of operations(ctx).filter((o) => o.secured && partnerCallable(ctx, o) && pathParamNames(o).length > 0)) {
        const req = probeRequest(op);
        if (op.id === 'updateCustomer') req.json = { email: 'nobody@example.com' };
        if (op.id === 'createSimulation') req.json = { requested_amount: moneyValue(ctx, 100_000), installment_count: 3 };
        const res = await ctx.api.request(req);
        expectProblem(ctx, res, { status: 404, what: `${op.id} on ${req.path}` });
        n++;
      }
      if (n === 0) ctx.skip('the contract has no operation the partner can call with a path id');
      ctx.note(`${n} operations answered 404 for unknown ids`);
    },
  },
  {
    id: 'SEC-FAILED-CREATE-LEAVES-NOTHING',
    level: 'MUST',
    area: 'security',
    title: 'A refused creation leaves nothing behind: the customer or endpoint it described is not listed afterwards.',
    source: 'seed 001 · Register a new customer; decision 5',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const cpf = newCpf();
      const externalId = uniqueExternalId('refused');
      const bad = await ctx.api.request({
        method: 'POST',
        path: '/customers',
        json: { ...newCustomerBody({ for: ctx }), cpf, external_id: externalId, email: 'not an email' },
      });
      expectProblem(ctx, bad, { what: 'a customer with an invalid email' });
      for (const query of [{ cpf }, { external_id: externalId }]) {
        const list = await ctx.api.request({ method: 'GET', path: '/customers', query });
        ctx.ensure(list.status === 200 && Array.isArray(list.body?.data) && list.body.data.length === 0, 'the refused customer is listed', 'an empty list', {
          query,
          status: list.status,
          body: list.body,
        });
      }
      const marker = `refused ${externalId}`;
      const badEp = await ctx.api.request({ method: 'POST', path: '/webhooks/endpoints', json: { url: 'not a url', description: marker } });
      if (badEp.status >= 200 && badEp.status < 300 && badEp.body?.id) await deleteQuietly(ctx, badEp.body.id);
      expectProblem(ctx, badEp, { what: 'a webhook endpoint with an invalid url' });
      const eps = await ctx.api.request({ method: 'GET', path: '/webhooks/endpoints', query: { limit: 100 } });
      ctx.ensure(!eps.text.includes(marker), 'the refused endpoint is listed', 'not listed', eps.body);
    },
  },
  {
    id: 'SEC-HOSTILE-NO-5XX',
    level: 'MUST',
    area: 'security',
    title:
      'Hostile input (huge or deeply nested bodies, unicode tricks, SQL and template metacharacters, wrong content types, malformed JSON) never gets a 5xx.',
    source: 'decision 5',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const customerId = ctx.target.capabilities.has('stateful') ? (await world(ctx)).customer?.id : undefined;
      for (const h of hostileRequests({ customerId })) {
        const res = await ctx.api.request(h.req);
        ctx.ensure(res.status < 500, `${h.what}: server error`, 'a status below 500', { status: res.status, body: res.text.slice(0, 300) });
      }
    },
  },
  {
    id: 'SEC-MALFORMED-JSON-REFUSED',
    level: 'MUST',
    area: 'security',
    title: 'A malformed JSON body is refused with a 4xx problem.',
    source: 'decision 5',
    async run(ctx: CheckContext) {
      for (const raw of ['{"cpf": ', "{'cpf': '123'}", '{"cpf":"1",}', 'NaN', '{"cpf":"1"}}', '\u0000{}']) {
        const res = await ctx.api.request({ method: 'POST', path: '/customers', raw, headers: { 'content-type': 'application/json' } });
        expectProblem(ctx, res, { what: `POST /customers with the body ${JSON.stringify(raw)}` });
      }
    },
  },
  {
    id: 'SEC-NO-LEAKS',
    level: 'MUST',
    area: 'security',
    title: 'No answer to hostile input carries a stack trace, a file path or a secret.',
    source: 'decision 5 (errors are problem documents)',
    timeoutMs: 60_000,
    async run(ctx: CheckContext) {
      const token = await ctx.api.token();
      const customerId = ctx.target.capabilities.has('stateful') ? (await world(ctx)).customer?.id : undefined;
      for (const h of hostileRequests({ customerId })) {
        const res = await ctx.api.request(h.req);
        const found = leaks(res.text, [token]);
        ctx.ensure(found.length === 0, `${h.what}: the answer leaks internals`, 'no stack trace, path or secret', { found, body: res.text.slice(0, 400) });
      }
    },
  },
  {
    id: 'SEC-STRINGS-STORED-VERBATIM',
    level: 'MUST',
    area: 'security',
    title: 'Strings with SQL, template or markup metacharacters and unusual unicode are stored and returned exactly as sent, never evaluated.',
    source: 'seed 001 · Register a new customer (name, trading_name are strings)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const names = [
        "Robert'); DROP TABLE customers;-- {{7*7}} ${7*7} <%= 7*7 %>",
        '<script>alert(1)</script> &amp; "quoted" \\ back',
        'Zoë \u202Eevil\u202C \u200Bzero\u200B width 👩🏽‍💼 ñ',
      ];
      for (const name of names) {
        // The string members the contract's registration takes (the SDK revision has no trading_name).
        const sent = customerBodyFor(ctx, { ...newCustomerBody({ cnpj: true, for: ctx }), name, trading_name: name });
        const members = (['name', 'trading_name'] as const).filter((k) => sent[k] === name);
        const c = await createCustomer(ctx, sent);
        const got = await ctx.api.request({ method: 'GET', path: `/customers/${c.id}` });
        ctx.ensure(
          got.status === 200 && members.every((k) => got.body[k] === name),
          'the stored name differs from the one sent',
          name,
          Object.fromEntries(members.map((k) => [k, got.body?.[k]])),
        );
      }
    },
  },
];
