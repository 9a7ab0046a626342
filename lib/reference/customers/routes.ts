// Customers: registration (idempotent on CPF/CNPJ + external_id), search, retrieval, correction,
// KYC document upload and biometrics sessions.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Kernel } from '../kernel.js';
import type { CustomerRecord, DocumentRecord } from '../model.js';
import { ApiError, notFound, validationError } from '../problem.js';
import { pagePrefix } from '../sandbox/state.js';
import { registerKycAttachmentRoutes } from './attachments.js';
import { registerBankRoutes } from './bank-account.js';
import { createKycEngine, initialKyc, NOT_UPLOADABLE } from './kyc.js';
import { normaliseCnpj, normaliseCpf, objectBody, validateCreate, validatePatch } from './validate.js';
import { customerEventData, documentView } from './view.js';

export const ACCEPTED_DOCUMENT_TYPES = new Set(['application/pdf', 'image/jpeg', 'image/png']);
export const BIOMETRICS_SESSION_SECONDS = 15 * 60;
/** The single-use code of a session (the SDK revision's session URLs carry it): this prefix and the session id. */
export const BIOMETRICS_CODE_PREFIX = 'dinie_bsc_';

export interface BiometricsSession {
  partnerId: string;
  customerId: string;
  expiresAt: number;
  exchanged?: boolean;
}

/** A partner's biometrics sessions by id (the session page and the code exchange look them up). */
export function biometricsSessions(kernel: Kernel, partnerId: string): Map<string, BiometricsSession> {
  return kernel.store.partition(partnerId).collection<BiometricsSession>('biometricsSessions');
}

/** Moves a customer from one key of a lookup index to another (registration idempotency reads them). */
function reindex(index: Map<string, CustomerRecord[]>, customer: CustomerRecord, from: string | null, to: string | null) {
  if (from === to) return;
  if (from)
    index.set(
      from,
      (index.get(from) ?? []).filter((c) => c !== customer),
    );
  if (to) index.set(to, [...(index.get(to) ?? []), customer]);
}

function single(v: unknown): unknown {
  return Array.isArray(v) ? v[0] : v;
}

export function registerCustomerRoutes(app: FastifyInstance, kernel: Kernel) {
  const { faults, clock, store, wire } = kernel;
  const customerRules = wire.customerRules;
  const view = (c: CustomerRecord, opts?: { justRegistered?: boolean }) => wire.customer(kernel, c, opts);
  // Every POST and PATCH takes part in the idempotency cache where the revision says so.
  const writeIdempotent = wire.idempotentWrites;
  const kyc = createKycEngine(kernel);
  const idPrefix = faults.has('wrong-id-prefix') ? 'cus' : 'cust';
  const cursorPattern = faults.has('wrong-id-prefix') ? /^cus_[0-9a-f]{32}$/ : /^cust_[0-9a-f]{32}$/;
  // A customer's created_at is written to the millisecond (view.ts), and registrations one after
  // another get strictly later instants, as a database's microsecond timestamps do: so the list's
  // default order, newest first, is observable on customers made within one second.
  let lastCreatedMs = 0;
  let registrations = 0;
  const creationInstant = (): Date => {
    lastCreatedMs = Math.max(clock.nowMs(), lastCreatedMs + 1);
    // Fault `created-at-node-local-time`: every other registration is served by a node that writes its
    // local time (America/Sao_Paulo, UTC-3) as if it were UTC, so that customer reads three hours older.
    if (faults.has('created-at-node-local-time') && registrations++ % 2 === 1) return new Date(lastCreatedMs - 3 * 3_600_000);
    return new Date(lastCreatedMs);
  };

  /** This partner's customer, or 404 (another partner's customer is 404 too, unless a fault leaks it). */
  function own(request: FastifyRequest, opts: { leak?: boolean } = {}): CustomerRecord {
    const { customer_id } = request.params as { customer_id: string };
    const partnerId = request.caller!.partnerId;
    const found = store.partition(partnerId).customers.get(customer_id);
    if (found) return found;
    if (opts.leak || faults.has('cross-partner-403')) {
      const other = store.findAnywhere<CustomerRecord>('customers', customer_id);
      if (other && opts.leak) return other.item;
      // Fault `cross-partner-403`: another partner's customer is admitted to exist.
      if (other) throw new ApiError(403, 'forbidden', 'Forbidden', 'This customer belongs to another partner.');
    }
    throw notFound('Customer');
  }

  app.post('/v3/customers', { config: { operationId: 'createCustomer', idempotent: true, body: 'json' } }, async (request, reply) => {
    const partnerId = request.caller!.partnerId;
    // Fault `json-array-body-500`: a JSON array reaches code that expects an object.
    if (Array.isArray(request.body) && faults.has('json-array-body-500')) throw new TypeError('body.cpf is not a string');
    const body = objectBody(request.body);
    if (!body) throw validationError([{ field: '', message: 'must be a JSON object' }]);
    // Fault `invalid-email-500`: the e-mail's domain is read (split at '@') before validation, so an address without one throws (500).
    if (faults.has('invalid-email-500') && typeof body.email === 'string' && !body.email.includes('@')) {
      throw new TypeError("Cannot read properties of undefined (reading 'toLowerCase')");
    }
    // Fault `registration-500`: the registration's dependency is down.
    if (faults.has('registration-500')) throw new Error('customer registry unavailable');
    const rules = { checkDigits: !faults.has('cpf-check-digit-ignored') };
    // Fault `cpf-not-required`: a registration without cpf passes validation.
    // Fault `validation-errors-unnamed`: the field's name only travels in the message, errors[].field is empty.
    // Fault `cnpj-check-digit-ignored`: a CNPJ of the right shape passes whatever its check digits.
    const lenientCnpj =
      faults.has('cnpj-check-digit-ignored') && typeof body.cnpj === 'string' && /^\d{14}$/.test(body.cnpj.replace(/[./-]/g, ''))
        ? body.cnpj.replace(/\D/g, '').replace(/^(\d{2})(\d{3})(\d{3})(\d{4})(\d{2})$/, '$1.$2.$3/$4-$5')
        : null;
    const errors = validateCreate(body, rules, customerRules)
      .filter((e) => !(lenientCnpj && e.field === 'cnpj'))
      .filter((e) => !(faults.has('cpf-not-required') && e.field === 'cpf' && body.cpf === undefined))
      .map((e) => (faults.has('validation-errors-unnamed') ? { field: '', message: `${e.field} ${e.message}` } : e));
    // Fault `failed-create-persists`: the record is stored before the rest of the body is validated.
    // Fault `cpf-check-digit-checked-late`: the CPF's check digits are verified after the record is stored.
    const lateDigits =
      errors.length > 0 &&
      faults.has('cpf-check-digit-checked-late') &&
      errors.every((e) => e.field === 'cpf') &&
      normaliseCpf(body.cpf, { checkDigits: false }) != null;
    const persistFirst = (errors.length > 0 && faults.has('failed-create-persists') && normaliseCpf(body.cpf, rules) != null) || lateDigits;
    // Fault `registration-422-code-generic`: the registration's own validator answers with a generic code.
    if (errors.length && !persistFirst && faults.has('registration-422-code-generic')) {
      throw new ApiError(422, 'invalid_request', 'Invalid request', 'The request has invalid fields.', errors);
    }
    // Fault `cnpj-required`: registration requires a CNPJ, so a person (CPF only) cannot register.
    if (faults.has('cnpj-required') && body.cnpj == null) errors.push({ field: 'cnpj', message: 'is required' });
    if (errors.length && !persistFirst) throw validationError(errors);
    const cpf = normaliseCpf(body.cpf, lateDigits ? { checkDigits: false } : rules)!;
    const cnpj = body.cnpj == null ? null : (lenientCnpj ?? normaliseCnpj(body.cnpj));
    const externalId = (body.external_id as string | null | undefined) ?? null;
    const part = store.partition(partnerId);
    const byCpf = part.collection<CustomerRecord[]>('customersByCpf');
    const byCnpj = part.collection<CustomerRecord[]>('customersByCnpj');

    // Fault `cpf-format-sensitive`: the registration lookup keys on the CPF/CNPJ as sent, so masked and plain differ.
    const cpfKey = faults.has('cpf-format-sensitive') ? String(body.cpf) : cpf;
    const cnpjKey = cnpj && faults.has('cpf-format-sensitive') ? String(body.cnpj) : cnpj;
    // Fault `reads-from-lagging-replica`: the lookup reads a replica a second behind, blind to registrations just made.
    const lagging = faults.has('reads-from-lagging-replica');
    const existing = [...(byCpf.get(cpfKey) ?? []), ...(cnpjKey ? (byCnpj.get(cnpjKey) ?? []) : [])].filter(
      (c) => !lagging || clock.now().getTime() - c.createdAt.getTime() >= 1_000,
    );
    const same = existing.find((c) => c.external_id === externalId);
    if (same && !faults.has('idempotent-create-duplicates')) {
      reply.code(200);
      // Fault `reregistration-answers-new-id`: the 200 is built from the request with a freshly minted id.
      if (faults.has('reregistration-answers-new-id')) return { ...view(same), id: kernel.newId(idPrefix) };
      // Fault `reregistration-resets-kyc`: the upsert rewrites the KYC a new registration would get.
      if (faults.has('reregistration-resets-kyc')) {
        same.status = 'pending_kyc';
        same.kyc = initialKyc(wire.kycTemplates(same.cnpj !== null));
        same.updatedAt = new Date(Math.max(clock.nowMs(), same.createdAt.getTime()));
      }
      return view(same);
    }
    const other = existing.find((c) => c.external_id !== externalId);
    // Fault `conflict-missing-cpf-only`: the conflict is looked for only when a CNPJ is sent.
    if (other && !faults.has('conflict-missing') && !(cnpj === null && faults.has('conflict-missing-cpf-only'))) {
      throw new ApiError(409, 'customer_exists', 'Conflict', 'A customer with this CPF/CNPJ is already registered with another external_id.');
    }
    // Fault `business-kyc-identity-twice`: a business profile gets the owner's identity documents
    // from the person rules and again from the business rules.
    const kycTemplatesOf = (business: boolean) => {
      // Fault `person-profile-asked-ccmei`: every profile gets the business rules, a person's too.
      const templates = wire.kycTemplates((business || faults.has('person-profile-asked-ccmei')) && !faults.has('mei-profile-without-ccmei'));
      // Fault `person-profile-no-kyc-items`: the requirements are looked up by CNPJ, so a person (none) gets none.
      if (!business && faults.has('person-profile-no-kyc-items')) return [];
      if (!business || !faults.has('business-kyc-identity-twice')) return templates;
      return [...templates, ...templates.filter((t) => t.type.startsWith('identity_card'))];
    };
    const now = creationInstant();
    // Fault `names-html-escaped`: names are "sanitised" into HTML entities instead of stored as sent.
    const stored = (v: unknown) =>
      typeof v === 'string' && faults.has('names-html-escaped')
        ? v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
        : v;
    const customer: CustomerRecord = {
      id: kernel.newId(idPrefix),
      partnerId,
      status: 'pending_kyc',
      cpf,
      cnpj,
      // Fault `name-uppercased-on-create`: registration stores the name in capitals, as legacy core banking does.
      name:
        faults.has('name-uppercased-on-create') && typeof body.name === 'string'
          ? body.name.toUpperCase()
          : ((stored(body.name) as string | undefined) ?? null),
      email: (body.email as string | undefined) ?? null,
      phone: (body.phone as string | undefined) ?? null,
      trading_name: (stored(body.trading_name) as string | null | undefined) ?? null,
      external_id: externalId,
      kyc: initialKyc(kycTemplatesOf(cnpj !== null)).map((i) =>
        // Fault `new-kyc-items-uploaded-at-set`: the items' uploaded_at defaults to the registration time.
        faults.has('new-kyc-items-uploaded-at-set') ? { ...i, uploaded_at: kernel.toIso(now) } : i,
      ),
      createdAt: now,
      updatedAt: now,
    };
    part.customers.set(customer.id, customer);
    byCpf.set(cpfKey, [...(byCpf.get(cpfKey) ?? []), customer]);
    if (cnpjKey) byCnpj.set(cnpjKey, [...(byCnpj.get(cnpjKey) ?? []), customer]);
    if (persistFirst) throw validationError(errors);
    kernel.emit(partnerId, 'customer.created', {
      ...customerEventData(customer),
      ...(faults.has('customer-created-without-external-id') ? { external_id: null } : {}),
    });
    reply.code(201);
    if (!faults.has('location-missing')) reply.header('Location', faults.has('location-names-collection') ? '/v3/customers' : `/v3/customers/${customer.id}`);
    const created = view(customer, { justRegistered: true });
    // Fault `new-customer-kyc-missing`: the registration answer is built without the KYC requirements.
    if (faults.has('new-customer-kyc-missing') && 'kyc' in created) created.kyc = [];
    // Fault `new-customer-shown-active`: the answer's status is derived as "every submitted KYC item is
    // approved", which an empty submission list satisfies, so the 201 says active (the record is pending_kyc).
    if (faults.has('new-customer-shown-active')) created.status = 'active';
    // Fault `created-answer-without-external-id`: the answer is built before the partner reference is attached.
    if (faults.has('created-answer-without-external-id')) created.external_id = null;
    // Fault `created-answer-cpf-check-digits-unset`: the registry keeps a CPF's 9 base digits and its check
    // digits apart; the answer is built before the check digits are joined in, the base zero-padded to 11.
    if (faults.has('created-answer-cpf-check-digits-unset') && typeof created.cpf === 'string')
      created.cpf = created.cpf.replace(/\D/g, '').slice(0, 9).padStart(11, '0');
    return created;
  });

  app.get('/v3/customers', { config: { operationId: 'listCustomers' } }, async (request) => {
    const q = request.query as Record<string, unknown>;
    const errors: { field: string; message: string }[] = [];
    const cpfRaw = single(q.cpf);
    const cpf = cpfRaw === undefined ? undefined : normaliseCpf(cpfRaw, { checkDigits: false });
    if (cpf === null) errors.push({ field: 'cpf', message: 'must be a CPF, masked or 11 digits' });
    const status = single(q.status);
    if (status !== undefined && !customerRules.statuses.includes(status as string))
      errors.push({ field: 'status', message: `must be one of ${customerRules.statuses.join(', ')}` });
    const sort = (single(q.sort) ?? 'created_at') as string;
    if (!customerRules.sorts.includes(sort)) errors.push({ field: 'sort', message: `must be one of ${customerRules.sorts.join(', ')}` });
    const order = (single(q.order) ?? (faults.has('default-order-asc') ? 'asc' : 'desc')) as string;
    if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'must be asc or desc' });
    const externalId = single(q.external_id);
    if (faults.has('customer-sort-refused')) {
      for (const field of ['sort', 'order']) if (q[field] !== undefined) errors.push({ field, message: 'is not a known parameter' });
    }
    if (errors.length) throw validationError(errors);

    let items = [...store.partition(request.caller!.partnerId).customers.values()];
    // Fault `cross-partner-list-filter`: a search by CPF looks in every partner's customers.
    if (cpf && faults.has('cross-partner-list-filter')) items = store.partnerIds().flatMap((p) => [...store.partition(p).customers.values()]);
    if (cpf && !faults.has('cpf-filter-ignored')) items = items.filter((c) => c.cpf === cpf);
    if (typeof externalId === 'string' && !faults.has('external-id-filter-ignored')) items = items.filter((c) => c.external_id === externalId);
    // Fault `active-filter-derived-from-kyc`: status=active is answered from a view of the customers with
    // no submitted KYC item left unapproved (true of a new customer, who has submitted none), each shown active.
    const activeByKyc = status === 'active' && faults.has('active-filter-derived-from-kyc');
    const kycClear = (c: CustomerRecord) => c.kyc.filter((i) => i.status !== 'pending').every((i) => i.status === 'approved');
    if (activeByKyc) items = items.filter((c) => c.status === 'active' || kycClear(c));
    else if (status !== undefined && !faults.has('status-filter-ignored')) items = items.filter((c) => c.status === status);
    // Faults `cpf-filter-joins-kyc` / `external-id-filter-joins-kyc`: the search joins the customer's KYC
    // items without DISTINCT, so a customer is listed once per KYC item.
    if ((cpf && faults.has('cpf-filter-joins-kyc')) || (typeof externalId === 'string' && faults.has('external-id-filter-joins-kyc'))) {
      items = items.flatMap((c) => (c.kyc.length > 1 ? c.kyc.map(() => c) : [c]));
    }
    // Fault `customer-filter-no-match-500`: a search by cpf or external_id reads its first match unguarded.
    if ((cpf || typeof externalId === 'string') && faults.has('customer-filter-no-match-500') && items.length === 0) {
      throw new Error('no customer matches the filter');
    }
    const key = (c: CustomerRecord): string | number =>
      sort === 'name' ? (c.name ?? '') : sort === 'updated_at' ? c.updatedAt.getTime() : c.createdAt.getTime();
    const direction = order === 'asc' && !faults.has('order-ignored') ? 1 : -1;
    // Fault `default-order-only-when-filtered`: the default ORDER BY is attached where the filters are
    // built, so a list with no filter, sort or order comes in storage order (oldest first).
    const unfiltered = cpfRaw === undefined && status === undefined && externalId === undefined && q.sort === undefined && q.order === undefined;
    // Ties are broken by id so the order, and hence every cursor, is stable.
    if (!(unfiltered && faults.has('default-order-only-when-filtered')))
      items.sort((a, b) => {
        const ka = key(a),
          kb = key(b);
        const cmp = ka < kb ? -1 : ka > kb ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
        return cmp * direction;
      });
    const page = kernel.paginate(items, q, { cursorPattern });
    // Fault `customer-list-status-stale`: the list reads a status projection that missed the activation.
    // Fault `customer-list-status-lagging`: the list's projection lags one status behind (under_review
    // listed as pending_kyc, active as under_review).
    const LAG: Record<string, string> = { under_review: 'pending_kyc', active: 'under_review' };
    const listed = (c: CustomerRecord) => {
      if (activeByKyc) return { ...view(c), status: 'active' };
      if (faults.has('customer-list-status-stale') && c.status === 'active') return { ...view(c), status: 'under_review' };
      if (faults.has('customer-list-status-lagging') && LAG[c.status]) return { ...view(c), status: LAG[c.status] };
      return view(c);
    };
    return { data: page.data.map(listed), has_more: page.has_more };
  });

  app.get('/v3/customers/:customer_id', { config: { operationId: 'getCustomer' } }, async (request) => {
    // Fault `unknown-customer-200`: an id that exists nowhere is answered 200 with null.
    if (faults.has('unknown-customer-200') && !store.findAnywhere('customers', (request.params as { customer_id: string }).customer_id)) return null;
    const customer = own(request, { leak: faults.has('cross-partner-read') });
    // Fault `get-business-customer-500`: retrieval reads the business profile of a CNPJ customer unguarded.
    if (faults.has('get-business-customer-500') && customer.cnpj !== null) throw new TypeError("cannot read properties of undefined (reading 'legal_name')");
    const shown = view(customer);
    // Fault `get-customer-cnpj-unmasked`: retrieval shows the CNPJ as plain digits, registration answered it masked.
    if (faults.has('get-customer-cnpj-unmasked') && typeof shown.cnpj === 'string') shown.cnpj = shown.cnpj.replace(/\D/g, '');
    if (faults.has('response-missing-field')) delete shown.updated_at;
    return shown;
  });

  app.patch('/v3/customers/:customer_id', { config: { operationId: 'updateCustomer', body: 'json', idempotent: writeIdempotent } }, async (request, reply) => {
    // Fault `cross-partner-update-404-after-write`: ownership is checked after the write, so another
    // partner's PATCH is answered 404 but applied.
    const writeFirst = faults.has('cross-partner-update-404-after-write');
    const customer = own(request, { leak: faults.has('cross-partner-update') || writeFirst });
    const body = objectBody(request.body);
    if (!body) throw validationError([{ field: '', message: 'must be a JSON object' }]);
    // Fault `patch-immutable-500`: the guard for cpf/external_id throws a bare error instead of refusing.
    if (faults.has('patch-immutable-500') && (body.cpf !== undefined || body.external_id !== undefined)) {
      throw new Error('immutable member in PATCH body');
    }
    const errors = validatePatch(body, { allowCpf: faults.has('patch-changes-cpf') }, customerRules);
    // Fault `patch-answer-echoes-body`: external_id is ignored, not refused, but the answer merges the body in.
    const echo = faults.has('patch-answer-echoes-body') && errors.every((e) => e.field === 'external_id');
    // Fault `patch-refusal-not-problem`: a refused PATCH answers a bare {error} JSON body, not a problem.
    if (errors.length && !echo && faults.has('patch-refusal-not-problem')) {
      return reply
        .code(422)
        .type('application/json')
        .send({ error: errors.map((e) => `${e.field} ${e.message}`).join('; ') });
    }
    if (errors.length && !echo) throw validationError(errors);
    const part = store.partition(customer.partnerId);
    if (body.cpf !== undefined) {
      const cpf = normaliseCpf(body.cpf, { checkDigits: true })!;
      reindex(part.collection<CustomerRecord[]>('customersByCpf'), customer, customer.cpf, cpf);
      customer.cpf = cpf;
    }
    if (body.cnpj !== undefined) {
      const cnpj = body.cnpj === null ? null : normaliseCnpj(body.cnpj);
      reindex(part.collection<CustomerRecord[]>('customersByCnpj'), customer, customer.cnpj, cnpj);
      customer.cnpj = cnpj;
    }
    const unsaved = { email: customer.email, phone: customer.phone };
    for (const field of ['name', 'email', 'phone', 'trading_name'] as const) {
      if (field === 'phone' && faults.has('patch-phone-ignored')) continue; // Fault: the new phone is accepted but not stored.
      if (body[field] !== undefined) (customer as unknown as Record<string, unknown>)[field] = body[field];
    }
    // Fault `patch-replaces-customer`: PATCH applied as a replacement, so optional members the body
    // leaves out are written as null (external_id included, which is never to change).
    if (faults.has('patch-replaces-customer')) {
      for (const field of ['external_id', 'trading_name'] as const) if (body[field] === undefined) customer[field] = null;
    }
    customer.updatedAt = new Date(Math.max(clock.nowMs(), customer.createdAt.getTime()));
    if (!faults.has('patch-does-not-resume-correction')) kyc.corrected(customer);
    if (writeFirst && customer.partnerId !== request.caller!.partnerId) throw notFound('Customer');
    if (echo) return { ...view(customer), ...body };
    // Fault `patch-contact-unsaved`: the new email and phone are applied to the answer but the write is lost.
    if (faults.has('patch-contact-unsaved')) {
      const shown = view(customer);
      Object.assign(customer, unsaved);
      return shown;
    }
    // Fault `patch-answers-204`: a successful update answers 204 No Content instead of 200 with the customer.
    if (faults.has('patch-answers-204')) return reply.code(204).send();
    const updated = view(customer);
    // Fault `patch-answer-omits-kyc`: the update's answer is built without the KYC items.
    if (faults.has('patch-answer-omits-kyc')) delete (updated as { kyc?: unknown }).kyc;
    return updated;
  });

  // The documentation revision's upload; the SDK revision's kyc-attachments routes are in attachments.ts.
  if (wire.kycUpload === 'documents')
    app.post(
      '/v3/customers/:customer_id/documents',
      { config: { operationId: 'uploadDocument', idempotent: true, body: 'multipart' } },
      async (request, reply) => {
        const customer = own(request);
        const body = objectBody(request.body) ?? {};
        const type = body.type;
        const file = body.file;
        const errors: { field: string; message: string }[] = [];
        if (typeof type !== 'string' || type === '') errors.push({ field: 'type', message: 'is required' });
        if (!Buffer.isBuffer(file)) errors.push({ field: 'file', message: 'is required: one file part' });
        if (errors.length) throw validationError(errors);
        const item = customer.kyc.find((i) => i.type === type);
        const outsideKyc = item?.kind !== 'document' || NOT_UPLOADABLE.has(type as string);
        if (outsideKyc && !faults.has('document-type-outside-kyc-accepted')) {
          throw validationError([
            {
              field: 'type',
              message: `must be one of the customer's document KYC types: ${customer.kyc
                .filter((i) => i.kind === 'document' && !NOT_UPLOADABLE.has(i.type))
                .map((i) => i.type)
                .join(', ')}`,
            },
          ]);
        }
        const buffer = file as Buffer;
        let mime = (await fileTypeFromBuffer(buffer))?.mime as string | undefined;
        if (faults.has('document-content-not-sniffed') && !mime) mime = 'application/pdf';
        if (!mime || !ACCEPTED_DOCUMENT_TYPES.has(mime) || (faults.has('png-upload-refused') && mime === 'image/png')) {
          // Fault `refused-upload-marks-submitted`: the item is marked submitted before the file is judged, and a refusal leaves it so.
          if (faults.has('refused-upload-marks-submitted') && item && item.status !== 'approved') kyc.submit(customer, type as string);
          throw new ApiError(415, 'unsupported_file_type', 'Unsupported file type', 'The file must be a PDF, JPEG or PNG (judged by its content).');
        }
        if (item?.status === 'approved') {
          throw new ApiError(409, 'kyc_item_already_approved', 'Conflict', `The KYC item \`${type}\` is already approved.`);
        }
        const now = clock.now();
        const doc: DocumentRecord = {
          id: kernel.newId('doc'),
          customerId: customer.id,
          type: type as string,
          status: 'submitted',
          mime,
          size: buffer.length,
          uploadedAt: now,
          createdAt: now,
          updatedAt: now,
        };
        store.partition(customer.partnerId).documents.set(doc.id, doc);
        if (!outsideKyc) kyc.submit(customer, type as string, { filename: request.uploadFilename });
        reply.code(201);
        if (!faults.has('document-location-missing')) reply.header('Location', `/v3/customers/${customer.id}/documents/${doc.id}`);
        // Fault `upload-answers-first-document`: the answer is read back as the customer's first document.
        const answered = faults.has('upload-answers-first-document')
          ? ([...store.partition(customer.partnerId).documents.values()].find((d) => d.customerId === customer.id) ?? doc)
          : doc;
        return documentView(kernel, answered);
      },
    );

  app.post(
    '/v3/customers/:customer_id/biometrics',
    { config: { operationId: 'createBiometricsSession', idempotent: true, body: 'json', bodyOptional: true } },
    async (request, reply) => {
      const customer = own(request);
      wire.biometricsBody(request.body);
      // The item the capture stands for: `biometrics` (docs), or the `selfie` Dinie's KYC app takes (sdk).
      const item = customer.kyc.find((i) => i.type === wire.biometricsItem);
      if (!item) throw new ApiError(409, 'biometrics_not_required', 'Conflict', 'This customer has no biometrics requirement.');
      if (item.status === 'approved' || item.status === 'submitted') {
        throw new ApiError(409, 'biometrics_already_done', 'Conflict', `The biometrics capture is already ${item.status}.`);
      }
      const sessionId = randomBytes(16).toString('hex');
      const expiresAt = clock.nowMs() + BIOMETRICS_SESSION_SECONDS * 1000;
      biometricsSessions(kernel, customer.partnerId).set(sessionId, { partnerId: customer.partnerId, customerId: customer.id, expiresAt });
      kyc.scheduleSubmit(customer, wire.biometricsItem);
      if (faults.has('biometrics-session-201')) reply.code(201);
      // Fault `biometrics-expiry-local-time`: the expiry is written in São Paulo time (UTC-3) but marked UTC.
      const shownExpiry = faults.has('biometrics-expiry-local-time') ? expiresAt - 3 * 3600 * 1000 : expiresAt;
      const session = wire.biometricsSession(
        kernel,
        // Fault `biometrics-session-deep-link`: the URL is the KYC app's deep link, which no webview opens.
        faults.has('biometrics-session-deep-link') ? `dinie://biometrics/${sessionId}` : `${kernel.origin}${pagePrefix(kernel)}/biometrics/${sessionId}`,
        `${BIOMETRICS_CODE_PREFIX}${sessionId}`,
        shownExpiry,
      );
      // Fault `biometrics-session-without-expiry`: the vendor's session carries no expiry, and none is added.
      if (faults.has('biometrics-session-without-expiry')) return { session_url: session.session_url };
      return session;
    },
  );

  // The page a biometrics session URL points at; outside the contract (part of the simulation;
  // under /sandbox in sandbox mode, where nothing answers under /_simulation).
  app.get(`${pagePrefix(kernel)}/biometrics/:session_id`, { config: { public: true } }, async (request, reply) => {
    const { session_id } = request.params as { session_id: string };
    const session = store.findAnywhere<BiometricsSession>('biometricsSessions', session_id)?.item;
    if (!session || session.expiresAt <= clock.nowMs())
      throw new ApiError(404, 'not_found', 'Not found', 'This biometrics session does not exist or has expired.');
    reply.type('text/html; charset=utf-8');
    return kernel.options.sandbox
      ? '<!doctype html><title>Biometric capture</title><p>Sandbox biometric capture: it completes by itself shortly.</p>'
      : '<!doctype html><title>Biometric capture</title><p>Simulated biometric capture. Complete it with the simulation control API.</p>';
  });

  if (wire.kycUpload === 'attachments') registerKycAttachmentRoutes(app, kernel, { kyc, own });
  if (wire.bankAccounts) registerBankRoutes(app, kernel, own);
  return { kyc };
}
