import { describe, expect, it } from 'vitest';
import type { ApiClient } from './context.js';
import { createDriver } from './driver.js';
import { CheckSkipped } from './types.js';

// A client that must never be called: these steps are decided before any request.
const untouchable: ApiClient = {
  partner: 'A',
  clientId: 'dinie_ci_test_x',
  request: () => Promise.reject(new Error('no request expected')),
  token: () => Promise.reject(new Error('no token expected')),
};

async function reason(p: Promise<unknown>): Promise<string> {
  const e = await p.then(() => undefined, (err) => err);
  expect(e).toBeInstanceOf(CheckSkipped);
  return (e as CheckSkipped).reason;
}

describe('driver without a control API', () => {
  const manual = createDriver({ mode: 'wait', client: untouchable, auto: false, timeoutMs: 100 });
  const statik = createDriver({ mode: 'static', client: untouchable, auto: false, timeoutMs: 100 });

  it('skips what only a person or Dinie can do, naming the step', async () => {
    expect(manual.mode).toBe('wait');
    expect(await reason(manual.decideKyc('cust_1', 'ccmei', 'reject', 'blurred'))).toBe(
      'needs reject of KYC item ccmei: a Dinie analyst must do it; the target has no simulation control API and does not do this step by itself',
    );
    expect(await reason(manual.finishCreditAnalysis('cust_1'))).toMatch(/^needs a finished credit analysis:/);
    expect(await reason(manual.payInstallment('ln_1', 1))).toBe('needs a payment of installment 1 of ln_1: the customer must pay it; the target has no simulation control API');
    expect(await reason(manual.advanceClock(60))).toBe("needs the target's clock moved: only the simulation control API can move it");
    expect(await reason(manual.advanceLoan('ln_1', 'cancelled'))).toMatch(/^needs loan ln_1 moved to cancelled:/);
  });

  it('skips every step on a static mock', async () => {
    expect(await reason(statik.decideKyc('cust_1', 'selfie', 'approve'))).toBe(
      'needs approve of KYC item selfie: the target does not advance asynchronous processes (a static mock)',
    );
    expect(await reason(statik.advanceLoan('ln_1'))).toMatch(/static mock/);
  });

  it('refuses control mode without a control URL', () => {
    expect(() => createDriver({ mode: 'control', client: untouchable, auto: false, timeoutMs: 100 })).toThrow('control mode needs a controlUrl');
  });
});
