// Customers (seed 001 · Customers, seed 000 · Customer registration): register, idempotent
// re-registration, retrieve, update, search. The partner may already have thousands of customers
// (a shared sandbox): list filters are read within a page budget, and a cut list is judged on the
// prefix read (noted).
import { randomBytes } from 'node:crypto';
import type { CheckContext } from '../../lib/checks/context.js';
import type { Check } from '../../lib/checks/types.js';
import {
  type Customer,
  type CustomerBody,
  cpfWithWrongCheckDigit,
  createCustomer,
  expectLocation,
  expectProblem,
  expectStatus,
  expectValid,
  getCustomer,
  newCnpj,
  newCustomerBody,
  newPhone,
  onlyDigits,
  readAll,
  readList,
  uniqueExternalId,
} from '../../lib/flows/index.js';

/** Pages read of a filter that may match most of a large list (status): 500 items judge it. */
const STATUS_PAGES = 5;

const REGISTER = 'seed 001 · Register a new customer';
const IDEMPOTENT = 'seed 001 · Registration Idempotency; seed 000';
const LIST = 'seed 001 · List customers';
const UPDATE = 'seed 001 · Update customer data';

async function register(ctx: CheckContext, body: CustomerBody) {
  return ctx.api.request({ method: 'POST', path: '/customers', json: body });
}

/** The members of a Customer that must survive every read and update untouched. */
function identity(c: Customer) {
  return { id: c.id, cpf: onlyDigits(c.cpf ?? ''), cnpj: c.cnpj ? onlyDigits(c.cnpj) : null, external_id: c.external_id, created_at: c.created_at };
}

/**
 * The customers a list filter returned (within the page budget), failing unless every one matches
 * `match` and `ours` is among them. Ours is the newest, so it is on the first pages of the default
 * order (newest first); only when the budget cut the list and ours was not in the prefix read is
 * its absence not judged (noted).
 */
async function filtered(
  ctx: CheckContext,
  query: Record<string, string>,
  ours: Customer,
  match: (c: Customer) => boolean,
  what: string,
  opts: { maxPages?: number } = {},
) {
  const { items, cut } = await readList<Customer>(ctx, '/customers', query, opts);
  const strangers = items.filter((c) => !match(c));
  if (strangers.length)
    ctx.fail(
      `GET /customers?${new URLSearchParams(query)} returned customers that do not match ${what}`,
      `only customers with ${what}`,
      strangers.slice(0, 3).map((c) => ({ id: c.id, cpf: c.cpf, external_id: c.external_id, status: c.status })),
    );
  if (!items.some((c) => c.id === ours.id)) {
    if (cut)
      ctx.note(
        `GET /customers?${new URLSearchParams(query)}: the customer just registered is not among the ${items.length} read; the rest of the list is not judged`,
      );
    else
      ctx.fail(
        `GET /customers?${new URLSearchParams(query)} does not return the customer just registered with ${what}`,
        ours.id,
        items.map((c) => c.id).slice(0, 10),
      );
  }
  return items;
}

export const checks: Check[] = [
  {
    id: 'CUST-CREATE-201-PENDING-KYC',
    level: 'MUST',
    area: 'customers',
    title: 'Registering a customer answers 201 with the customer in pending_kyc and the kyc array of what its profile needs.',
    source: REGISTER,
    revisions: ['docs'],
    revisionNote: 'the SDK revision registers a customer in creating, without its kyc requirements, which Dinie fills in afterwards (api-facts 2 K2, K7)',
    async run(ctx: CheckContext) {
      const body = newCustomerBody({ cnpj: true, for: ctx });
      const res = await register(ctx, body);
      expectStatus(ctx, res, 201, 'POST /customers with a new CPF/CNPJ');
      expectValid(ctx, 'createCustomer', res);
      ctx.ensure(res.body.status === 'pending_kyc', 'a new customer must be pending_kyc', 'pending_kyc', res.body.status);
      ctx.ensure(
        Array.isArray(res.body.kyc) && res.body.kyc.length > 0,
        'a new customer must list its KYC requirements',
        'a non-empty kyc array',
        res.body.kyc,
      );
      if (ctx.target.capabilities.has('stateful')) {
        ctx.ensure(onlyDigits(res.body.cpf) === onlyDigits(body.cpf), 'the customer must carry the CPF it was registered with', body.cpf, res.body.cpf);
        ctx.ensure(res.body.external_id === body.external_id, 'the customer must carry its external_id', body.external_id, res.body.external_id);
        ctx.ensure(
          res.body.email === body.email && res.body.phone === body.phone && res.body.name === body.name,
          'name, email and phone must be stored as sent',
          { name: body.name, email: body.email, phone: body.phone },
          { name: res.body.name, email: res.body.email, phone: res.body.phone },
        );
      }
    },
  },
  {
    id: 'CUST-CREATE-LOCATION',
    level: 'MUST',
    area: 'customers',
    title: 'The 201 of a customer registration carries Location: /v3/customers/{id}.',
    source: `${REGISTER}; decision 12`,
    async run(ctx: CheckContext) {
      const res = await register(ctx, newCustomerBody({ for: ctx }));
      expectStatus(ctx, res, 201, 'POST /customers');
      expectLocation(ctx, res, `/customers/${res.body.id}`, 'POST /customers');
    },
  },
  {
    id: 'CUST-IDEMPOTENT-CREATE',
    level: 'MUST',
    area: 'customers',
    title: 'Registering the same CPF/CNPJ with the same external_id again returns the existing customer with 200 OK.',
    source: IDEMPOTENT,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      for (const body of [newCustomerBody({ for: ctx }), newCustomerBody({ cnpj: true, for: ctx })]) {
        const first = await register(ctx, body);
        expectStatus(ctx, first, 201, 'first registration');
        const again = await register(ctx, body);
        expectStatus(ctx, again, 200, `registering the same ${body.cnpj ? 'CPF/CNPJ' : 'CPF'} + external_id again`);
        ctx.ensure(again.body?.id === first.body.id, 'the repeat must return the existing customer', first.body.id, again.body?.id);
        const found = await readAll<Customer>(ctx, '/customers', { external_id: body.external_id! });
        ctx.ensure(
          found.length === 1,
          'exactly one customer must exist for the external_id',
          1,
          found.map((c) => c.id),
        );
      }
    },
  },
  {
    id: 'CUST-IDEMPOTENT-ACROSS-FORMATS',
    level: 'MUST',
    area: 'customers',
    title: 'A CPF/CNPJ is the same whether sent masked or as plain digits: re-registering it in the other form returns the existing customer.',
    source: `${IDEMPOTENT}; ${REGISTER} (cpf "123.456.789-00")`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const masked = newCustomerBody({ cnpj: true, for: ctx });
      const first = await register(ctx, masked);
      expectStatus(ctx, first, 201, 'registration with a masked CPF/CNPJ');
      const plain = { ...masked, cpf: onlyDigits(masked.cpf), cnpj: onlyDigits(masked.cnpj!) };
      const again = await register(ctx, plain);
      expectStatus(ctx, again, 200, 'the same CPF/CNPJ and external_id sent as plain digits');
      ctx.ensure(again.body?.id === first.body.id, 'plain digits name the same customer as the masked form', first.body.id, again.body?.id);
      const other = await register(ctx, { ...plain, external_id: uniqueExternalId() });
      expectProblem(ctx, other, 'the plain-digit CPF/CNPJ with another external_id', [409]);
    },
  },
  {
    id: 'CUST-CONFLICT-OTHER-EXTERNAL-ID',
    level: 'MUST',
    area: 'customers',
    title: 'Registering a known CPF/CNPJ with a different external_id is refused with 409 Conflict.',
    source: IDEMPOTENT,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const body = newCustomerBody({ cnpj: true, for: ctx });
      const first = await register(ctx, body);
      expectStatus(ctx, first, 201, 'first registration');
      const other = await register(ctx, { ...body, external_id: uniqueExternalId() });
      expectProblem(ctx, other, 'the same CPF/CNPJ with another external_id', [409]);
      const person = newCustomerBody({ for: ctx });
      expectStatus(ctx, await register(ctx, person), 201, 'first registration (CPF only)');
      expectProblem(ctx, await register(ctx, { ...person, external_id: uniqueExternalId() }), 'the same CPF with another external_id', [409]);
    },
  },
  {
    id: 'CUST-CPF-CHECK-DIGITS',
    level: 'MUST',
    area: 'customers',
    title: 'A CPF or CNPJ whose check digits are wrong is refused with a 4xx problem and creates nothing.',
    source: `${REGISTER} (cpf, cnpj: format cpf/cnpj)`,
    // A static mock validates only the schema's shape; check digits need the target's own logic.
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const refused: CustomerBody[] = [];
      for (const masked of [true, false]) {
        const body = { ...newCustomerBody({ for: ctx }), cpf: cpfWithWrongCheckDigit({ masked }) };
        const res = await register(ctx, body);
        expectProblem(ctx, res, `POST /customers with the CPF ${body.cpf} (wrong check digit)`);
        refused.push(body);
      }
      const cnpj = newCnpj({ masked: false });
      const badCnpj = cnpj.slice(0, 13) + String((Number(cnpj[13]) + 1) % 10);
      const cnpjBody = { ...newCustomerBody({ for: ctx }), cnpj: badCnpj };
      expectProblem(ctx, await register(ctx, cnpjBody), `POST /customers with the CNPJ ${badCnpj} (wrong check digit)`);
      refused.push(cnpjBody);
      // "Creates nothing": each refused body carried its own external_id; none may be listed.
      for (const body of refused) {
        const list = await ctx.api.request({ method: 'GET', path: '/customers', query: { external_id: body.external_id ?? undefined } });
        expectStatus(ctx, list, 200, 'GET /customers?external_id= after the refusals');
        const stored = ((list.body?.data ?? []) as Customer[]).filter((c) => c.external_id === body.external_id);
        ctx.ensure(
          stored.length === 0,
          `the refused registration (CPF ${body.cpf}${body.cnpj ? `, CNPJ ${body.cnpj}` : ''}) created a customer`,
          'no customer with its external_id',
          stored.map((c) => ({ id: c.id, cpf: c.cpf, status: c.status })),
        );
      }
    },
  },
  {
    id: 'CUST-CREATE-REQUIRES-CPF',
    level: 'MUST',
    area: 'customers',
    title: 'A registration without cpf is refused with a 4xx problem.',
    source: `${REGISTER} (cpf required)`,
    async run(ctx: CheckContext) {
      const { cpf: _cpf, ...body } = newCustomerBody({ for: ctx });
      expectProblem(ctx, await register(ctx, body as CustomerBody), 'POST /customers without cpf');
    },
  },
  {
    id: 'CUST-VALIDATION-422-ERRORS',
    level: 'SHOULD',
    area: 'customers',
    title: 'An invalid registration is a 422 problem with code validation_failed and an errors entry naming the field.',
    source: 'decision 5',
    async run(ctx: CheckContext) {
      const res = await register(ctx, { ...newCustomerBody({ for: ctx }), phone: '11 99999-9999' });
      expectProblem(ctx, res, 'POST /customers with a phone outside E.164', [422]);
      ctx.ensure(res.body.code === 'validation_failed', 'the problem code must be validation_failed', 'validation_failed', res.body.code);
      const errors = Array.isArray(res.body.errors) ? res.body.errors : [];
      ctx.ensure(
        errors.some((e: { field?: unknown } | null) => String(e?.field ?? '').includes('phone')),
        'errors[] must name the phone field',
        '[{ field: "phone", message }]',
        res.body.errors,
      );
    },
  },
  {
    id: 'CUST-RETRIEVE-SAME',
    level: 'MUST',
    area: 'customers',
    title: 'Retrieving a customer returns the object registration returned.',
    source: 'seed 001 · Retrieve a customer',
    revisions: ['docs'],
    revisionNote:
      'in the SDK revision the registered customer (creating, no kyc) moves on to pending_kyc with its requirements by itself, so a later read is not the object registration returned (api-facts 2 K2)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const res = await register(ctx, newCustomerBody({ cnpj: true, for: ctx }));
      expectStatus(ctx, res, 201, 'POST /customers');
      const got = await ctx.api.request<Customer>({ method: 'GET', path: `/customers/${res.body.id}` });
      expectStatus(ctx, got, 200, 'GET /customers/{id}');
      expectValid(ctx, 'getCustomer', got);
      const { updated_at: _a, kyc: _k, ...created } = res.body;
      const { updated_at: _b, kyc: _l, ...read } = got.body;
      ctx.ensure(
        JSON.stringify(created) === JSON.stringify(read) ||
          Object.entries(created).every(([k, v]) => JSON.stringify((read as Record<string, unknown>)[k]) === JSON.stringify(v)),
        'GET must return the registered customer',
        created,
        read,
      );
      const types = (kyc: { type: string }[]) => kyc.map((i) => i.type);
      ctx.ensure(
        JSON.stringify(types(res.body.kyc)) === JSON.stringify(types(got.body.kyc)),
        'GET must list the same KYC items',
        types(res.body.kyc),
        types(got.body.kyc),
      );
    },
  },
  {
    id: 'CUST-UNKNOWN-404',
    level: 'MUST',
    area: 'customers',
    title: 'Retrieving a customer id that does not exist is a 404 problem.',
    source: 'decision 5; api-facts 1.7',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const res = await ctx.api.request({ method: 'GET', path: `/customers/cust_${randomBytes(16).toString('hex')}` });
      expectProblem(ctx, res, 'GET /customers/{unknown id}', [404]);
    },
  },
  {
    id: 'CUST-IMMUTABLE-CPF-EXTERNAL-ID',
    level: 'MUST',
    area: 'customers',
    title: 'cpf and external_id cannot be changed after registration: PATCH refuses or ignores them.',
    source: UPDATE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const before = identity(c);
      const attempts: Record<string, unknown>[] = [
        { cpf: newCustomerBody({ for: ctx }).cpf },
        { external_id: uniqueExternalId() },
        { cpf: newCustomerBody({ for: ctx }).cpf, email: `x${randomBytes(3).toString('hex')}@example.com` },
      ];
      for (const patch of attempts) {
        const res = await ctx.api.request({ method: 'PATCH', path: `/customers/${c.id}`, json: patch });
        if (res.status >= 500) ctx.fail(`PATCH ${JSON.stringify(patch)} answered ${res.status}`, '200 (ignored) or a 4xx problem', res.status);
        if (res.status >= 400) expectProblem(ctx, res, `PATCH ${Object.keys(patch).join(', ')}`);
        const after = identity(await getCustomer(ctx, c.id));
        ctx.ensure(JSON.stringify(after) === JSON.stringify(before), `PATCH ${JSON.stringify(patch)} changed an immutable member`, before, after);
        if (res.status === 200)
          ctx.ensure(
            JSON.stringify(identity(res.body)) === JSON.stringify(before),
            'the PATCH answer shows a changed immutable member',
            before,
            identity(res.body),
          );
      }
    },
  },
  {
    id: 'CUST-PATCH-CONTACT',
    level: 'MUST',
    area: 'customers',
    title: 'PATCH changes email and phone and answers 200 with the updated customer.',
    source: UPDATE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const patch = { email: `novo.${randomBytes(4).toString('hex')}@example.com`, phone: newPhone() };
      const res = await ctx.api.request<Customer>({ method: 'PATCH', path: `/customers/${c.id}`, json: patch });
      expectStatus(ctx, res, 200, 'PATCH /customers/{id} with email and phone');
      expectValid(ctx, 'updateCustomer', res);
      ctx.ensure(res.body.email === patch.email && res.body.phone === patch.phone, 'the answer must show the new email and phone', patch, {
        email: res.body.email,
        phone: res.body.phone,
      });
      const got = await getCustomer(ctx, c.id);
      ctx.ensure(got.email === patch.email && got.phone === patch.phone, 'GET must show the new email and phone', patch, {
        email: got.email,
        phone: got.phone,
      });
      ctx.ensure(JSON.stringify(identity(got)) === JSON.stringify(identity(c)), 'the update must leave the identity untouched', identity(c), identity(got));
    },
  },
  {
    id: 'CUST-FILTER-CPF',
    level: 'MUST',
    area: 'customers',
    title: 'GET /customers?cpf= returns exactly the customers with that CPF, masked or plain.',
    source: LIST,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const body = newCustomerBody({ for: ctx });
      const c = await createCustomer(ctx, body);
      await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const digits = onlyDigits(body.cpf);
      for (const cpf of [body.cpf, digits]) {
        const items = await filtered(ctx, { cpf }, c, (x) => onlyDigits(x.cpf) === digits, `CPF ${cpf}`);
        ctx.ensure(items.length === 1, `exactly one customer has the CPF ${cpf}`, 1, items.length);
      }
    },
  },
  {
    id: 'CUST-FILTER-EXTERNAL-ID',
    level: 'MUST',
    area: 'customers',
    title: 'GET /customers?external_id= returns exactly the customer with that partner reference.',
    source: LIST,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const items = await filtered(ctx, { external_id: c.external_id! }, c, (x) => x.external_id === c.external_id, `external_id ${c.external_id}`);
      ctx.ensure(items.length === 1, 'exactly one customer has this external_id', 1, items.length);
    },
  },
  {
    id: 'CUST-FILTER-STATUS',
    level: 'MUST',
    area: 'customers',
    title: 'GET /customers?status= returns only customers in that status.',
    source: `${LIST}; decision 15`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      await filtered(ctx, { status: 'pending_kyc' }, c, (x) => x.status === 'pending_kyc', 'status pending_kyc', { maxPages: STATUS_PAGES });
      const active = await readAll<Customer>(ctx, '/customers', { status: 'active' }, { maxPages: STATUS_PAGES });
      const wrong = active.filter((x) => x.status !== 'active');
      ctx.ensure(
        wrong.length === 0,
        'status=active returned customers in other statuses',
        'only active customers',
        wrong.map((x) => ({ id: x.id, status: x.status })),
      );
      ctx.ensure(!active.some((x) => x.id === c.id), 'status=active returned a customer that is pending_kyc', 'not listed', c.id);
    },
  },
];
