// KYC (seed 000 · Customer registration, seed 001 · Customers and customer.* webhooks, decisions
// "KYC"): what a profile must submit, uploads, the review and the status it drives.

import type { CheckContext, Delivery } from '../../lib/checks/context.js';
import { triggerMembers } from '../../lib/checks/driver.js';
import type { Check } from '../../lib/checks/types.js';
import {
  approveAllKyc,
  type Customer,
  type CustomerBody,
  createCustomer,
  customerBodyFor,
  dialectOf,
  eventsAbout,
  expectGoodDelivery,
  expectLocation,
  expectProblem,
  expectStatus,
  expectValid,
  getCustomer,
  gifPretendingToBePng,
  hasReviewStep,
  instantMs,
  type KycNeed,
  kycNeeds,
  newCustomerBody,
  postDocument,
  postEvidence,
  requestKycReview,
  sampleFor,
  sampleJpeg,
  samplePdf,
  samplePng,
  submitAllKyc,
  submitEvidence,
  textPretendingToBePdf,
  waitForCustomerStatus,
} from '../../lib/flows/index.js';
import type { KycDocument } from '../../lib/flows/resources.js';
import type { ValueTrigger } from '../../lib/targets/types.js';

const UPLOAD = 'seed 001 · Upload a KYC document';
const LIFECYCLE = 'seed 001 · Customers lifecycle; seed 000 · status table';
const HOOKS = 'seed 001 · Customers webhooks';

const uploadable = (c: Customer) => c.kyc.filter((i) => i.kind === 'document' && i.type !== 'biometrics');
const itemOf = (c: Customer, type: string) => c.kyc.find((i) => i.type === type);
/** The customer's requirements as the contract's KYC step reads them (lib/flows/revision/kyc.ts). */
const needsOf = (ctx: CheckContext, c: Customer) => kycNeeds(ctx, c);
const uploadableNeeds = (ctx: CheckContext, c: Customer) => needsOf(ctx, c).filter((n) => n.uploadable);
const needOf = (ctx: CheckContext, c: Customer, key: string) => needsOf(ctx, c).find((n) => n.key === key);
/** A docs-only requirement's note: what the SDK revision does instead. */
const DOCS_ONLY = ['docs'] as const;

/**
 * Submits the open items of a new customer through the API and the driver; fails unless its review
 * has started afterwards. A planned trigger goes on the registration or the first upload.
 */
async function submitted(ctx: CheckContext, trigger?: ValueTrigger): Promise<Customer> {
  const c = await createCustomer(ctx, { ...newCustomerBody({ for: ctx }), ...triggerMembers(trigger, 'customer') });
  const after = await submitAllKyc(ctx, c, { trigger });
  if (after.status !== 'pending_kyc' || ctx.driver.mode === 'control') return after;
  // A target reviewing by itself may be through under_review (a few quick steps) between two
  // polls, e.g. while the client waits out a rate-limit window: the wait is for the review to have
  // started. Whether under_review came, and in order, is judged from the events where it matters.
  return ctx.eventually(
    () => getCustomer(ctx, c.id),
    (x) => x.status !== 'pending_kyc',
    { what: `customer ${c.id} to leave pending_kyc (under_review, or already past it)` },
  );
}

/** Submits one requirement: its evidence, or for biometrics a session completed through the driver. */
async function submitItem(ctx: CheckContext, customerId: string, item: KycNeed): Promise<void> {
  if (item.biometric) {
    expectStatus(ctx, await ctx.api.request({ method: 'POST', path: `/customers/${customerId}/biometrics` }), 200, `start biometrics for ${customerId}`);
    await ctx.driver.decideKyc(customerId, item.key, 'submit');
  } else if (item.uploadable) {
    await submitEvidence(ctx, customerId, item);
  } else {
    await ctx.driver.decideKyc(customerId, item.key, 'submit');
  }
}

/** The customer's status as GET /customers (filtered by its external_id) lists it. */
async function listedStatus(ctx: CheckContext, c: Customer): Promise<string | undefined> {
  const res = await ctx.api.request({ method: 'GET', path: '/customers', query: { external_id: c.external_id ?? undefined } });
  expectStatus(ctx, res, 200, 'GET /customers?external_id=');
  return (res.body?.data as Customer[] | undefined)?.find((x) => x.id === c.id)?.status;
}

/** A customer that had one item held back (approved last), and how it was registered. */
interface HeldBack {
  type: string;
  customer: Customer;
  body: CustomerBody;
}

/** Whether every requirement reads approved (`approved`, or a review_status `accepted`). */
const allApproved = (ctx: CheckContext, c: Customer) => needsOf(ctx, c).every((n) => n.state === 'approved');

export const checks: Check[] = [
  {
    id: 'KYC-ITEMS-BY-PROFILE',
    level: 'MUST',
    area: 'kyc',
    title: 'The kyc array lists what the profile needs: a business (CNPJ/MEI) profile includes ccmei, a person profile does not.',
    source: 'seed 000 · Register the business; seed 001 · Register a new customer',
    needs: ['stateful'],
    revisions: DOCS_ONLY,
    revisionNote:
      "the SDK revision's KYC requirements are typed by requirement_type (company_document, identity, selfie, email) and carry no status, message or uploaded_at (api-facts 2 K7-K9)",
    async run(ctx: CheckContext) {
      const mei = await createCustomer(ctx, newCustomerBody({ cnpj: true, for: ctx }));
      const person = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      ctx.ensure(
        itemOf(mei, 'ccmei'),
        'a CNPJ (MEI) profile must be asked for the ccmei document',
        'an item of type ccmei',
        mei.kyc.map((i) => i.type),
      );
      ctx.ensure(
        !itemOf(person, 'ccmei'),
        'a person profile (no CNPJ) must not be asked for ccmei',
        'no ccmei item',
        person.kyc.map((i) => i.type),
      );
      for (const c of [mei, person]) {
        ctx.ensure(c.kyc.length > 0, 'every new customer has KYC requirements', 'a non-empty kyc array', c.kyc);
        const notFresh = c.kyc.filter((i) => i.status !== 'pending' || i.message !== null || i.uploaded_at !== null);
        ctx.ensure(
          notFresh.length === 0,
          "a new customer's items are pending, without message or upload time",
          'status pending, message null, uploaded_at null',
          notFresh,
        );
        const types = c.kyc.map((i) => i.type);
        ctx.ensure(new Set(types).size === types.length, 'each KYC type is listed once', 'unique types', types);
      }
    },
  },
  {
    id: 'KYC-UPLOAD-LISTED',
    level: 'MUST',
    area: 'kyc',
    title: 'Every document type the kyc array lists can be uploaded as PDF, JPEG or PNG: 201 with a submitted Document.',
    source: `${UPLOAD}; seed 000 · supported formats`,
    needs: ['stateful'],
    revisions: DOCS_ONLY,
    revisionNote:
      'the SDK revision uploads attachments to POST /customers/{id}/kyc-attachments, answered {attachment_type, submitted} with no Document (api-facts 2 P3-P5)',
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ cnpj: true, for: ctx }));
      const formats = [samplePdf, samplePng, sampleJpeg];
      const docs = uploadable(c);
      // A business asked for no document at all is KYC-ITEMS-BY-PROFILE's failure; here nothing is left to judge.
      if (docs.length === 0) ctx.skip('the business customer lists no uploadable document');
      for (const [n, item] of docs.entries()) {
        const file = item.type === 'selfie' ? sampleJpeg() : formats[n % formats.length]!();
        const res = await postDocument<KycDocument>(ctx, c.id, item.type, file);
        expectStatus(ctx, res, 201, `upload ${item.type} as ${file.contentType}`);
        expectValid(ctx, 'uploadDocument', res);
        ctx.ensure(
          /^doc_[0-9a-f]{32}$/.test(res.body.id) && res.body.type === item.type && res.body.status === 'submitted',
          'the answer is the submitted Document of that type',
          { id: 'doc_…', type: item.type, status: 'submitted' },
          res.body,
        );
      }
      const after = await getCustomer(ctx, c.id);
      for (const item of docs) {
        const now = itemOf(after, item.type);
        ctx.ensure(
          now && now.status !== 'pending' && now.uploaded_at !== null,
          `after the upload the ${item.type} item is submitted with uploaded_at`,
          'submitted, uploaded_at set',
          now,
        );
      }
    },
  },
  {
    id: 'KYC-UPLOAD-LOCATION',
    level: 'MUST',
    area: 'kyc',
    title: 'The 201 of a document upload carries Location: /v3/customers/{id}/documents/{doc_id}.',
    source: `${UPLOAD}; decision 12`,
    needs: ['stateful'],
    revisions: DOCS_ONLY,
    revisionNote: "the SDK revision's kyc-attachments upload creates no document with an id to name (api-facts 2 P5)",
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const item = uploadable(c)[0];
      if (!item) ctx.skip('the customer lists no uploadable document');
      const res = await postDocument<KycDocument>(ctx, c.id, item.type, sampleFor(item.type));
      expectStatus(ctx, res, 201, `upload ${item.type}`);
      expectLocation(ctx, res, `/customers/${c.id}/documents/${res.body.id}`, 'POST /customers/{id}/documents');
    },
  },
  {
    id: 'KYC-UPLOAD-UNLISTED-422',
    level: 'MUST',
    area: 'kyc',
    title: "Uploading a document type that is not in the customer's kyc array is refused with 422.",
    source: 'seed 000 · Only upload the types listed in the kyc array; decisions (KYC)',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const person = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      // A business-only type, and one no profile has (as the contract's upload step names them).
      for (const [key, type] of [
        ['ccmei', 'company_document'],
        ['passport_scan', 'passport_scan'],
      ] as const) {
        if (needOf(ctx, person, key) || needsOf(ctx, person).some((n) => n.type === type)) continue;
        const res = await postEvidence(ctx, person.id, { key, type }, samplePdf());
        expectProblem(ctx, res, `upload of ${key}, which the kyc array does not list`, [422]);
      }
      const after = await getCustomer(ctx, person.id);
      ctx.ensure(
        needsOf(ctx, after).every((n) => n.state === 'open'),
        'a refused upload changes no KYC item',
        'all pending',
        after.kyc,
      );
    },
  },
  {
    id: 'KYC-UPLOAD-CONTENT-SNIFFED',
    level: 'MUST',
    area: 'kyc',
    title: 'A file that is not a PDF, JPEG or PNG by content is refused with a 4xx problem, whatever its name and content type.',
    source: 'decisions (KYC); seed 000 · supported formats',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ cnpj: true, for: ctx }));
      // A file requirement (not a value one such as the SDK revision's email).
      const need = needOf(ctx, c, 'ccmei') ?? uploadableNeeds(ctx, c).find((n) => n.type !== 'email');
      if (!need) ctx.skip('the customer lists no uploadable document');
      for (const file of [textPretendingToBePdf(), gifPretendingToBePng()]) {
        const res = await postEvidence(ctx, c.id, need, file);
        expectProblem(ctx, res, `upload of ${file.filename} (${file.contentType}) whose content is not PDF/JPEG/PNG`);
      }
      const now = needOf(ctx, await getCustomer(ctx, c.id), need.key);
      ctx.ensure(now?.state === 'open', `the refused files must leave ${need.key} pending`, 'pending', now?.raw);
    },
  },
  {
    id: 'KYC-UNDER-REVIEW-WHEN-COMPLETE',
    level: 'MUST',
    area: 'kyc',
    title: 'The customer stays pending_kyc until every item is submitted, then moves to under_review (not straight to active).',
    source: LIFECYCLE,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      // A target that reviews by itself may approve before we look: then only the events can tell.
      const watch =
        ctx.driver.mode === 'control'
          ? undefined
          : ctx.webhooks.available
            ? (await ctx.webhooks.subscribe(ctx.api, ['customer.*'])).sink
            : ctx.skip('without the control API the review cannot be held still, and without webhooks the under_review step cannot be seen', ['webhooks']);
      const c = await createCustomer(ctx, newCustomerBody({ cnpj: true, for: ctx }));
      const first = uploadableNeeds(ctx, c)[0]!;
      await submitEvidence(ctx, c.id, first);
      const partial = await getCustomer(ctx, c.id);
      ctx.ensure(partial.status === 'pending_kyc', 'with items still pending the customer stays pending_kyc', 'pending_kyc', partial.status);
      const done = await submitAllKyc(ctx, partial);
      if (!watch) {
        ctx.ensure(
          needsOf(ctx, done).every((n) => n.state === 'submitted'),
          'every item is submitted',
          'all submitted',
          done.kyc,
        );
        ctx.ensure(done.status === 'under_review', 'once everything is submitted the customer is under_review', 'under_review', done.status);
        return;
      }
      await waitForCustomerStatus(ctx, c.id, 'active');
      await watch.waitFor((x) => x.type === 'customer.active' && x.payload?.data?.id === c.id, {
        timeoutMs: ctx.timeoutMs,
        what: `customer.active for ${c.id}`,
      });
      const order = eventsAbout(watch, c.id, 'customer.', ctx)
        .map((d) => d.type)
        .filter((t) => t === 'customer.under_review' || t === 'customer.active');
      ctx.ensure(
        order[0] === 'customer.under_review',
        'the customer passes through under_review before active',
        ['customer.under_review', 'customer.active'],
        order,
      );
    },
  },
  {
    id: 'KYC-ACTIVE-WHEN-APPROVED',
    level: 'MUST',
    area: 'kyc',
    title:
      'The customer becomes active only when every KYC item is approved: while any one item is missing or under review it is not active, as read and as listed; once active it stays active, read and listed again at the end, after other customers went their way and its own registration was sent again.',
    source: LIFECYCLE,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      if (ctx.driver.mode !== 'control') {
        const c = await submitted(ctx);
        // The target approves by itself: every state it shows on the way is judged.
        const seen: Customer[] = [];
        await ctx.eventually(
          async () => {
            const now = await getCustomer(ctx, c.id);
            seen.push(now);
            return now;
          },
          (x) => x.status === 'active',
          { what: `customer ${c.id} to become active`, intervalMs: 150 },
        );
        const early = seen.filter((x) => x.status === 'active' && !allApproved(ctx, x));
        ctx.ensure(
          early.length === 0,
          'a customer reads active only with every item approved',
          'all approved when active',
          early.map((x) => x.kyc),
        );
        const partial = seen.filter((x) => x.status !== 'active' && needsOf(ctx, x).some((n) => n.state === 'approved'));
        ctx.note(
          `${seen.length} observations; ${partial.length} showed some items approved while the customer was still ${partial[0]?.status ?? 'under_review'}`,
        );
        return;
      }
      // Any item counts: one customer per item holds that item back, first missing (never
      // submitted) while every other item is approved, then under review, and only its approval
      // may make the customer active.
      const firstBody = newCustomerBody({ for: ctx });
      const first = await createCustomer(ctx, firstBody);
      if (needsOf(ctx, first).length === 0) ctx.skip('the customer lists no KYC requirement to hold back');
      // Requirements are matched by type: a person-level key names its subject (SDK revision).
      const reviewStep = hasReviewStep(ctx);
      const outcomes = await Promise.all(
        needsOf(ctx, first).map(async (item, k): Promise<HeldBack | { type: string; askedFor: string[] }> => {
          const body = k === 0 ? firstBody : newCustomerBody({ for: ctx });
          const fresh = k === 0 ? first : await createCustomer(ctx, body);
          const needs = needsOf(ctx, fresh);
          const own = needs.find((n) => n.type === item.type);
          // The pages name no fixed list per profile (only examples): a target may ask another
          // customer for other items. That item is then not held back, and the run says so.
          if (!own) return { type: item.type, askedFor: needs.map((n) => n.type) };
          for (const other of needs) if (other.key !== own.key) await submitItem(ctx, fresh.id, other);
          // Where the contract has a review request (SDK revision), nothing is reviewed before it, and
          // it is made once everything is submitted: the others are approved after it.
          const approveOthers = async () => {
            for (const other of needs) if (other.key !== own.key) await ctx.driver.decideKyc(fresh.id, other.key, 'approve');
          };
          if (!reviewStep) await approveOthers();
          const missing = await getCustomer(ctx, fresh.id);
          ctx.ensure(
            missing.status === 'pending_kyc',
            `with ${item.type} never submitted and every other item ${reviewStep ? 'submitted' : 'approved'} the customer stays pending_kyc`,
            'pending_kyc',
            { status: missing.status, kyc: missing.kyc },
          );
          await submitItem(ctx, fresh.id, own);
          await requestKycReview(ctx, fresh.id);
          if (reviewStep) await approveOthers();
          const reviewing = await getCustomer(ctx, fresh.id);
          ctx.ensure(
            reviewing.status === 'under_review',
            `with ${item.type} submitted but not yet approved the customer is under_review, not active`,
            'under_review',
            { status: reviewing.status, kyc: reviewing.kyc },
          );
          const listed = await listedStatus(ctx, fresh);
          ctx.ensure(
            listed === 'under_review',
            `GET /customers lists the customer with ${item.type} still under review as under_review`,
            'under_review',
            listed,
          );
          await ctx.driver.decideKyc(fresh.id, own.key, 'approve');
          const active = await getCustomer(ctx, fresh.id);
          ctx.ensure(active.status === 'active', `with ${item.type} approved last the customer is active`, 'active', active.status);
          ctx.ensure(allApproved(ctx, active), 'every item of the active customer reads approved', 'all approved', active.kyc);
          return { type: item.type, customer: fresh, body };
        }),
      );
      const held = outcomes.flatMap((o) => ('customer' in o ? [o] : []));
      const notHeld = outcomes.flatMap((o) => ('askedFor' in o ? [o] : []));
      ctx.note(
        `held back, one customer each: ${held.map((h) => h.type).join(', ')}${
          notHeld.length
            ? `; not held back (the customer registered for it was not asked for it): ${notHeld.map((o) => `${o.type} (asked for ${o.askedFor.join(', ')})`).join('; ')}`
            : ''
        }`,
      );
      // Active is where a customer's KYC ends: once every other customer went its way, and its
      // registration was sent again (documented to answer 200 with the existing customer), each is
      // read again, on its own and in the list.
      for (const { type, customer, body } of held) {
        const again = await ctx.api.request({ method: 'POST', path: '/customers', json: customerBodyFor(ctx, body) });
        expectStatus(ctx, again, 200, `register the active customer (${type} approved last) again, same CPF and external_id`);
        const reread = await getCustomer(ctx, customer.id);
        ctx.ensure(reread.status === 'active', `the customer that had ${type} approved last, read again at the end, is still active`, 'active', reread.status);
        const listed = await listedStatus(ctx, customer);
        ctx.ensure(listed === 'active', `GET /customers lists the active customer (${type} approved last) as active`, 'active', listed);
      }
    },
  },
  {
    id: 'KYC-REJECTION-RESUBMISSION',
    level: 'MUST',
    area: 'kyc',
    title: "A rejected document becomes pending_resubmission with the reviewer's message, and a new upload resubmits it.",
    source: `${LIFECYCLE}; seed 001 · kyc[].status, kyc[].message`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await submitted(ctx, ctx.driver.plan('kyc.reject'));
      const need = uploadableNeeds(ctx, c)[0];
      if (!need) ctx.skip('the customer lists no uploadable document to reject');
      const type = need.key;
      const message = 'Imagem ilegível; envie uma foto nítida.';
      // With the control API every other item is approved first, so the rejection is the last review
      // and alone stands between the customer and active.
      if (ctx.driver.mode === 'control') {
        for (const other of needsOf(ctx, c)) if (other.key !== type) await ctx.driver.decideKyc(c.id, other.key, 'approve');
      }
      await ctx.driver.decideKyc(c.id, type, 'reject', message);
      const rejected = await getCustomer(ctx, c.id);
      const item = needOf(ctx, rejected, type);
      ctx.ensure(
        item?.state === 'rejected',
        `the rejected ${type} reads rejected (pending_resubmission, or a review_status rejected)`,
        'pending_resubmission',
        item?.raw,
      );
      ctx.ensure(
        typeof item.message === 'string' && item.message.length > 0,
        'a rejected item carries the review feedback (message, or review_reason)',
        'a non-empty message',
        item.message,
      );
      ctx.ensure(rejected.status !== 'active', 'a customer with a rejected item is not active', 'not active', rejected.status);
      await submitEvidence(ctx, c.id, item);
      await requestKycReview(ctx, c.id);
      const resubmitted = needOf(ctx, await getCustomer(ctx, c.id), type);
      // A target reviewing by itself may already have approved the new upload.
      const accepted = ctx.driver.mode === 'control' ? ['submitted'] : ['submitted', 'approved'];
      ctx.ensure(accepted.includes(resubmitted?.state ?? ''), `the resubmitted ${type} is submitted again`, accepted.join(' or '), resubmitted?.raw);
    },
  },
  {
    id: 'KYC-CORRECTION-VIA-PATCH',
    level: 'MUST',
    area: 'kyc',
    title: 'A correction request makes a data item pending_correction; correcting it with PATCH resumes the analysis.',
    source: 'seed 001 · Update customer data; seed 001 · kyc[].status pending_correction',
    needs: ['stateful'],
    revisions: DOCS_ONLY,
    revisionNote:
      "the SDK revision has no pending_correction: a requirement's review is pending, accepted or rejected, and PATCH changes email and phone only (api-facts 2 K5, K8)",
    async run(ctx: CheckContext) {
      const c = await submitted(ctx, ctx.driver.plan('kyc.correction'));
      await ctx.driver.decideKyc(c.id, 'email', 'request_correction', 'O e-mail não confere com o cadastro.');
      const asked = await getCustomer(ctx, c.id);
      const item = asked.kyc.find((i) => i.status === 'pending_correction');
      ctx.ensure(
        item && item.kind === 'data',
        'the correction request shows a data item pending_correction',
        { kind: 'data', status: 'pending_correction' },
        asked.kyc,
      );
      ctx.ensure(typeof item.message === 'string' && item.message.length > 0, 'the item says what to correct', 'a message', item.message);
      const res = await ctx.api.request({ method: 'PATCH', path: `/customers/${c.id}`, json: { email: `corrigido.${Date.now()}@example.com` } });
      expectStatus(ctx, res, 200, 'PATCH the corrected email');
      const resumed = await getCustomer(ctx, c.id);
      const now = resumed.kyc.find((i) => i.type === item.type);
      ctx.ensure(
        now && now.status !== 'pending_correction',
        `after the PATCH the ${item.type} item is no longer pending_correction`,
        'submitted or approved',
        now,
      );
      await approveAllKyc(ctx, c.id);
      const active = ctx.driver.mode === 'control' ? await getCustomer(ctx, c.id) : await waitForCustomerStatus(ctx, c.id, 'active');
      ctx.ensure(active.status === 'active', 'once the corrected item is approved the customer can become active', 'active', active.status);
    },
  },
  {
    id: 'KYC-BIOMETRICS-SESSION',
    level: 'MUST',
    area: 'kyc',
    title: 'Starting biometrics answers 200 (not 201) with a session_url and a future expires_at.',
    source: 'seed 001 · Generate a biometric capture session',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const res = await ctx.api.request({ method: 'POST', path: `/customers/${c.id}/biometrics` });
      expectStatus(ctx, res, 200, 'POST /customers/{id}/biometrics');
      expectValid(ctx, 'createBiometricsSession', res);
      let url: URL | undefined;
      try {
        url = new URL(res.body.session_url);
      } catch {
        url = undefined;
      }
      ctx.ensure(url && /^https?:$/.test(url.protocol), 'session_url is an absolute URL', 'an http(s) URL', res.body.session_url);
      const expires = instantMs(ctx, res.body.expires_at);
      ctx.ensure(
        expires !== undefined && expires > Date.now() - 60_000,
        'expires_at is an instant (as the contract writes instants) in the future',
        'a future instant',
        res.body.expires_at,
      );
    },
  },
  {
    id: 'KYC-EVENT-CREATED',
    level: 'MUST',
    area: 'kyc',
    title: 'Registration fires customer.created with the registration data and status pending_kyc, signed and valid.',
    source: `${HOOKS} · Customer created`,
    needs: ['stateful', 'webhooks'],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['customer.*']);
      const body = newCustomerBody({ cnpj: true, for: ctx });
      const c = await createCustomer(ctx, body);
      const d = await sink.waitFor((x) => x.type === 'customer.created' && x.payload?.data?.id === c.id, {
        timeoutMs: ctx.timeoutMs,
        what: `customer.created for ${c.id}`,
      });
      expectGoodDelivery(ctx, d);
      const data = d.payload.data;
      ctx.ensure(
        data.status === 'pending_kyc' && data.external_id === body.external_id && data.email === body.email && data.cpf === c.cpf,
        'customer.created carries the registration data',
        { status: 'pending_kyc', external_id: body.external_id, email: body.email, cpf: c.cpf },
        data,
      );
    },
  },
  {
    id: 'KYC-EVENTS-LIFECYCLE',
    level: 'MUST',
    area: 'kyc',
    title: 'KYC progress fires customer.kyc_updated with the full kyc array, then customer.under_review and customer.active, in that order.',
    source: `${HOOKS}; decision 3`,
    needs: ['stateful', 'webhooks'],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['customer.*']);
      const c = await submitted(ctx);
      await approveAllKyc(ctx, c.id);
      const active = await waitForCustomerStatus(ctx, c.id, 'active');
      await sink.waitFor((x) => x.type === 'customer.active' && x.payload?.data?.id === c.id, {
        timeoutMs: ctx.timeoutMs,
        what: `customer.active for ${c.id}`,
      });
      const events = eventsAbout(sink, c.id, 'customer.', ctx);
      for (const d of events) expectGoodDelivery(ctx, d);
      const updates = events.filter((d) => d.type === 'customer.kyc_updated');
      ctx.ensure(
        updates.length > 0,
        'KYC item changes fire customer.kyc_updated',
        'at least one customer.kyc_updated',
        events.map((d) => d.type),
      );
      const types = needsOf(ctx, active)
        .map((n) => n.key)
        .sort();
      const full = updates.every((d) => Array.isArray(d.payload.data.kyc) && d.payload.data.kyc.length === active.kyc.length);
      ctx.ensure(
        full,
        'customer.kyc_updated carries the full kyc array',
        types,
        updates.map((d) => kycNeeds(ctx, d.payload.data).map((n) => n.key)),
      );
      const last = kycNeeds(ctx, updates[updates.length - 1]!.payload.data);
      ctx.ensure(
        last.every((n) => n.state === 'approved'),
        'the last customer.kyc_updated shows every item approved',
        'all approved',
        last.map((n) => n.raw),
      );
      const order = events.map((d: Delivery) => d.type).filter((t) => t === 'customer.created' || t === 'customer.under_review' || t === 'customer.active');
      ctx.ensure(
        JSON.stringify(order) === JSON.stringify(['customer.created', 'customer.under_review', 'customer.active']),
        'status events arrive, by timestamp, as created → under_review → active, once each',
        ['customer.created', 'customer.under_review', 'customer.active'],
        order,
      );
      const statusOk =
        events.every((d) => d.type !== 'customer.under_review' || d.payload.data.status === 'under_review') &&
        events.every((d) => d.type !== 'customer.active' || d.payload.data.status === 'active');
      ctx.ensure(
        statusOk,
        'each status event carries its own status',
        'data.status matching the event',
        events.map((d) => [d.type, d.payload?.data?.status]),
      );
    },
  },
  {
    id: 'KYC-REVIEW-REQUEST',
    level: 'MUST',
    area: 'kyc',
    title:
      'The review starts on request: with every requirement submitted the customer stays pending_kyc until POST /customers/{id}/kyc-review, which answers 202 with no body, and is under_review after it.',
    source: 'api-facts 1.12 (KYC: kyc-review, 202, no body); api-facts 2 P6',
    revisions: ['sdk'],
    revisionNote: 'the documentation revision has no review request: the review starts once everything is submitted (seed 001; api-facts 2 P6)',
    // The selfie is submitted through the control API (the KYC app's step); a target moving by itself may review at once.
    needs: ['stateful', 'control'],
    async run(ctx: CheckContext) {
      if (!hasReviewStep(ctx)) ctx.skip('the contract declares no review request operation');
      const c = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      for (const need of needsOf(ctx, c)) await submitItem(ctx, c.id, need);
      const before = await getCustomer(ctx, c.id);
      ctx.ensure(
        needsOf(ctx, before).every((n) => n.state === 'submitted'),
        'every requirement reads submitted (review_status pending)',
        'all submitted',
        before.kyc,
      );
      ctx.ensure(
        before.status === 'pending_kyc',
        'with everything submitted but no review requested the customer stays pending_kyc',
        'pending_kyc',
        before.status,
      );
      const res = await requestKycReview(ctx, c.id, { expect: false });
      expectStatus(ctx, res!, 202, 'POST /customers/{id}/kyc-review');
      ctx.ensure(res!.text === '', 'the 202 of the review request carries no body', 'no body', res!.text.slice(0, 200));
      const flow = dialectOf(ctx.contract).kyc;
      expectValid(ctx, flow.kind === 'attachments' && flow.review ? flow.review.operationId : 'submitKycReview', res!);
      const after = await getCustomer(ctx, c.id);
      ctx.ensure(after.status === 'under_review', 'after the review request the customer is under_review', 'under_review', after.status);
    },
  },
];
