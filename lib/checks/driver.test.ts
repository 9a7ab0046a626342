import { describe, expect, it } from 'vitest';
import type { ApiClient, ApiRequest } from './context.js';
import { createDriver, triggerMembers } from './driver.js';
import { CheckFailure, CheckSkipped } from './types.js';

// A client that must never be called: these steps are decided before any request.
const untouchable: ApiClient = {
  partner: 'A',
  clientId: 'dinie_ci_test_x',
  request: () => Promise.reject(new Error('no request expected')),
  token: () => Promise.reject(new Error('no token expected')),
};

/** A client answering GETs from a script: each path yields its bodies in turn, the last one forever. */
function scripted(paths: Record<string, unknown[]>): ApiClient & { seen: string[] } {
  const seen: string[] = [];
  return {
    partner: 'A',
    clientId: 'dinie_ci_test_x',
    seen,
    async request<T>(req: ApiRequest) {
      seen.push(req.path);
      const key = Object.keys(paths).find((p) => req.path.startsWith(p));
      const queue = key ? paths[key]! : [];
      const body = queue.length > 1 ? queue.shift() : queue[0];
      return {
        status: body === undefined ? 404 : 200,
        headers: {},
        body: body as T,
        text: JSON.stringify(body),
        contentType: 'application/json',
        exchange: {} as never,
      };
    },
    token: () => Promise.resolve('t'),
  };
}

async function skipOf(p: Promise<unknown>): Promise<CheckSkipped> {
  const e = await p.then(
    () => undefined,
    (err) => err,
  );
  expect(e).toBeInstanceOf(CheckSkipped);
  return e as CheckSkipped;
}

describe('driver without a control API', () => {
  const manual = createDriver({ mode: 'wait', client: untouchable, timeoutMs: 100, targetName: 'staging' });
  const statik = createDriver({ mode: 'static', client: untouchable, timeoutMs: 100 });

  it('skips an outcome produced only on request, naming the trigger it needs', async () => {
    expect(manual.mode).toBe('wait');
    const reject = await skipOf(manual.decideKyc('cust_1', 'ccmei', 'reject', 'blurred'));
    expect(reject.reason).toMatch(/^needs trigger kyc\.reject \(a rejected KYC document\): staging is not driven by a simulation control API/);
    expect(reject.lacks).toEqual(['trigger:kyc.reject']);
    expect((await skipOf(manual.payInstallment('ln_1', 1))).lacks).toEqual(['trigger:loan.pay']);
    expect((await skipOf(manual.advanceLoan('ln_1', 'cancelled'))).lacks).toEqual(['trigger:loan.cancel']);
    expect((await skipOf(manual.advanceLoan('ln_1', 'error'))).lacks).toEqual(['trigger:loan.error']);
    expect(() => manual.plan('offer.expire')).toThrow(CheckSkipped);
    const clock = await skipOf(manual.advanceClock(60));
    expect(clock.lacks).toEqual(['clock']);
  });

  it('never skips a step the target takes by itself: it waits, and a target that stays put fails naming where', async () => {
    const api = scripted({ '/customers/cust_1': [{ id: 'cust_1', status: 'under_review', kyc: [{ type: 'selfie', status: 'submitted' }] }] });
    const driver = createDriver({ mode: 'wait', client: api, timeoutMs: 300 });
    const e = await driver.decideKyc('cust_1', 'selfie', 'approve').then(
      () => undefined,
      (err) => err,
    );
    expect(e).toBeInstanceOf(CheckFailure);
    expect((e as CheckFailure).message).toBe(
      'the target did not mark KYC item selfie of cust_1 as approved within 300 ms: it stayed at selfie submitted (customer under_review)',
    );
    expect(api.seen.length).toBeGreaterThan(1);
  });

  it('observes a move, and counts a state passed before it looked as reached', async () => {
    const api = scripted({ '/loans/ln_1': [{ status: 'processing' }, { status: 'processing' }, { status: 'signed' }] });
    const driver = createDriver({ mode: 'wait', client: api, timeoutMs: 2_000 });
    const loan = await driver.advanceLoan('ln_1');
    expect(loan).toMatchObject({ status: 'signed' });
  });

  it('uses a declared trigger: plan hands out its members, with a fresh tag', () => {
    const driver = createDriver({
      mode: 'wait',
      client: untouchable,
      timeoutMs: 100,
      triggers: { 'kyc.reject': { on: 'document', set: { filename: 'sandbox-reject-{tag}.pdf' } } },
    });
    const planned = driver.plan('kyc.reject');
    expect(planned?.on).toBe('document');
    expect(triggerMembers(planned, 'document').filename).toMatch(/^sandbox-reject-[a-z0-9]+\.pdf$/);
    expect(triggerMembers(planned, 'customer')).toEqual({});
  });

  it('skips every step on a static mock', async () => {
    expect((await skipOf(statik.decideKyc('cust_1', 'selfie', 'approve'))).reason).toBe(
      'needs approve of KYC item selfie: the target does not advance asynchronous processes (a static mock)',
    );
    expect((await skipOf(statik.advanceLoan('ln_1'))).reason).toMatch(/static mock/);
  });

  it('in control mode plans nothing, and refuses to start without a control URL', () => {
    expect(() => createDriver({ mode: 'control', client: untouchable, timeoutMs: 100 })).toThrow('control mode needs a controlUrl');
    expect(
      createDriver({ mode: 'control', client: untouchable, timeoutMs: 100, controlUrl: 'http://127.0.0.1:1/_simulation' }).plan('loan.cancel'),
    ).toBeUndefined();
  });
});
