// Proves the receiver certification catches what it exists for, as suites/faults.selftest.ts does
// for the server suites: against the sample partner's receiver (examples/sample-partner) every
// requirement passes when it is clean, and under each of its faults the requirements faults.ts
// names turn red (failed for a MUST, warning for a SHOULD); the rules no sample fault breaks alone
// are broken by the self-test's own defect receiver in front of a clean sample. Every fault has a
// probe and every requirement is turned red by at least one.
import { afterAll, describe, expect, test } from 'vitest';
import { RECEIVER_FAULTS, type ReceiverFault, startSampleReceiver } from '../../examples/sample-partner/index.js';
import type { CheckResult } from '../../lib/checks/types.js';
import { contractEvents } from '../../lib/partner/receiver/events.js';
import { type ReceiverCheck, runReceiverChecks } from '../../lib/partner/receiver/runner.js';
import { otherSecret } from '../../lib/partner/receiver/secret.js';
import { loadContract } from '../../lib/spec/index.js';
import { receiverChecks } from './checks.js';
import { startDefectReceiver } from './defect-receiver.js';
import { SELFTEST_DEFECTS, type SelfTestDefect, sampleFaultProbes, selfTestDefectProbes } from './faults.js';

const contract = await loadContract();
const events = contractEvents(contract);
const secret = otherSecret();
const byId = new Map(receiverChecks.map((c) => [c.id, c]));
/** Short waits keep the self-test fast: slow-ack answers after 600 ms, the certification waits 200 ms. */
const SLOW_ACK_MS = 600;
const timeoutFor = (fault: string) => (fault === 'slow-ack' || fault === 'never-answers' ? 200 : 2_000);

interface Run {
  results: CheckResult[];
  acted: { id: string; type: string }[];
}

async function runOn(opts: {
  faults?: ReceiverFault[];
  defect?: SelfTestDefect | 'none';
  checks: readonly ReceiverCheck[];
  timeoutMs: number;
  hook?: boolean;
}): Promise<Run> {
  const sample = await startSampleReceiver({ secret: secret.secret, faults: opts.faults ?? [], slowAckMs: SLOW_ACK_MS });
  const front = opts.defect ? await startDefectReceiver(sample.url, opts.defect === 'none' ? undefined : opts.defect, events) : undefined;
  try {
    const results = await runReceiverChecks({
      url: front?.url ?? sample.url,
      secret,
      contract,
      checks: opts.checks,
      timeoutMs: opts.timeoutMs,
      ...(opts.hook === false ? {} : { processedUrl: `${sample.url}/processed?webhook_id={webhook_id}` }),
    });
    return { results, acted: sample.events() };
  } finally {
    await front?.close();
    await sample.close();
  }
}

const describeResult = (r: CheckResult | undefined) => (r ? `${r.outcome}${r.message ? ` (${r.message})` : ''}` : 'not run');
const red = (r: CheckResult | undefined) => r?.outcome === 'failed' || r?.outcome === 'warning';

describe('receiver certification against the sample receiver', () => {
  test('a clean receiver passes every requirement, and acted on every event type of the contract', { timeout: 60_000 }, async () => {
    const { results, acted } = await runOn({ checks: receiverChecks, timeoutMs: 5_000 });
    for (const r of results) expect(r.outcome, `${r.id}: ${describeResult(r)}`).toBe('passed');
    expect(results.map((r) => r.id)).toEqual(receiverChecks.map((c) => c.id));
    const types = new Set(acted.map((a) => a.type));
    for (const e of events) expect(types.has(e.type), `the sample acted on ${e.type}`).toBe(true);
    // Every delivery is evidence: the 16 events each one exchange, each with its reproduction.
    const ev = results.find((r) => r.id === 'RECV-EVENTS-ACKNOWLEDGED')!;
    expect(ev.evidence.exchanges).toHaveLength(events.length);
    for (const ex of ev.evidence.exchanges) expect(ex.curl).toMatch(/openssl dgst -sha256 -mac HMAC/);
  });

  test('without the observation hook, RECV-PROCESSES-ONCE is skipped with its reason; the rest passes', { timeout: 30_000 }, async () => {
    const { results } = await runOn({ checks: receiverChecks, timeoutMs: 5_000, hook: false });
    const once = results.find((r) => r.id === 'RECV-PROCESSES-ONCE');
    expect(once).toMatchObject({ outcome: 'skipped', level: 'SHOULD' });
    expect(once?.message).toMatch(/--receiver-processed-url/);
    expect(results.filter((r) => r.id !== 'RECV-PROCESSES-ONCE').every((r) => r.outcome === 'passed')).toBe(true);
  });

  test('every sample fault has a probe, every probe a known fault and requirement', () => {
    const faults = Object.keys(RECEIVER_FAULTS);
    expect(
      faults.filter((f) => !sampleFaultProbes.some((p) => p.fault === f)),
      'sample faults without a probe',
    ).toEqual([]);
    expect(
      sampleFaultProbes.filter((p) => !faults.includes(p.fault)).map((p) => p.fault),
      'probes of unknown sample faults',
    ).toEqual([]);
    const probes = [...sampleFaultProbes, ...selfTestDefectProbes];
    expect(
      probes.filter((p) => !byId.has(p.requirement)).map((p) => p.requirement),
      'probes naming no requirement',
    ).toEqual([]);
  });

  test('every requirement is turned red by a fault or a defect', () => {
    const proven = new Set([...sampleFaultProbes, ...selfTestDefectProbes].map((p) => p.requirement));
    expect(receiverChecks.filter((c) => !proven.has(c.id)).map((c) => c.id)).toEqual([]);
  });

  describe.concurrent('sample faults', () => {
    for (const fault of Object.keys(RECEIVER_FAULTS) as ReceiverFault[]) {
      const mine = sampleFaultProbes.filter((p) => p.fault === fault);
      test(`fault ${fault} is caught`, { timeout: 60_000 }, async () => {
        const { results } = await runOn({ faults: [fault], checks: mine.map((p) => byId.get(p.requirement)!), timeoutMs: timeoutFor(fault) });
        for (const p of mine) {
          const r = results.find((x) => x.id === p.requirement);
          expect(red(r), `under ${fault} (${RECEIVER_FAULTS[fault]}), ${p.requirement} must fail or warn, but it was ${describeResult(r)}`).toBe(true);
        }
      });
    }
  });

  describe.concurrent('self-test defects (a receiver in front of a clean sample)', () => {
    test('with no defect it is transparent: every requirement passes through it', { timeout: 60_000 }, async () => {
      const { results } = await runOn({ defect: 'none', checks: receiverChecks, timeoutMs: 5_000 });
      for (const r of results) expect(r.outcome, `${r.id}: ${describeResult(r)}`).toBe('passed');
    });
    for (const defect of Object.keys(SELFTEST_DEFECTS) as SelfTestDefect[]) {
      const mine = selfTestDefectProbes.filter((p) => p.fault === defect);
      test(`defect ${defect} is caught`, { timeout: 60_000 }, async () => {
        const { results } = await runOn({ defect, checks: mine.map((p) => byId.get(p.requirement)!), timeoutMs: timeoutFor(defect) });
        for (const p of mine) {
          const r = results.find((x) => x.id === p.requirement);
          expect(red(r), `under ${defect} (${SELFTEST_DEFECTS[defect]}), ${p.requirement} must fail or warn, but it was ${describeResult(r)}`).toBe(true);
        }
        if (defect === 'never-answers') {
          const r = results.find((x) => x.id === 'RECV-EVENTS-ACKNOWLEDGED')!;
          // Bounded: every event is an exchange saying so, and the run took about one timeout per silent delivery before the rest went at once.
          expect(r.evidence.exchanges).toHaveLength(events.length);
          for (const ex of r.evidence.exchanges) expect(ex.error).toBe('no answer within 200 ms');
          expect(r.durationMs).toBeLessThan(5_000);
        }
      });
    }
  });
});

afterAll(() => undefined);
