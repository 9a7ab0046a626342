// Moves what Dinie does asynchronously. `control`: through the simulation control API
// (docs/simulation-control.md). `wait`: the target moves by itself (automatic mode, a sandbox) and
// we poll until it has; a step nobody but a person can do makes the check skipped, never failed.
import type { ApiClient, Driver, KycAction } from './context.js';
import { CheckSkipped } from './types.js';
import { poll, PollTimeout } from './poll.js';
import { CheckFailure } from './types.js';

export interface DriverOptions {
  /** `static`: the target never advances anything (a mock): every step is skipped. */
  mode: 'control' | 'wait' | 'static';
  /** Base of the control API (`<origin>/_simulation`), required in control mode. */
  controlUrl?: string;
  /** The partner whose resources are driven (partner A). */
  client: ApiClient;
  /** The target advances processes by itself. */
  auto: boolean;
  /** How long to wait for the target in wait mode, ms. */
  timeoutMs: number;
  /** Called after the target's clock moved (cached tokens may have expired on its clock). */
  onClockMoved?: () => void;
}

/** A step this target cannot take: the check is skipped with the reason. */
function needs(step: string, why: string): never {
  throw new CheckSkipped(`needs ${step}: ${why}`);
}

export function createDriver(opts: DriverOptions): Driver {
  if (opts.mode === 'control') return controlDriver(opts);
  const waiting = waitDriver(opts);
  // A target in automatic mode may still offer the control API: its clock is still ours to move.
  if (opts.controlUrl) return { ...waiting, advanceClock: controlDriver(opts).advanceClock };
  return waiting;
}

function controlDriver(opts: DriverOptions): Driver {
  const base = (opts.controlUrl ?? '').replace(/\/+$/, '');
  if (!base) throw new Error('control mode needs a controlUrl');
  const call = async (path: string, body: unknown, okStatus: number[], what: string) => {
    const res = await opts.client.request({ method: 'POST', path: `${base}${path}`, json: body });
    if (!okStatus.includes(res.status)) {
      const detail = res.body && typeof res.body === 'object' ? res.body.detail ?? res.body.title ?? res.body.code : res.text;
      throw new Error(`simulation control refused to ${what}: POST ${path} answered ${res.status}${detail ? ` (${detail})` : ''}`);
    }
    return res.body;
  };
  return {
    mode: 'control',
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
      await call('/clock', { advance_seconds: Math.round(seconds) }, [200], `move the clock by ${seconds} s`);
      opts.onClockMoved?.();
    },
  };
}

/** Next state on the loan's happy path (decision "loan states"). */
const NEXT_LOAN_STATE: Record<string, string> = {
  processing: 'contract_generated',
  contract_generated: 'awaiting_signatures',
  awaiting_signatures: 'signed',
  signed: 'disbursing',
  disbursing: 'active',
};

function waitDriver(opts: DriverOptions): Driver {
  const api = opts.client;
  const staticWhy = 'the target does not advance asynchronous processes (a static mock)';
  const manualWhy = 'the target has no simulation control API and does not do this step by itself';

  async function waitUntil<T>(probe: () => Promise<T>, pred: (v: T) => boolean, what: string): Promise<T> {
    try {
      return await poll(probe, pred, { what, timeoutMs: opts.timeoutMs, intervalMs: 250 });
    } catch (e) {
      if (e instanceof PollTimeout) {
        throw new CheckFailure(`the target did not ${what} within ${opts.timeoutMs} ms`, what, e.last);
      }
      throw e;
    }
  }
  const getJson = async (path: string) => {
    const res = await api.request({ method: 'GET', path });
    if (res.status !== 200) throw new CheckFailure(`GET ${path} answered ${res.status} while waiting`, 200, res.status);
    return res.body;
  };

  return {
    mode: 'wait',
    async decideKyc(customerId, type, action: KycAction) {
      if (opts.mode === 'static') needs(`${action} of KYC item ${type}`, staticWhy);
      // Only approval (and a completed biometrics session) happen by themselves in automatic mode.
      if (!opts.auto || (action !== 'approve' && action !== 'submit')) {
        needs(`${action} of KYC item ${type}`, `a Dinie analyst must do it; ${manualWhy}`);
      }
      const want = action === 'approve' ? ['approved'] : ['submitted', 'approved'];
      await waitUntil(
        () => getJson(`/customers/${encodeURIComponent(customerId)}`),
        (c: any) => Array.isArray(c?.kyc) && c.kyc.some((k: any) => k?.type === type && want.includes(k?.status)),
        `mark KYC item ${type} of ${customerId} as ${want.join(' or ')}`,
      );
    },
    async finishCreditAnalysis(customerId) {
      if (opts.mode === 'static') needs('a finished credit analysis', staticWhy);
      if (!opts.auto) needs('a finished credit analysis', manualWhy);
      // Terms cannot be imposed on a target that decides by itself: checks read the offer's own terms.
      const page = await waitUntil(
        () => getJson(`/customers/${encodeURIComponent(customerId)}/credit-offers?status=available`),
        (p: any) => Array.isArray(p?.data) && p.data.some((o: any) => o?.status === 'available'),
        `publish an available credit offer for ${customerId}`,
      );
      return page.data.find((o: any) => o?.status === 'available');
    },
    async advanceLoan(loanId, to) {
      if (opts.mode === 'static') needs(`loan ${loanId} to move on`, staticWhy);
      if (to === 'cancelled' || to === 'error') needs(`loan ${loanId} moved to ${to}`, manualWhy);
      const path = `/loans/${encodeURIComponent(loanId)}`;
      const current = await getJson(path);
      const from = String(current?.status);
      if (from === 'awaiting_signatures' && !opts.auto) {
        needs('the contract signed on ClickSign', 'a person must sign it; the target has no simulation control API');
      }
      if (!opts.auto && from !== 'processing' && from !== 'contract_generated') needs(`loan ${loanId} to leave ${from}`, manualWhy);
      const target = to ?? NEXT_LOAN_STATE[from];
      if (!target) throw new Error(`loan ${loanId} is ${from}: there is no next state on the happy path`);
      return waitUntil(() => getJson(path), (l: any) => l?.status === target, `move loan ${loanId} from ${from} to ${target}`);
    },
    async payInstallment(loanId, installmentNumber) {
      if (opts.mode === 'static') needs(`a payment of installment ${installmentNumber}`, staticWhy);
      needs(`a payment of installment ${installmentNumber} of ${loanId}`, 'the customer must pay it; the target has no simulation control API');
    },
    async advanceClock() {
      needs("the target's clock moved", 'only the simulation control API can move it');
    },
  };
}
