// Credit offers and simulations (seed 000 · credit_offer.available, seed 004 · Simulate a loan /
// Create a loan, decision 9, api-facts 1.1): the offer, simulations within its bounds that add up to
// the cent, and the rules on which a loan may be contracted.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import type { CheckContext, Delivery } from '../../lib/checks/context.js';
import { triggerMembers } from '../../lib/checks/driver.js';
import type { Check } from '../../lib/checks/types.js';
import {
  activateCustomer,
  amountWithin,
  type CreditOffer,
  createCustomer,
  expectGoodDelivery,
  expectProblem,
  expectStatus,
  expectValid,
  getCreditOffer,
  getOffer,
  instantMs,
  isDate,
  listCustomerOffers,
  loanBody,
  moneyCents,
  moneyValue,
  newCustomerBody,
  offerMaxInstallments,
  offerMinInstallments,
  postLoan,
  postSimulation,
  readAll,
  readyToBorrow,
  type Simulation,
  simulate,
  simulationRequest,
  simulationTotalReading,
  simulationViolations,
  termNames,
  wrongMoney,
} from '../../lib/flows/index.js';

const SIMULATE = 'seed 004 · Simulate a loan';
const CREATE_LOAN = 'seed 004 · Create a loan';
/** Offer terms the control API is asked for, wide enough for property runs. */
const TERMS = { approved_amount: '50000.00', min_amount: '1000.00', monthly_interest_rate: 3.5, min_installments: 3, max_installments: 24 };
/** Money in cents as the contract writes it (NaN when it is not money in that form). */
const cents = (ctx: CheckContext, v: unknown) => moneyCents(ctx, v) ?? Number.NaN;

/**
 * An available offer taken past its valid_until: on a controlled target by moving the clock, first
 * to two minutes before it (with `judgeBefore` the offer must still be available then: valid
 * until means valid until), then past it; otherwise the offer the target's offer.expire trigger makes, waited out.
 */
async function offerPastValidity(ctx: CheckContext, opts: { judgeBefore?: boolean } = {}): Promise<{ offer: CreditOffer; customerId: string }> {
  const planned = ctx.driver.plan('offer.expire');
  let offer: CreditOffer;
  let customerId: string;
  if (ctx.driver.mode === 'control')
    ({
      offer,
      customer: { id: customerId },
    } = await readyToBorrow(ctx));
  else {
    // The trigger's offer may expire before the customer is active: watch for it from registration on.
    // It is available for a few of the target's steps only, which a poll held back by the rate limit
    // (a spent window) can miss entirely: an offer already past its validity is the one wanted too.
    const customer = await createCustomer(ctx, { ...newCustomerBody({ for: ctx }), ...triggerMembers(planned, 'customer') });
    customerId = customer.id;
    const published = ctx.eventually(
      () => listCustomerOffers(ctx, customer.id),
      (list) => list.some((o) => o.status === 'available' || o.status === 'expired'),
      { what: `a credit offer for ${customer.id} (available, or already expired)` },
    );
    published.catch(() => undefined); // judged when awaited below
    await activateCustomer(ctx, { customer });
    const offers = await published;
    offer = (offers.find((o) => o.status === 'available') ?? offers.find((o) => o.status === 'expired'))!;
    if (offer.status === 'expired') ctx.note(`offer ${offer.id} was first seen already expired (valid_until ${offer.valid_until})`);
  }
  const until = instantMs(ctx, offer.valid_until) ?? Number.NaN;
  ctx.ensure(Number.isFinite(until), 'the offer has a valid_until instant', 'an instant as the contract writes it', offer.valid_until);
  if (ctx.driver.mode === 'control') {
    // The target's clock: validity counted from the offer's own creation.
    const validFor = Math.ceil((until - (instantMs(ctx, offer.created_at) ?? Number.NaN)) / 1000);
    await ctx.driver.advanceClock(Math.max(0, validFor - 120));
    const before = await getCreditOffer(ctx, offer.id);
    if (opts.judgeBefore)
      ctx.ensure(before.status === 'available', `two minutes before valid_until ${offer.valid_until} the offer is still available`, 'available', before.status);
    await ctx.driver.advanceClock(122);
  } else {
    const left = until - Date.now();
    ctx.ensure(
      left <= ctx.timeoutMs,
      'the offer.expire trigger makes an offer that expires within the wait budget',
      `valid_until within ${ctx.timeoutMs} ms`,
      offer.valid_until,
    );
    await new Promise((r) => setTimeout(r, Math.max(0, left)));
  }
  return { offer, customerId };
}

/** Fails unless both offer lists (the customer's and the filtered one) show the offer with `status`. */
async function expectListedAs(ctx: CheckContext, customerId: string, offerId: string, status: string): Promise<void> {
  const mine = await readAll<CreditOffer>(ctx, `/customers/${customerId}/credit-offers`);
  ctx.ensure(
    mine.find((o) => o.id === offerId)?.status === status,
    `GET /customers/{id}/credit-offers lists the offer as ${status}`,
    status,
    mine.find((o) => o.id === offerId) ?? 'not listed',
  );
  const all = await readAll<CreditOffer>(ctx, '/credit-offers', { customer_id: customerId });
  ctx.ensure(
    all.find((o) => o.id === offerId)?.status === status,
    `GET /credit-offers?customer_id= lists the offer as ${status}`,
    status,
    all.find((o) => o.id === offerId) ?? 'not listed',
  );
}

export const checks: Check[] = [
  {
    id: 'CREDIT-OFFER-AVAILABLE-EVENT',
    level: 'MUST',
    area: 'credit',
    title: 'When the credit analysis ends, credit_offer.available arrives with the offer id, external_id and approved_amount.',
    source: 'seed 000 · credit_offer.available; decision 9',
    needs: ['stateful', 'webhooks'],
    async run(ctx: CheckContext) {
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['credit_offer.*']);
      const customer = await activateCustomer(ctx);
      const offer = await getOffer(ctx, customer.id, ctx.driver.mode === 'control' ? TERMS : undefined);
      const d = await sink.waitFor((x) => x.type === 'credit_offer.available' && x.payload?.data?.id === offer.id, {
        timeoutMs: ctx.timeoutMs,
        what: `credit_offer.available for ${offer.id}`,
      });
      expectGoodDelivery(ctx, d);
      const data = d.payload.data;
      ctx.ensure(data.external_id === customer.external_id, 'the event names the customer by its external_id', customer.external_id, data.external_id);
      ctx.ensure(
        data.approved_amount === offer.approved_amount && data.customer_id === customer.id && data.status === 'available',
        "the event carries the offer's approved_amount, customer and status",
        { approved_amount: offer.approved_amount, customer_id: customer.id, status: 'available' },
        data,
      );
    },
  },
  {
    id: 'CREDIT-OFFER-LISTED',
    level: 'MUST',
    area: 'credit',
    title: 'An available offer is listed under GET /customers/{id}/credit-offers and readable at GET /credit-offers/{id}.',
    source: 'seed 001 · Customer active webhook (query credit offers); api-facts 1.1',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { customer, offer } = await readyToBorrow(ctx);
      // Another customer of the partner with an offer too, so a list that leaks it can be seen (the
      // control API publishes it; a target deciding by itself may already hold others' offers).
      if (ctx.driver.mode === 'control') await getOffer(ctx, (await createCustomer(ctx, newCustomerBody({ for: ctx }))).id);
      const list = await ctx.api.request({ method: 'GET', path: `/customers/${customer.id}/credit-offers` });
      expectStatus(ctx, list, 200, 'GET /customers/{id}/credit-offers');
      expectValid(ctx, 'listCustomerCreditOffers', list);
      const listed = (list.body.data as CreditOffer[]).find((o) => o.id === offer.id);
      ctx.ensure(listed?.status === 'available', "the customer's list shows the offer as available", 'the offer, status available', list.body.data);
      const strangers = (list.body.data as CreditOffer[]).filter((o) => o.customer_id !== customer.id);
      ctx.ensure(
        strangers.length === 0,
        "the customer's list holds only that customer's offers",
        [],
        strangers.map((o) => o.id),
      );
      const one = await ctx.api.request({ method: 'GET', path: `/credit-offers/${offer.id}` });
      expectStatus(ctx, one, 200, 'GET /credit-offers/{id}');
      expectValid(ctx, 'getCreditOffer', one);
      ctx.ensure(isDeepStrictEqual(one.body, listed), 'the offer reads the same in the list and on its own', listed, one.body);
      const o = one.body as CreditOffer;
      ctx.ensure(
        cents(ctx, o.min_amount) <= cents(ctx, o.approved_amount) && offerMinInstallments(o) <= offerMaxInstallments(o) && offerMinInstallments(o) >= 1,
        "the offer's bounds are ordered",
        'min_amount <= approved_amount, 1 <= min_installments <= max_installments',
        o,
      );
      const all = await readAll<CreditOffer>(ctx, '/credit-offers', { customer_id: customer.id });
      ctx.ensure(
        all.some((x) => x.id === offer.id) && all.every((x) => x.customer_id === customer.id),
        "GET /credit-offers?customer_id= lists exactly that customer's offers",
        offer.id,
        all.map((x) => [x.id, x.customer_id]),
      );
    },
  },
  {
    id: 'CREDIT-SIMULATION-CONSISTENT',
    level: 'MUST',
    area: 'credit',
    title:
      'Every simulation within the offer adds up: non-negative two-decimal amounts, requested_amount and number_of_installments echo the request, amount = requested - fees - IOF, installments x value = total within one cent per installment.',
    source: `${SIMULATE} (response fields); decision 20`,
    needs: ['stateful'],
    revisions: ['docs'],
    revisionNote:
      "the SDK revision's simulation has other members and arithmetic (principal_amount = requested + fee + IOF, total_amount = principal + interest; api-facts 2 S2), which seed 004's reading does not describe",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      let lastSim: Simulation | undefined;
      const headerNotes = new Set<string>();
      const prop = fc.asyncProperty(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: offer.min_installments, max: offer.max_installments }),
        async (fraction, n) => {
          const requested = amountWithin(offer, fraction);
          const res = await postSimulation(ctx, offer.id, { requested_amount: requested, installment_count: n });
          // ctx.ensure, not a thrown Error: each holding simulation is a judgement the runner counts.
          ctx.ensure(res.status === 201, `simulating ${requested} in ${n} installments answered ${res.status}: ${res.text.slice(0, 300)}`);
          // The body is this check's point; a Location on a simulation is only a SHOULD (decision 12),
          // judged by the contract suite, so header findings are noted, not failed, here.
          const v = ctx.validateResponse('createSimulation', res);
          const bodyErrors = v.errors.filter((e) => !/^header /i.test(e));
          if (v.errors.length > bodyErrors.length) headerNotes.add(v.errors.filter((e) => /^header /i.test(e)).join('; '));
          ctx.ensure(bodyErrors.length === 0, `the simulation does not match the contract: ${bodyErrors.join('; ')}`);
          const sim = res.body as Simulation;
          lastSim = sim;
          const problems = simulationViolations(sim, { amount: requested, installments: n });
          if (sim.credit_offer_id !== offer.id) problems.push(`credit_offer_id ${sim.credit_offer_id} is not ${offer.id}`);
          if (!isDate(sim.first_due_date)) problems.push(`first_due_date ${sim.first_due_date} is not a calendar date`);
          ctx.ensure(problems.length === 0, problems.join('; '));
        },
      );
      const out = await fc.check(prop, { seed: ctx.seed, numRuns: Math.max(3, ctx.runs) });
      if (out.failed) {
        ctx.note(`fast-check seed ${out.seed}, path ${out.counterexamplePath}, counterexample ${JSON.stringify(out.counterexample)}`);
        ctx.fail(
          `a simulation does not add up (seed ${out.seed}, counterexample ${JSON.stringify(out.counterexample)}): ${String((out.errorInstance as Error)?.message ?? out.errorInstance)}`,
          'the identities of seed 004 that decision 20 holds as MUST',
          lastSim,
        );
      }
      for (const n of headerNotes) ctx.note(`header finding left to the contract suite: ${n}`);
      ctx.note(`${out.numRuns} simulations checked (seed ${ctx.seed})`);
    },
  },
  {
    id: 'CREDIT-SIMULATION-TOTAL-READING',
    level: 'SHOULD',
    area: 'credit',
    title:
      'total_loan_amount is principal + interest + fees + IOF under one reading of seed 004 (principal = the net amount, or the requested amount); the run reports which one the target follows.',
    source: `${SIMULATE} (total_loan_amount); decision 20`,
    needs: ['stateful'],
    revisions: ['docs'],
    revisionNote:
      "the SDK revision's simulation has other members and arithmetic (principal_amount = requested + fee + IOF, total_amount = principal + interest; api-facts 2 S2), which seed 004's reading does not describe",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      // The seed's own example (27500.00) fits neither reading, so a total off both is a warning,
      // never a failure; which reading the target follows is reported either way.
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const readings = new Map<string, number>();
      const strays: unknown[] = [];
      const n = Math.max(3, Math.min(ctx.runs, 8));
      for (let i = 0; i < n; i++) {
        const installments = offer.min_installments + Math.round(((offer.max_installments - offer.min_installments) * i) / Math.max(1, n - 1));
        const sim = await simulate(ctx, offer, { amount: amountWithin(offer, (i + 0.5) / n), installments });
        const r = simulationTotalReading(sim);
        ctx.ensure(r, "the simulation's amounts are two-decimal money strings, so its total can be read", 'money strings', sim);
        const key = r.fits.length === 2 ? 'either (no fees or IOF)' : (r.fits[0] ?? 'none');
        readings.set(key, (readings.get(key) ?? 0) + 1);
        if (!r.fits.length)
          strays.push({ id: sim.id, total_loan_amount: sim.total_loan_amount, principal_is_net: r.expected.net, principal_is_requested: r.expected.requested });
      }
      const words: Record<string, string> = {
        net: 'principal = the net amount (total = amount + interest + fees + IOF = requested + interest)',
        requested: 'principal = requested_amount (total = requested + interest + fees + IOF)',
      };
      ctx.note(`${n} simulations; reading followed: ${[...readings].map(([k, v]) => `${words[k] ?? k} ×${v}`).join('; ')}`);
      ctx.ensure(
        strays.length === 0,
        'total_loan_amount fits neither reading of principal + interest + fees + IOF',
        'amount + interest + fees + IOF, or requested + interest + fees + IOF',
        strays,
      );
      if (readings.has('net') && readings.has('requested')) ctx.note('the target follows different readings for different simulations');
    },
  },
  {
    id: 'CREDIT-SIMULATION-OUT-OF-BOUNDS',
    level: 'MUST',
    area: 'credit',
    title: 'A simulation outside the offer (amount above approved_amount or below min_amount, installments outside min..max) is refused with a 4xx problem.',
    source: `${SIMULATE}; api-facts 1.1 (CreditOffer bounds)`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const ok = simulationRequest(offer);
      const approved = cents(ctx, offer.approved_amount);
      const cases: [string, unknown][] = [
        ['an amount one cent above approved_amount', { ...ok, requested_amount: moneyValue(ctx, approved + 1) }],
        ['an amount one cent below min_amount', { ...ok, requested_amount: moneyValue(ctx, Math.max(0, cents(ctx, offer.min_amount) - 1)) }],
        ['more installments than max_installments', { ...ok, installment_count: offerMaxInstallments(offer) + 1 }],
        ['zero installments', { ...ok, installment_count: 0 }],
        ['an amount not written as the contract writes money', { ...ok, requested_amount: wrongMoney(ctx, approved) }],
      ];
      if (offerMinInstallments(offer) > 1)
        cases.push(['fewer installments than min_installments', { ...ok, installment_count: offerMinInstallments(offer) - 1 }]);
      for (const [what, body] of cases) expectProblem(ctx, await postSimulation(ctx, offer.id, body), `a simulation with ${what}`);
      expectStatus(ctx, await postSimulation(ctx, offer.id, ok), 201, 'the in-bounds simulation next to them');
    },
  },
  {
    id: 'CREDIT-LATEST-SIMULATION-ONLY',
    level: 'MUST',
    area: 'credit',
    title: 'Only the latest simulation of an offer can be contracted (Last Write Record): a loan from an earlier one is refused.',
    source: `${SIMULATE} (Last Write Record)`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const older = await simulate(ctx, offer, { installments: offerMinInstallments(offer) });
      const latest = await simulate(ctx, offer, { amount: amountWithin(offer, 0.5), installments: offerMaxInstallments(offer) });
      expectProblem(ctx, await postLoan(ctx, loanBody(offer, older, ctx)), 'a loan from a simulation that is no longer the latest');
      expectStatus(ctx, await postLoan(ctx, loanBody(offer, latest, ctx)), 201, 'a loan from the latest simulation');
    },
  },
  {
    id: 'CREDIT-LOAN-NEEDS-ACTIVE-CUSTOMER',
    level: 'MUST',
    area: 'credit',
    title: 'A loan for a customer that is not active is refused with a 4xx problem, even with an available offer.',
    source: 'decision 9; seed 003 · How It Works',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const customer = await createCustomer(ctx, newCustomerBody({ for: ctx }));
      const offer = await getOffer(ctx, customer.id, TERMS);
      const sim = await postSimulation(ctx, offer.id, simulationRequest(offer));
      if (sim.status !== 201) {
        expectProblem(ctx, sim, 'a simulation for a customer that is not active');
        ctx.note('the target refuses to simulate for a pending_kyc customer, so no loan can follow');
        return;
      }
      const res = await postLoan(ctx, loanBody(offer, sim.body, ctx));
      expectProblem(ctx, res, 'a loan for a customer in pending_kyc');
    },
  },
  {
    id: 'CREDIT-LOAN-NEEDS-AVAILABLE-OFFER',
    level: 'MUST',
    area: 'credit',
    title: 'Creating a loan makes the offer accepted, and a loan on an offer that is not available is refused with a 4xx problem.',
    source: 'decision 9',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const sim = await simulate(ctx, offer);
      expectStatus(ctx, await postLoan(ctx, loanBody(offer, sim, ctx)), 201, 'the first loan on the offer');
      const after = await getCreditOffer(ctx, offer.id);
      ctx.ensure(after.status === 'accepted', 'the contracted offer reads accepted', 'accepted', after.status);
      expectProblem(ctx, await postLoan(ctx, loanBody(offer, sim, ctx)), 'a second loan on the accepted offer');
    },
  },
  {
    id: 'CREDIT-LOAN-MATCHES-SIMULATION',
    level: 'MUST',
    area: 'credit',
    title: 'A loan whose installments, installments_value or first_due_date differ from its simulation is refused with a 4xx problem.',
    source: CREATE_LOAN,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const sim = await simulate(ctx, offer);
      const body = loanBody(offer, sim, ctx);
      // The members under the contract's names (installments / installments_value, or installment_count / installment_amount).
      const t = termNames(ctx);
      const next = new Date(Date.parse(`${sim.first_due_date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
      const cases: [string, unknown][] = [
        ['one installment more than simulated', { ...body, [t.createCount]: Number(body[t.createCount]) + 1 }],
        [`an ${t.createInstallment} one cent higher`, { ...body, [t.createInstallment]: moneyValue(ctx, cents(ctx, body[t.createInstallment]) + 1) }],
        ['another first_due_date', { ...body, first_due_date: next }],
      ];
      for (const [what, b] of cases) expectProblem(ctx, await postLoan(ctx, b), `a loan with ${what}`);
      expectStatus(ctx, await postLoan(ctx, body), 201, 'the loan that matches its simulation');
    },
  },
  {
    id: 'CREDIT-LOAN-REFLECTS-SIMULATION',
    level: 'MUST',
    area: 'credit',
    title: 'The loan carries the terms of its simulation: amounts, installments, first due date, offer and customer.',
    source: `${CREATE_LOAN}; seed 004 · Retrieve a loan`,
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const { customer, offer } = await readyToBorrow(ctx, { terms: ctx.driver.mode === 'control' ? TERMS : undefined });
      const sim = await simulate(ctx, offer, { amount: amountWithin(offer, 0.3), installments: offerMaxInstallments(offer) });
      const res = await postLoan(ctx, loanBody(offer, sim, ctx));
      expectStatus(ctx, res, 201, 'POST /loans');
      const loan = res.body as unknown as Record<string, unknown>;
      const simulated = sim as unknown as Record<string, unknown>;
      // Members under the contract's names (lib/flows/revision/terms.ts).
      const t = termNames(ctx);
      const want = {
        credit_offer_id: offer.id,
        simulation_id: sim.id,
        customer_id: customer.id,
        requested_amount: sim.requested_amount,
        total_amount: simulated[t.total],
        [t.loanInstallment]: simulated[t.installment],
        [t.loanCount]: simulated[t.count],
        first_due_date: sim.first_due_date,
      };
      const got = Object.fromEntries(Object.keys(want).map((k) => [k, loan[k]]));
      ctx.ensure(JSON.stringify(got) === JSON.stringify(want), "the loan repeats its simulation's terms", want, got);
      if (loan[t.loanRate] !== null)
        ctx.ensure(loan[t.loanRate] === simulated[t.rate], `${t.loanRate} is the simulated monthly rate`, simulated[t.rate], loan[t.loanRate]);
    },
  },
  {
    id: 'CREDIT-UNKNOWN-OFFER-404',
    level: 'MUST',
    area: 'credit',
    title: 'Reading or simulating on a credit offer id that does not exist is a 404 problem.',
    source: 'decision 5; api-facts 1.7',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const id = `co_${randomBytes(16).toString('hex')}`;
      expectProblem(ctx, await ctx.api.request({ method: 'GET', path: `/credit-offers/${id}` }), 'GET /credit-offers/{unknown id}', [404]);
      expectProblem(
        ctx,
        await postSimulation(ctx, id, { requested_amount: moneyValue(ctx, 100_000), installment_count: 3 }),
        'POST /credit-offers/{unknown id}/simulations',
        [404],
      );
    },
  },
  {
    id: 'CREDIT-OFFER-EXPIRES',
    level: 'SHOULD',
    area: 'credit',
    title:
      'An offer left unaccepted stays available until its valid_until and past it reads expired, in its own read and in both offer lists, can no longer be contracted, and stays expired.',
    source: 'decision 9; api-facts 1.11',
    needs: ['stateful'],
    // On a controlled target the clock moves past the offer's validity: other checks' offers would expire too.
    exclusive: true,
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { offer, customerId } = await offerPastValidity(ctx, { judgeBefore: true });
      // The judgement that past valid_until the offer reads expired: the wait fails (a violation) if it never does.
      await ctx.eventually(
        () => getCreditOffer(ctx, offer.id),
        (o) => o.status === 'expired',
        { what: `offer ${offer.id} to read expired once past valid_until ${offer.valid_until}` },
      );
      await expectListedAs(ctx, customerId, offer.id, 'expired');
      const sim = await postSimulation(ctx, offer.id, simulationRequest(offer));
      if (sim.status === 201) expectProblem(ctx, await postLoan(ctx, loanBody(offer, sim.body, ctx)), 'a loan on an expired offer');
      else expectProblem(ctx, sim, 'a simulation on an expired offer');
      // Expired is where an offer ends: after the refused attempts (and, controlled, another day) it still reads expired.
      if (ctx.driver.mode === 'control') await ctx.driver.advanceClock(86_400);
      const again = await getCreditOffer(ctx, offer.id);
      ctx.ensure(again.status === 'expired', 'an expired offer read again at the end stays expired', 'expired', again.status);
      await expectListedAs(ctx, customerId, offer.id, 'expired');
    },
  },
  {
    id: 'CREDIT-OFFER-EXPIRED-EVENT',
    level: 'SHOULD',
    area: 'credit',
    title: 'An offer passing its valid_until unaccepted fires credit_offer.expired, signed and valid, naming the offer with status expired.',
    source: 'decision 10; api-facts 1.11',
    needs: ['stateful', 'webhooks'],
    exclusive: true,
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const sink = (await ctx.webhooks.subscribe(ctx.api, ['credit_offer.*'])).sink;
      const { offer } = await offerPastValidity(ctx);
      // The target may notice the expiry only when the offer is next read.
      await getCreditOffer(ctx, offer.id);
      const d = await sink.waitFor((x) => x.type === 'credit_offer.expired' && x.payload?.data?.id === offer.id, {
        timeoutMs: ctx.timeoutMs,
        what: `credit_offer.expired for ${offer.id}`,
      });
      expectGoodDelivery(ctx, d);
      ctx.ensure(d.payload.data.status === 'expired', 'credit_offer.expired carries status expired', 'expired', d.payload.data.status);
      // A repeated announcement may trail the first by a moment: give it a second to show up, then
      // count events (webhook-ids), not redeliveries of one.
      const expiry = (x: Delivery) => x.type === 'credit_offer.expired' && x.payload?.data?.id === offer.id;
      await sink.waitFor((x) => x !== d && expiry(x), { timeoutMs: 1_000, what: 'a second credit_offer.expired' }).catch(() => undefined);
      const fired = new Set(
        sink
          .deliveries()
          .filter(expiry)
          .map((x) => x.headers['webhook-id']),
      ).size;
      ctx.ensure(fired === 1, 'credit_offer.expired fires once for the offer', 1, fired);
    },
  },
];
