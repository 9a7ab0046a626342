// Loans (seed 004 · Lifecycle, Create a loan, Retrieve a loan, List loan transactions, loan.*
// webhooks; decisions "loan states", 3 and 5): the nine-state machine, the fields each state
// shows, installments and payments, and the events that narrate it.
import { randomBytes } from 'node:crypto';
import type { CheckContext, Sink } from '../../lib/checks/context.js';
import { ControlRefused } from '../../lib/checks/driver.js';
import type { Check } from '../../lib/checks/types.js';
import {
  type Customer,
  createLoan,
  dialectOf,
  eventsAbout,
  expectGoodDelivery,
  expectLocation,
  expectProblem,
  expectStatus,
  expectValid,
  fromCents,
  getCreditOffer,
  getLoan,
  getOffer,
  illegalLoanSteps,
  LOAN_HAPPY_PATH,
  listTransactions,
  loanBody,
  loanCount,
  loanEventFor,
  loanFieldViolations,
  loanTransitions,
  moneyCents,
  moneyValue,
  monthlySchedule,
  newLoan,
  postLoan,
  readyToBorrow,
  requireTriggers,
  simulate,
  type Transaction,
  termNames,
  walkLoan,
} from '../../lib/flows/index.js';

const LIFECYCLE = 'seed 004 · Lifecycle; decisions (loan states)';
const TX = 'seed 004 · Transactions; List loan transactions';
const HOOKS = 'seed 004 · Webhooks (loan.*); decision 3';
/** The contract's loan lifecycle (LoanStatus x-transitions): the happy path, first the status a new loan starts in. */
const happyPath = (ctx: CheckContext) => dialectOf(ctx.contract).loanHappyPath;
/** Money in cents as the contract writes it (NaN when it is not money in that form). */
const cents = (ctx: CheckContext, v: unknown) => moneyCents(ctx, v) ?? Number.NaN;

/**
 * Pushes on an ended (or active) loan through the control API: each move is attempted and its
 * answer only noted, since the control API is no part of Dinie's contract; what is judged is what
 * the Dinie API shows afterwards (`terminalHolds`).
 */
async function push(ctx: CheckContext, loanId: string, moves: (string | undefined)[]): Promise<void> {
  for (const to of moves) {
    const outcome = await ctx.driver.advanceLoan(loanId, to).then(
      () => 'accepted',
      () => 'refused',
    );
    ctx.note(`control API: moving ${loanId} ${to ? `to ${to}` : 'to its next state'} was ${outcome}`);
  }
}

/** What a loan shows through the Dinie API: its status and, once it has them, its installments. */
async function snapshot(ctx: CheckContext, loanId: string): Promise<{ status: string; installments: string[] }> {
  const loan = await getLoan(ctx, loanId);
  const txs = ['active', 'finished'].includes(loan.status) ? await listTransactions(ctx, loanId) : [];
  const installments = txs.map((t) => `${t.id} ${t.status} paid ${t.amount_paid} remaining ${t.amount_remaining}`).sort();
  return { status: loan.status, installments };
}

/**
 * Fails unless the loan still reads as `was` (status and installments) through GET /loans/{id}
 * and GET /loans/{id}/transactions, and, with a sink, no state event about it followed `last`.
 */
async function terminalHolds(ctx: CheckContext, loanId: string, was: { status: string; installments: string[] }, sink?: Sink): Promise<void> {
  const now = await snapshot(ctx, loanId);
  ctx.ensure(now.status === was.status, `a ${was.status} loan read again at the end of the journey must still be ${was.status}`, was.status, now.status);
  ctx.ensure(
    JSON.stringify(now.installments) === JSON.stringify(was.installments),
    `the installments of the ${was.status} loan must not change once it ended`,
    was.installments,
    now.installments,
  );
  if (!sink) return;
  await sink.waitFor((d) => d.type === loanEventFor(was.status) && d.payload?.data?.id === loanId, {
    timeoutMs: ctx.timeoutMs,
    what: `${loanEventFor(was.status)} for ${loanId}`,
  });
  const states = eventsAbout(sink, loanId, 'loan.')
    .filter((d) => d.type !== 'loan.payment_received')
    .map((d) => d.type);
  const after = states.slice(states.indexOf(loanEventFor(was.status)) + 1);
  ctx.ensure(after.length === 0, `no state event may follow ${loanEventFor(was.status)} for ${loanId}`, [], after);
}

export const checks: Check[] = [
  {
    id: 'LOAN-CREATE-201',
    level: 'MUST',
    area: 'loans',
    title: 'Creating a loan answers 201 with Location: /v3/loans/{id} and the loan in processing.',
    source: 'seed 004 · Create a loan; decision 12',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const ready = await readyToBorrow(ctx);
      let offer = ready.offer;
      // Controlled, the customer first takes a loan on another offer, so the read of the new loan
      // below cannot pass by answering the only loan the customer has.
      let earlier: string | undefined;
      if (ctx.driver.mode === 'control') {
        earlier = (await createLoan(ctx, offer, await simulate(ctx, offer))).id;
        offer = await getOffer(ctx, ready.customer.id);
      }
      const sim = await simulate(ctx, offer);
      const res = await postLoan(ctx, loanBody(offer, sim, ctx));
      expectStatus(ctx, res, 201, 'POST /loans');
      expectValid(ctx, 'createLoan', res);
      expectLocation(ctx, res, `/loans/${res.body.id}`, 'POST /loans');
      // The status a new loan starts in, as the contract's lifecycle states it (processing in seed 004).
      const start = happyPath(ctx)[0]!;
      ctx.ensure(res.body.status === start, `a new loan is ${start}`, start, res.body.status);
      if (start === 'processing') {
        const v = loanFieldViolations(res.body as unknown as Record<string, unknown>);
        ctx.ensure(v.length === 0, 'a processing loan has no contract, signing link or disbursement yet', [], v);
      }
      const got = await ctx.api.request({ method: 'GET', path: `/loans/${res.body.id}` });
      expectStatus(ctx, got, 200, 'GET /loans/{id}');
      expectValid(ctx, 'getLoan', got);
      ctx.ensure(
        got.body.id === res.body.id,
        'GET returns the loan just created',
        res.body.id,
        earlier ? { id: got.body.id, earlierLoanOfTheCustomer: earlier } : got.body.id,
      );
      if (ctx.driver.mode === 'control') ctx.ensure(got.body.status === start, `GET shows the new loan ${start}`, start, got.body.status);
      // A target that moves loans by itself may have taken steps already: every status of the contract
      // can be reached from the first, so the read cannot be judged beyond its schema (above).
      else if (got.body.status !== start) ctx.note(`the loan read ${got.body.status} already at its first GET (the target moves loans by itself)`);
    },
  },
  {
    id: 'LOAN-LIFECYCLE-LEGAL-STEPS',
    level: 'MUST',
    area: 'loans',
    title: 'A loan walks processing → contract_generated → awaiting_signatures → signed → disbursing → active → finished, one legal step at a time.',
    source: LIFECYCLE,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const control = ctx.driver.mode === 'control';
      // A target that moves loans by itself can only be watched up to active: by polling (which
      // may miss states, so only the order is judged) and, with webhooks, by its events.
      const sink = !control && ctx.webhooks.available ? (await ctx.webhooks.subscribe(ctx.api, ['loan.*'])).sink : undefined;
      const { loan } = await newLoan(ctx);
      const goal = control ? 'finished' : 'active';
      const seen = await walkLoan(ctx, loan.id, goal);
      const statuses = seen.map((l) => l.status);
      const bad = illegalLoanSteps(statuses, { gapsAllowed: !control, transitions: loanTransitions(ctx.contract) });
      ctx.ensure(bad.length === 0, 'every observed step is a legal transition', [], bad);
      const path = happyPath(ctx);
      const want = path.slice(0, path.indexOf(goal) + 1);
      if (control) {
        const walked = statuses.filter((s, i) => i === 0 || statuses[i - 1] !== s);
        ctx.ensure(JSON.stringify(walked) === JSON.stringify(want), 'the loan passes through every state of the happy path', want, walked);
      } else if (sink) {
        await sink.waitFor((d) => d.type === 'loan.active' && d.payload?.data?.id === loan.id, {
          timeoutMs: ctx.timeoutMs,
          what: `loan.active for ${loan.id}`,
        });
        const types = eventsAbout(sink, loan.id, 'loan.', ctx)
          .map((d) => d.type)
          .filter((t) => t !== 'loan.signature_received');
        const expected = want.map((s) => loanEventFor(s, ctx.contract)).filter((t) => t !== undefined);
        ctx.ensure(
          JSON.stringify(types) === JSON.stringify(expected),
          "the loan's events, by timestamp, name every state of the happy path in order",
          expected,
          types,
        );
      } else {
        ctx.note('no webhooks: only the order of the polled states was judged');
      }
    },
  },
  {
    id: 'LOAN-FIELDS-BY-STATUS',
    level: 'MUST',
    area: 'loans',
    title:
      'ccb_number exists from contract_generated on, signing_url only during contract_generated and awaiting_signatures, disbursement_method from disbursing on, net_amount once active.',
    source: 'seed 004 · Retrieve a loan; Create a loan (field descriptions)',
    needs: ['stateful'],
    revisions: ['docs'],
    revisionNote:
      "the SDK revision's loans make their contract at creation, have no contract_generated, signed or disbursing states and no net_amount (api-facts 2 L2, L5-L7); seed 004's field timings describe the documentation revision's states",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { loan, simulation } = await newLoan(ctx);
      const seen = await walkLoan(ctx, loan.id, 'active');
      const problems = seen.flatMap((l) => loanFieldViolations(l as unknown as Record<string, unknown>));
      ctx.ensure(problems.length === 0, 'each state shows exactly the fields seed 004 gives it', [], problems);
      // Watching a target that moves by itself may miss states: say which ones were judged.
      const observed = new Set(seen.map((l) => l.status));
      const missed = LOAN_HAPPY_PATH.slice(0, LOAN_HAPPY_PATH.indexOf('active') + 1).filter((st) => !observed.has(st));
      if (missed.length) ctx.note(`states judged: ${[...observed].join(', ')}; not observed (their fields not judged): ${missed.join(', ')}`);
      const active = seen[seen.length - 1]!;
      const ccbs = new Set(seen.map((l) => l.ccb_number).filter((c) => c !== null));
      ctx.ensure(ccbs.size === 1, 'the CCB number, once generated, never changes', 'one ccb_number', [...ccbs]);
      ctx.ensure(active.net_amount === simulation.amount, 'net_amount is the net the simulation promised', simulation.amount, active.net_amount);
      const res = await ctx.api.request({ method: 'GET', path: `/loans/${loan.id}` });
      expectValid(ctx, 'getLoan', res);
    },
  },
  {
    id: 'LOAN-CANCEL-OR-ERROR-BEFORE-ACTIVE',
    level: 'MUST',
    area: 'loans',
    title: 'A loan can be cancelled or fail (error) from any state before active, and then shows no signing_url.',
    source: LIFECYCLE,
    needs: ['stateful'],
    timeoutMs: 40_000,
    async run(ctx: CheckContext) {
      requireTriggers(ctx, 'loan.cancel', 'loan.error');
      if (ctx.driver.mode !== 'control') {
        // The target decides when: its declared triggers make one loan cancel and one fail.
        await Promise.all(
          (['cancelled', 'error'] as const).map(async (to) => {
            const { loan } = await newLoan(ctx, { trigger: to === 'cancelled' ? 'loan.cancel' : 'loan.error' });
            const seen = await walkLoan(ctx, loan.id, to);
            const statuses = seen.map((l) => l.status);
            const bad = illegalLoanSteps(statuses, { gapsAllowed: true, transitions: loanTransitions(ctx.contract) });
            ctx.ensure(bad.length === 0, `every observed step of the ${to} loan is a legal transition`, [], bad);
            ctx.ensure(!statuses.includes('active'), `the loan became ${to} before active`, `${to} before active`, statuses);
            const end = seen[seen.length - 1]!;
            ctx.ensure(end.signing_url === null, `a ${to} loan shows no signing_url`, null, end.signing_url);
            ctx.note(`${to}: observed ${statuses.join(' → ')}`);
          }),
        );
        return;
      }
      // States before active on the contract's happy path; the seed machine's four plans where it has those states.
      const before = happyPath(ctx).slice(0, happyPath(ctx).indexOf('active'));
      const plans = (
        [
          ['processing', 'cancelled'],
          ['awaiting_signatures', 'cancelled'],
          ['disbursing', 'cancelled'],
          ['signed', 'error'],
        ] as [string, 'cancelled' | 'error'][]
      ).filter(([from]) => before.includes(from));
      if (!plans.some(([, to]) => to === 'error') && before.length) plans.push([before.at(-1)!, 'error']);
      let customer: Customer | undefined;
      for (const [from, to] of plans) {
        const made = await newLoan(ctx, { customer });
        customer = made.customer;
        const { loan } = made;
        await walkLoan(ctx, loan.id, from);
        // The control API refusing a move the lifecycle allows is the target's lifecycle speaking.
        const seen = await walkLoan(ctx, loan.id, to).catch((e) => {
          if (e instanceof ControlRefused && e.status === 409)
            ctx.fail(`a ${from} loan can move to ${to}, but the target refused it`, `${from} → ${to}`, e.message);
          throw e;
        });
        const end = seen[seen.length - 1]!;
        ctx.ensure(end.status === to, `a ${from} loan can move to ${to}`, to, end.status);
        ctx.ensure(end.signing_url === null, `a ${to} loan shows no signing_url`, null, end.signing_url);
      }
    },
  },
  {
    id: 'LOAN-NO-MOVE-AFTER-TERMINAL',
    level: 'MUST',
    area: 'loans',
    title:
      'A finished or cancelled loan never moves again and an active one is never cancelled: re-read through the Dinie API (the loan, its installments, its events) at the end of the journey, after other operations, each still shows the state it reached.',
    source: LIFECYCLE,
    needs: ['stateful'],
    timeoutMs: 40_000,
    async run(ctx: CheckContext) {
      requireTriggers(ctx, 'loan.cancel', 'loan.pay');
      const sink = ctx.webhooks.available ? (await ctx.webhooks.subscribe(ctx.api, ['loan.*'])).sink : undefined;
      if (!sink) ctx.note('no webhooks reach this machine: the events after each end were not judged, only the reads');
      if (ctx.driver.mode !== 'control') {
        // No request of the Dinie API moves a loan: the ended loans are re-read after the target had
        // time for several more steps and after another loan went its way.
        const ended = await Promise.all(
          (['cancelled', 'finished'] as const).map(async (to) => {
            const { loan } = await newLoan(ctx, { trigger: to === 'cancelled' ? 'loan.cancel' : 'loan.pay' });
            // walkLoan returns only once the loan reads `to` (its wait fails otherwise).
            await walkLoan(ctx, loan.id, to);
            return { id: loan.id, was: await snapshot(ctx, loan.id) };
          }),
        );
        const { loan: later } = await newLoan(ctx);
        await walkLoan(ctx, later.id, 'active');
        await new Promise((r) => setTimeout(r, Math.min(3_000, Math.round(ctx.timeoutMs / 3))));
        for (const { id, was } of ended) await terminalHolds(ctx, id, was, sink);
        return;
      }
      const { loan, customer } = await newLoan(ctx);
      await walkLoan(ctx, loan.id, 'active');
      await push(ctx, loan.id, ['cancelled']);
      const active = await getLoan(ctx, loan.id);
      ctx.ensure(active.status === 'active', 'an active loan must not be cancelled', 'active', active.status);
      await walkLoan(ctx, loan.id, 'finished');
      const finished = await snapshot(ctx, loan.id);
      await push(ctx, loan.id, ['cancelled', 'error', undefined]);
      const other = await newLoan(ctx, { customer });
      await walkLoan(ctx, other.loan.id, 'cancelled');
      const cancelled = await snapshot(ctx, other.loan.id);
      await push(ctx, other.loan.id, [undefined, 'error']);
      // Other operations after both ends: the cancelled loan's offer may be available again
      // (decision 9); then a new loan is contracted on it, and the ended loans are read once more.
      const offer = await getCreditOffer(ctx, other.offer.id);
      let reopened: string | undefined;
      if (offer.status === 'available') {
        const sim = await simulate(ctx, offer);
        const again = await postLoan(ctx, loanBody(offer, sim, ctx));
        expectStatus(ctx, again, 201, 'a new loan on the offer the cancelled loan released');
        reopened = again.body.id;
        ctx.note(`the cancelled loan's offer read available again; loan ${again.body.id} was contracted on it`);
      } else {
        const extra = await newLoan(ctx, { customer });
        await walkLoan(ctx, extra.loan.id, 'active');
        ctx.note(`the cancelled loan's offer reads ${offer.status}; another loan was taken to active meanwhile`);
      }
      await terminalHolds(ctx, loan.id, finished, sink);
      await terminalHolds(ctx, other.loan.id, cancelled, sink);
      ctx.ensure(reopened !== other.loan.id, 'a new loan is a new resource, not the cancelled one reopened', `an id other than ${other.loan.id}`, reopened);
    },
  },
  {
    id: 'LOAN-TRANSACTIONS-SCHEDULE',
    level: 'MUST',
    area: 'loans',
    title:
      "An active loan has one installment transaction per installment, due monthly from first_due_date, each pending and unpaid with principal + interest + fees = amount_due, adding up to the loan's total.",
    source: TX,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { loan } = await newLoan(ctx);
      const active = (await walkLoan(ctx, loan.id, 'active')).at(-1)!;
      const page = await ctx.api.request({ method: 'GET', path: `/loans/${loan.id}/transactions`, query: { limit: 100 } });
      expectStatus(ctx, page, 200, 'GET /loans/{id}/transactions');
      expectValid(ctx, 'listLoanTransactions', page);
      const txs = (await listTransactions(ctx, loan.id)).sort((a, b) => a.due_date.localeCompare(b.due_date));
      const n = loanCount(ctx, active);
      ctx.ensure(txs.length === n, 'one transaction per installment', n, txs.length);
      const dates = txs.map((t) => t.due_date);
      ctx.ensure(
        JSON.stringify(dates) === JSON.stringify(monthlySchedule(active.first_due_date, n)),
        'installments fall due monthly from first_due_date',
        monthlySchedule(active.first_due_date, n),
        dates,
      );
      const wrong = txs.filter(
        (t) =>
          t.loan_id !== loan.id ||
          t.type !== 'installment' ||
          t.status !== 'pending' ||
          cents(ctx, t.amount_paid) !== 0 ||
          cents(ctx, t.amount_remaining) !== cents(ctx, t.amount_due) ||
          t.paid_at !== null ||
          cents(ctx, t.principal) + cents(ctx, t.interest) + cents(ctx, t.fees) !== cents(ctx, t.amount_due),
      );
      ctx.ensure(
        wrong.length === 0,
        'each new installment is pending, unpaid, and principal + interest + fees = amount_due',
        `loan_id ${loan.id}, type installment, status pending, nothing paid`,
        wrong.slice(0, 3),
      );
      const sum = txs.reduce((s, t) => s + cents(ctx, t.amount_due), 0);
      ctx.ensure(
        Math.abs(sum - cents(ctx, active.total_amount)) <= n,
        "the installments add up to the loan's total_amount",
        active.total_amount,
        moneyValue(ctx, sum),
      );
    },
  },
  {
    id: 'LOAN-INSTALLMENT-AMOUNT-IS-VALUE',
    level: 'SHOULD',
    area: 'loans',
    title: 'Each installment\'s amount_due is the loan\'s installments_value ("amount per installment"); the last one may differ by rounding.',
    // Seed 004's own example contradicts it (installments_value 2291.67, amount_due 2500.00): a SHOULD.
    source: `${TX}; seed 004 · Retrieve a loan (installments_value: "Amount per installment")`,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      const { loan } = await newLoan(ctx);
      const active = (await walkLoan(ctx, loan.id, 'active')).at(-1)!;
      const txs = (await listTransactions(ctx, loan.id)).sort((a, b) => a.due_date.localeCompare(b.due_date));
      if (txs.length === 0) ctx.skip('the active loan lists no installment transactions: no amount_due to compare');
      const installment = (active as unknown as Record<string, unknown>)[termNames(ctx).loanInstallment];
      const n = txs.length;
      const off = txs.filter((t, i) =>
        i < n - 1 ? cents(ctx, t.amount_due) !== cents(ctx, installment) : Math.abs(cents(ctx, t.amount_due) - cents(ctx, installment)) > n,
      );
      ctx.ensure(
        off.length === 0,
        "an installment's amount_due differs from the loan's installments_value",
        String(installment),
        off.slice(0, 3).map((t) => ({ due_date: t.due_date, amount_due: t.amount_due })),
      );
    },
  },
  {
    id: 'LOAN-PAYMENTS',
    level: 'MUST',
    area: 'loans',
    title: 'A partial payment makes the installment partially_paid with amount_remaining; a full one makes it paid; the loan is finished when all are paid.',
    source: `${TX}; seed 004 · Loan finished`,
    needs: ['stateful'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      requireTriggers(ctx, 'loan.pay');
      const control = ctx.driver.mode === 'control';
      // Control: we record the payments. Otherwise the declared trigger makes the customer pay
      // (one installment partially first) and each payment is watched.
      const { loan } = await newLoan(ctx, control ? {} : { trigger: 'loan.pay' });
      await walkLoan(ctx, loan.id, 'active');
      const first = (await listTransactions(ctx, loan.id)).sort((a, b) => a.due_date.localeCompare(b.due_date));
      const due = cents(ctx, first[0]!.amount_due);
      const part = Math.floor(due / 3);
      await ctx.driver.payInstallment(loan.id, 1, fromCents(part));
      const afterPart = (await listTransactions(ctx, loan.id)).find((t) => t.id === first[0]!.id)!;
      if (control || afterPart.status === 'partially_paid') {
        const paidPart = control ? part : cents(ctx, afterPart.amount_paid);
        const wantPart = { status: 'partially_paid', amount_paid: moneyValue(ctx, paidPart), amount_remaining: moneyValue(ctx, due - paidPart) };
        ctx.ensure(
          afterPart.status === wantPart.status &&
            cents(ctx, afterPart.amount_paid) === paidPart &&
            cents(ctx, afterPart.amount_remaining) === due - paidPart &&
            paidPart > 0 &&
            paidPart < due,
          'a partial payment leaves the installment partially_paid with the rest remaining',
          wantPart,
          afterPart,
        );
        const during = await getLoan(ctx, loan.id);
        ctx.ensure(during.status === 'active', 'the loan stays active while installments are open', 'active', during.status);
      } else {
        ctx.note(`installment 1 read ${afterPart.status} at the first look: the partial payment was not observed, only the full one is judged`);
      }
      await ctx.driver.payInstallment(loan.id, 1);
      const paid = (await listTransactions(ctx, loan.id)).find((t) => t.id === first[0]!.id)!;
      ctx.ensure(
        paid.status === 'paid' &&
          cents(ctx, paid.amount_remaining) === 0 &&
          cents(ctx, paid.amount_paid) === cents(ctx, paid.amount_due) &&
          paid.paid_at !== null,
        'paying the rest makes the installment paid, nothing remaining, with paid_at',
        { status: 'paid', amount_remaining: moneyValue(ctx, 0), amount_paid: paid.amount_due },
        paid,
      );
      for (let k = 2; k <= first.length; k++) await ctx.driver.payInstallment(loan.id, k);
      const done = control ? await getLoan(ctx, loan.id) : (await walkLoan(ctx, loan.id, 'finished')).at(-1)!;
      ctx.ensure(done.status === 'finished', 'with every installment paid the loan is finished', 'finished', done.status);
      const txs: Transaction[] = await listTransactions(ctx, loan.id);
      ctx.ensure(
        txs.every((t) => t.status === 'paid'),
        'every installment of a finished loan is paid',
        'all paid',
        txs.map((t) => t.status),
      );
    },
  },
  {
    id: 'LOAN-EVENTS-ORDER',
    level: 'MUST',
    area: 'loans',
    title: "loan.* events, ordered by timestamp, follow the state machine one state at a time, each signed, valid and carrying its state's fields.",
    source: HOOKS,
    needs: ['stateful', 'webhooks'],
    revisions: ['docs'],
    revisionNote:
      "the SDK revision's loan events are another set (loan.signature_received, loan.processing; no contract_generated, awaiting_signatures, signed or disbursing events) with other members (api-facts 2 W6-W10); LOAN-LIFECYCLE-LEGAL-STEPS and LOAN-EVENTS-TERMINAL judge its events' order",
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      requireTriggers(ctx, 'loan.pay');
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['loan.*']);
      const { loan } = await newLoan(ctx, ctx.driver.mode === 'control' ? {} : { trigger: 'loan.pay' });
      const seen = await walkLoan(ctx, loan.id, 'finished');
      await sink.waitFor((d) => d.type === 'loan.finished' && d.payload?.data?.id === loan.id, {
        timeoutMs: ctx.timeoutMs,
        what: `loan.finished for ${loan.id}`,
      });
      const events = eventsAbout(sink, loan.id, 'loan.');
      for (const d of events) expectGoodDelivery(ctx, d);
      const byType = (t: string) => events.find((d) => d.type === t)?.payload?.data;
      const statusEvents = events.filter((d) => d.type !== 'loan.payment_received');
      const expected = LOAN_HAPPY_PATH.map((s) => loanEventFor(s));
      ctx.ensure(
        JSON.stringify(statusEvents.map((d) => d.type)) === JSON.stringify(expected),
        'one event per state, in the order of the state machine',
        expected,
        statusEvents.map((d) => d.type),
      );
      const mismatched = statusEvents.filter((d) => d.payload.data.status !== LOAN_HAPPY_PATH[expected.indexOf(d.type)]);
      ctx.ensure(
        mismatched.length === 0,
        'each event carries the status it announces',
        [],
        mismatched.map((d) => [d.type, d.payload.data.status]),
      );
      const finished = seen.at(-1)!;
      // Watching a target that moves by itself may miss `active`; what it set then stays on the loan.
      const active = seen.find((l) => l.status === 'active') ?? finished;
      const fields = {
        contract_generated_signing_url: typeof byType('loan.contract_generated')?.signing_url === 'string',
        awaiting_signatures_signing_url: typeof byType('loan.awaiting_signatures')?.signing_url === 'string',
        signed_ccb_number: byType('loan.signed')?.ccb_number === finished.ccb_number,
        disbursing_method: byType('loan.disbursing')?.disbursement_method === active.disbursement_method,
        active_net_amount: byType('loan.active')?.net_amount === active.net_amount,
        created_requested_amount: byType('loan.created')?.requested_amount === loan.requested_amount,
      };
      const missing = Object.entries(fields)
        .filter(([, ok]) => !ok)
        .map(([k]) => k);
      ctx.ensure(missing.length === 0, "each event carries its state's fields, equal to the loan's", Object.keys(fields), missing);
      const payments = events.filter((d) => d.type === 'loan.payment_received');
      // One event per payment: an installment paid in two parts (a sandbox's partial payment) has two.
      const numbers = [...new Set(payments.map((d) => d.payload.data.payment?.installment_number))].sort((a, b) => a - b);
      ctx.ensure(
        JSON.stringify(numbers) === JSON.stringify(Array.from({ length: loan.number_of_installments }, (_, i) => i + 1)),
        'each payment names its installment, and every installment was paid',
        'installments 1..n',
        numbers,
      );
      ctx.ensure(
        payments.length >= loan.number_of_installments && (ctx.driver.mode !== 'control' || payments.length === loan.number_of_installments),
        'one loan.payment_received per payment',
        `${loan.number_of_installments} (one per payment made)`,
        payments.length,
      );
      const t = (d: { payload: { timestamp?: unknown } }) => Date.parse(String(d.payload.timestamp));
      const activeAt = t(statusEvents.find((d) => d.type === 'loan.active')!);
      const finishedAt = t(statusEvents.find((d) => d.type === 'loan.finished')!);
      ctx.ensure(
        payments.every((d) => t(d) >= activeAt && t(d) <= finishedAt),
        'payments happen between loan.active and loan.finished',
        'active <= payment <= finished',
        payments.map((d) => d.payload.timestamp),
      );
    },
  },
  {
    id: 'LOAN-EVENTS-TERMINAL',
    level: 'MUST',
    area: 'loans',
    title: 'A cancelled loan fires loan.cancelled and a failed one loan.error, each with its status (loan.error may carry error {code, message}).',
    source: `${HOOKS}; decision 15`,
    needs: ['stateful', 'webhooks'],
    timeoutMs: 30_000,
    async run(ctx: CheckContext) {
      requireTriggers(ctx, 'loan.cancel', 'loan.error');
      const control = ctx.driver.mode === 'control';
      const { sink } = await ctx.webhooks.subscribe(ctx.api, ['loan.*']);
      let customer: Customer | undefined;
      for (const to of ['cancelled', 'error'] as const) {
        const made = await newLoan(ctx, control ? { customer } : { trigger: to === 'cancelled' ? 'loan.cancel' : 'loan.error' });
        customer = made.customer;
        const { loan } = made;
        if (control) await walkLoan(ctx, loan.id, happyPath(ctx)[1]!);
        await walkLoan(ctx, loan.id, to);
        const d = await sink.waitFor((x) => x.type === `loan.${to}` && x.payload?.data?.id === loan.id, {
          timeoutMs: ctx.timeoutMs,
          what: `loan.${to} for ${loan.id}`,
        });
        // The reason of a failure first, so an error member of another shape is named as such; then the
        // delivery as a whole (its signature, the event's schema, which also requires { code, message }).
        const err = d.payload?.data?.error;
        if (to === 'error' && err !== undefined)
          ctx.ensure(
            typeof err?.code === 'string' && typeof err?.message === 'string',
            "loan.error's error member has a code and a message",
            '{ code, message }',
            err,
          );
        expectGoodDelivery(ctx, d);
        ctx.ensure(d.payload.data.status === to, `loan.${to} carries status ${to}`, to, d.payload.data.status);
        const after = eventsAbout(sink, loan.id, 'loan.', ctx).map((x) => x.type ?? '');
        // Status events only (a signature received or a payment moves no state); loan.created announces the first state.
        const statusOf = (x: string) => (x === 'loan.created' ? happyPath(ctx)[0]! : x.slice(5));
        const bad = illegalLoanSteps(after.filter((x) => x !== 'loan.payment_received' && x !== 'loan.signature_received').map(statusOf), {
          transitions: loanTransitions(ctx.contract),
        });
        ctx.ensure(bad.length === 0, 'the events follow legal transitions', [], bad);
      }
    },
  },
  {
    id: 'LOAN-UNKNOWN-404',
    level: 'MUST',
    area: 'loans',
    title: 'Retrieving a loan id that does not exist, or its transactions, is a 404 problem.',
    source: 'decision 5; api-facts 1.7',
    needs: ['stateful'],
    async run(ctx: CheckContext) {
      const id = `ln_${randomBytes(16).toString('hex')}`;
      expectProblem(ctx, await ctx.api.request({ method: 'GET', path: `/loans/${id}` }), 'GET /loans/{unknown id}', [404]);
      expectProblem(ctx, await ctx.api.request({ method: 'GET', path: `/loans/${id}/transactions` }), 'GET /loans/{unknown id}/transactions', [404]);
    },
  },
];
