// Moves what Dinie does asynchronously. `control`: through the simulation control API
// (docs/simulation-control.md). `wait`: the target moves by itself (a sandbox, automatic mode) and
// every step is observed by polling with back-off, within a budget; a target that does not move
// fails the check with the state it was stuck in. Outcomes a target only produces on request
// (rejection, cancellation, payments, …) come from the value triggers declared for it, or the
// check is skipped naming the trigger it needs. `static`: a mock that never moves.

import type { ValueTrigger } from '../targets/types.js';
import type { ApiClient, Driver, KycAction } from './context.js';
import { PollTimeout, poll } from './poll.js';
import { CheckFailure, CheckSkipped, type Trigger } from './types.js';

export interface DriverOptions {
  /** `static`: the target never advances anything (a mock): every step is skipped. */
  mode: 'control' | 'wait' | 'static';
  /** Base of the control API (`<origin>/_simulation`), required in control mode. */
  controlUrl?: string;
  /** The partner whose resources are driven (partner A). */
  client: ApiClient;
  /** How long one asynchronous step may take before the target counts as stuck, ms. */
  timeoutMs: number;
  /** Value triggers declared for the target (project config). */
  triggers?: Partial<Record<Trigger, ValueTrigger>>;
  /** Name of the target, for skip reasons. */
  targetName?: string;
  /**
   * Called after the target's clock moved (cached tokens may have expired on its clock), with the
   * target's `now` the control API answered.
   */
  onClockMoved?: (now: string | undefined) => void;
  /**
   * Calls `resume` when an event about `resourceId` arrives (webhooks reaching us), so a wait
   * looks again at once instead of at its next poll; returns how to stop listening.
   */
  onEventAbout?: (resourceId: string, resume: () => void) => () => void;
}

/** What each trigger produces, for skip reasons. */
const TRIGGER_OUTCOME: Record<Trigger, string> = {
  'kyc.reject': 'a rejected KYC document',
  'kyc.correction': 'a KYC data correction request',
  'loan.cancel': 'a cancelled loan',
  'loan.error': 'a failed (error) loan',
  'loan.pay': 'installment payments',
  'offer.expire': 'an expired credit offer',
};

/** The skip of a check that needs an outcome this target produces only on request. */
export function missingTrigger(trigger: Trigger, targetName = 'this target'): CheckSkipped {
  return new CheckSkipped(
    `needs trigger ${trigger} (${TRIGGER_OUTCOME[trigger]}): ${targetName} is not driven by a simulation control API and its config declares no "${trigger}" trigger`,
    [`trigger:${trigger}`],
  );
}

export function createDriver(opts: DriverOptions): Driver {
  if (opts.mode === 'control') return controlDriver(opts);
  const waiting = waitDriver(opts);
  // A target that moves by itself may still offer the control API: its clock is still ours to move.
  if (opts.controlUrl) return { ...waiting, advanceClock: controlDriver(opts).advanceClock };
  return waiting;
}

/**
 * The control API refused a step (docs/simulation-control.md: 409 when the state does not allow
 * it). A check asking for a step the lifecycle allows may judge the refusal as the target's.
 */
export class ControlRefused extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ControlRefused';
  }
}

function controlDriver(opts: DriverOptions): Driver {
  const base = (opts.controlUrl ?? '').replace(/\/+$/, '');
  if (!base) throw new Error('control mode needs a controlUrl');
  const call = async (path: string, body: unknown, okStatus: number[], what: string) => {
    const res = await opts.client.request<unknown>({ method: 'POST', path: `${base}${path}`, json: body });
    if (!okStatus.includes(res.status)) {
      const detail =
        res.body && typeof res.body === 'object' ? (memberOf(res.body, 'detail') ?? memberOf(res.body, 'title') ?? memberOf(res.body, 'code')) : res.text;
      throw new ControlRefused(`simulation control refused to ${what}: POST ${path} answered ${res.status}${detail ? ` (${detail})` : ''}`, res.status);
    }
    return res.body;
  };
  return {
    mode: 'control',
    // The control API produces every outcome when asked: nothing to put on the requests.
    plan: () => undefined,
    async decideKyc(customerId, type, action, message) {
      await call(
        `/customers/${encodeURIComponent(customerId)}/kyc/${encodeURIComponent(type)}`,
        message === undefined ? { action } : { action, message },
        [200],
        `${action} KYC item ${type} of ${customerId}`,
      );
    },
    finishCreditAnalysis: (customerId, terms) =>
      call(`/customers/${encodeURIComponent(customerId)}/credit-analysis`, terms ?? {}, [200, 201], `finish the credit analysis of ${customerId}`),
    advanceLoan: (loanId, to) =>
      call(`/loans/${encodeURIComponent(loanId)}/advance`, to ? { to } : {}, [200], `advance loan ${loanId}${to ? ` to ${to}` : ''}`),
    payInstallment: (loanId, installmentNumber, amount) =>
      call(
        `/loans/${encodeURIComponent(loanId)}/payments`,
        amount === undefined ? { installment_number: installmentNumber } : { installment_number: installmentNumber, amount },
        [200, 201],
        `record a payment of installment ${installmentNumber} of ${loanId}`,
      ),
    async advanceClock(seconds) {
      const moved = await call('/clock', { advance_seconds: Math.round(seconds) }, [200], `move the clock by ${seconds} s`);
      const now = memberOf(moved, 'now');
      opts.onClockMoved?.(typeof now === 'string' ? now : undefined);
    },
  };
}

/** The loan's happy path (decision "loan states"), for "reached or passed" while watching. */
const HAPPY = ['processing', 'contract_generated', 'awaiting_signatures', 'signed', 'disbursing', 'active', 'finished'];

/** What a KYC decision looks like once the target has made it by itself. */
const KYC_OUTCOME: Record<KycAction, string[]> = {
  submit: ['submitted', 'approved'],
  approve: ['approved'],
  reject: ['pending_resubmission', 'rejected'],
  request_correction: ['pending_correction'],
};

/** A member of a JSON object the target answered with (undefined when it is no object). */
function memberOf(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}
/** An array member of a JSON object the target answered with (empty when absent or not an array). */
function listAt(value: unknown, key: string): unknown[] {
  const m = memberOf(value, key);
  return Array.isArray(m) ? m : [];
}

function waitDriver(opts: DriverOptions): Driver {
  const api = opts.client;
  const name = opts.targetName ?? 'the target';
  const staticSkip = (step: string) => new CheckSkipped(`needs ${step}: the target does not advance asynchronous processes (a static mock)`, ['stateful']);

  const requireTrigger = (trigger: Trigger): ValueTrigger => {
    const t = opts.triggers?.[trigger];
    if (!t) throw missingTrigger(trigger, name);
    return t;
  };

  /** Polls with back-off until `pred`; a target that does not get there fails, naming where it stayed. */
  async function observe<T>(
    probe: () => Promise<T>,
    pred: (v: T) => boolean,
    what: string,
    stuckAt: (v: T | undefined) => string,
    resourceId: string,
  ): Promise<T> {
    const wake = opts.onEventAbout ? (resume: () => void) => opts.onEventAbout!(resourceId, resume) : undefined;
    try {
      return await poll(probe, pred, { what, timeoutMs: opts.timeoutMs, intervalMs: 200, backoff: 1.5, maxIntervalMs: 2_000, wake });
    } catch (e) {
      if (e instanceof PollTimeout) {
        throw new CheckFailure(`the target did not ${what} within ${opts.timeoutMs} ms: it stayed ${stuckAt(e.last as T | undefined)}`, what, e.last);
      }
      throw e;
    }
  }
  const getJson = async (path: string): Promise<unknown> => {
    const res = await api.request<unknown>({ method: 'GET', path });
    if (res.status !== 200) throw new CheckFailure(`GET ${path} answered ${res.status} while waiting for the target to move`, 200, res.status);
    return res.body;
  };
  const item = (c: unknown, type: string) => listAt(c, 'kyc').find((k) => memberOf(k, 'type') === type);

  return {
    mode: 'wait',
    plan(trigger) {
      if (opts.mode === 'static') throw staticSkip(TRIGGER_OUTCOME[trigger]);
      return requireTrigger(trigger);
    },
    async decideKyc(customerId, type, action: KycAction) {
      if (opts.mode === 'static') throw staticSkip(`${action} of KYC item ${type}`);
      if (action === 'reject') requireTrigger('kyc.reject');
      if (action === 'request_correction') requireTrigger('kyc.correction');
      const want = KYC_OUTCOME[action];
      // A correction is asked on whichever data item the target picks; the others name theirs.
      const match = (c: unknown) =>
        action === 'request_correction'
          ? listAt(c, 'kyc').some((k) => want.includes(String(memberOf(k, 'status'))))
          : want.includes(String(memberOf(item(c, type), 'status')));
      await observe(
        () => getJson(`/customers/${encodeURIComponent(customerId)}`),
        match,
        `mark KYC item ${type} of ${customerId} as ${want.join(' or ')}`,
        (c) => `at ${type} ${memberOf(item(c, type), 'status') ?? 'absent'} (customer ${memberOf(c, 'status') ?? 'unknown'})`,
        customerId,
      );
    },
    async finishCreditAnalysis(customerId) {
      if (opts.mode === 'static') throw staticSkip('a finished credit analysis');
      // Terms cannot be imposed on a target that decides by itself: checks read the offer's own terms.
      const page = await observe(
        () => getJson(`/customers/${encodeURIComponent(customerId)}/credit-offers?status=available`),
        (p) => listAt(p, 'data').some((o) => memberOf(o, 'status') === 'available'),
        `publish an available credit offer for ${customerId}`,
        () => 'without an available offer',
        customerId,
      );
      return listAt(page, 'data').find((o) => memberOf(o, 'status') === 'available');
    },
    async advanceLoan(loanId, to) {
      if (opts.mode === 'static') throw staticSkip(`loan ${loanId} to move on`);
      if (to === 'cancelled') requireTrigger('loan.cancel');
      if (to === 'error') requireTrigger('loan.error');
      if (to === 'finished') requireTrigger('loan.pay');
      const path = `/loans/${encodeURIComponent(loanId)}`;
      const from = String(memberOf(await getJson(path), 'status'));
      const target = to ?? HAPPY[HAPPY.indexOf(from) + 1];
      if (!target || (from === 'active' && !to)) throw new Error(`loan ${loanId} is ${from}: there is no next state the target takes by itself`);
      const goal = HAPPY.indexOf(target);
      // A target that moves fast may pass the state before we look: on the happy path, passing counts.
      const reached = (l: unknown) => memberOf(l, 'status') === target || (goal >= 0 && HAPPY.indexOf(String(memberOf(l, 'status'))) > goal);
      return observe(
        () => getJson(path),
        reached,
        `move loan ${loanId} from ${from} to ${target}`,
        (l) => `in ${memberOf(l, 'status') ?? 'an unknown state'}`,
        loanId,
      );
    },
    async payInstallment(loanId, installmentNumber, amount) {
      if (opts.mode === 'static') throw staticSkip(`a payment of installment ${installmentNumber}`);
      requireTrigger('loan.pay');
      // The customer pays by themself (the declared trigger): watch the installment get paid.
      const want = amount === undefined ? ['paid'] : ['partially_paid', 'paid'];
      const nth = async () => {
        const page = await getJson(`/loans/${encodeURIComponent(loanId)}/transactions?limit=100`);
        const txs = listAt(page, 'data')
          .slice()
          .sort((a, b) => String(memberOf(a, 'due_date')).localeCompare(String(memberOf(b, 'due_date'))));
        return txs[installmentNumber - 1];
      };
      return observe(
        nth,
        (t) => want.includes(String(memberOf(t, 'status'))),
        `record a payment of installment ${installmentNumber} of ${loanId}`,
        (t) => `${memberOf(t, 'status') ?? 'absent'}`,
        loanId,
      );
    },
    async advanceClock() {
      throw new CheckSkipped("needs the target's clock moved: only a simulation control API can move it", ['clock']);
    },
  };
}

/**
 * The request members a planned trigger adds to a request of kind `on`, with `{tag}` replaced by a
 * fresh tag; nothing when the trigger goes elsewhere (or in control mode, where there is none).
 */
export function triggerMembers(planned: ValueTrigger | undefined, on: ValueTrigger['on']): Record<string, string> {
  if (!planned || planned.on !== on) return {};
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
  return Object.fromEntries(Object.entries(planned.set).map(([k, v]) => [k, v.replaceAll('{tag}', tag)]));
}
