// Proves the client certification catches what it exists for: the sample partner
// (examples/sample-partner) registers its receiver and runs its journey against the reference
// server in observe mode, with short delays and a small schedule. Clean, every client requirement
// passes (each one exercised); under each of the sample's faults (client and receiver), and under
// each of the self-test's defects, the requirements faults.ts names turn red (failed for a MUST,
// warning for a SHOULD). Every fault has a probe and every requirement is turned red by one.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  CLIENT_FAULTS,
  type ClientFault,
  DinieClient,
  RECEIVER_FAULTS,
  type ReceiverFault,
  runSampleJourney,
  type SampleJourneyOptions,
  startSampleReceiver,
} from '../../examples/sample-partner/index.js';
import type { CheckResult } from '../../lib/checks/types.js';
import { type ClientJudgeOptions, clientRequirements, finishClientCertification, judgeSession } from '../../lib/partner/client/index.js';
import { startReferenceServer } from '../../lib/reference/index.js';
import type { ObservedSession, ObserveSchedule } from '../../lib/reference/observe/index.js';
import { reportSchemaErrors, verifyCertificationPackage } from '../../lib/report/index.js';
import { loadContract } from '../../lib/spec/index.js';
import { isProxyDefect, startDefectFront, startDefectProxy } from './defect-proxy.js';
import { clientFaultProbes, receiverFaultProbes, SELFTEST_DEFECTS, type SelfTestDefect, selfTestDefectProbes } from './faults.js';

const contract = await loadContract();
const requirements = clientRequirements();

/** Short everything: a 1 s Retry-After, a 100 ms slow answer, deliveries judged late after 1 s. */
const SCHEDULE: Partial<ObserveSchedule> = { retryAfterSeconds: 1, slowMs: 100, holdMs: 300, deliveryTimeoutMs: 1000 };
/**
 * The sample backs off 200 ms, then 400 ms (±20 %), judged against the product's default first
 * back-off (100 ms). The margin is what tells "at once" from "backed off" on a loaded machine: with
 * 50 ms judged against 20 ms, a loaded CI run saw the no-backoff fault's retries come 24 and 29 ms
 * after the 503 (event-loop lag) and judged them backed off.
 */
const RETRY: SampleJourneyOptions['retry'] = { attempts: 4, baseMs: 200, maxMs: 1000, timeoutMs: 3000 };
const POLL: SampleJourneyOptions['poll'] = { initialMs: 20, maxMs: 100, timeoutMs: 15_000 };
const JUDGE: Partial<ClientJudgeOptions> = {};

interface Observed {
  session: ObservedSession;
  secrets: string[];
  partners: { clientId: string; clientSecret: string }[];
  journey: unknown;
}

/** The partner's day against the observing server: register the receiver (as `partner:receiver --register-with` does), run the journey, finish. */
async function observe(opts: { faults?: ClientFault[]; receiverFaults?: ReceiverFault[]; defect?: SelfTestDefect } = {}): Promise<Observed> {
  // refuses-out-of-order judges the customer's KYC updates: its offer comes after them, so the event held back is one of them.
  const creditMs = opts.defect === 'refuses-out-of-order' ? 600 : 20;
  const server = await startReferenceServer({
    port: 0,
    auto: { kycMs: 20, creditMs, loanStepMs: 20 },
    observe: SCHEDULE,
    webhookRetry: { baseMs: 20, maxAttempts: 2 },
  });
  const proxy = opts.defect && isProxyDefect(opts.defect) ? await startDefectProxy(server.baseUrl, opts.defect) : undefined;
  let receiver: Awaited<ReturnType<typeof startSampleReceiver>> | undefined;
  let front: Awaited<ReturnType<typeof startDefectFront>> | undefined;
  try {
    const a = server.partners[0]!;
    const creds = { baseUrl: proxy?.baseUrl ?? server.baseUrl, clientId: a.clientId, clientSecret: a.clientSecret, retry: RETRY, poll: POLL };
    const setup = new DinieClient(creds);
    const ep = await setup.call<{ id: string; secret: string }>('POST', '/webhooks/endpoints', {
      json: { url: 'http://127.0.0.1:9/webhooks/dinie', events: ['*'] },
      idempotent: true,
    });
    receiver = await startSampleReceiver({ secret: ep.secret, faults: opts.receiverFaults ?? [], slowAckMs: 1500 });
    if (opts.defect && !isProxyDefect(opts.defect)) front = await startDefectFront(receiver.url, opts.defect);
    await setup.call('PATCH', `/webhooks/endpoints/${ep.id}`, { json: { url: front?.url ?? receiver.url } });
    const journey = await runSampleJourney({ ...creds, faults: opts.faults ?? [] }).catch((err: unknown) => err);
    await server.observer!.finish('finish request');
    return { session: server.observer!.session(), secrets: server.observer!.secrets(), partners: server.partners, journey };
  } finally {
    await front?.close();
    await receiver?.close();
    await proxy?.close();
    await server.close();
  }
}

const describeResult = (r: CheckResult | undefined) => (r ? `${r.outcome}${r.message ? ` (${r.message})` : ''}` : 'not judged');
const red = (r: CheckResult | undefined) => r?.outcome === 'failed' || r?.outcome === 'warning';

describe('client certification against the sample partner', () => {
  test('a clean partner exercises and passes every client requirement; the reports validate, certify, and carry no secret', { timeout: 90_000 }, async () => {
    const run = await observe();
    expect(run.journey, 'the journey ends with a loan').toMatchObject({ loanId: expect.stringMatching(/^ln_/) });
    const results = judgeSession(run.session, contract, JUDGE);
    expect(results.map((r) => r.id)).toEqual(requirements.map((r) => r.id));
    for (const r of results) expect(r.outcome, `${r.id}: ${describeResult(r)}\n${r.evidence.notes.slice(0, 6).join('\n')}`).toBe('passed');
    // Every disturbance of the schedule was met.
    const met = new Set(run.session.exchanges.map((e) => e.disturbance).filter(Boolean));
    expect([...met].sort()).toEqual(['rate-limit', 'server-error', 'slow', 'token-expired']);
    const kinds = new Set(run.session.deliveries.map((d) => (d.outOfOrder ? 'out-of-order' : d.kind)));
    expect([...kinds].sort()).toEqual(['forged', 'genuine', 'out-of-order', 'redelivery']);

    const dir = await mkdtemp(path.join(tmpdir(), 'dinie-client-'));
    try {
      const out = await finishClientCertification({
        session: run.session,
        reportDir: dir,
        certify: true,
        secrets: run.secrets,
        credentials: run.partners,
        judge: JUDGE,
        allureHtml: false,
      });
      expect(out.report.verdict.status).toBe('conforming');
      expect(out.exitCode).toBe(0);
      expect(out.report.target.name).toBe('partner client');
      const json = JSON.parse(await readFile(out.written.json, 'utf8'));
      expect(reportSchemaErrors(json)).toEqual([]);
      expect(json.target).toMatchObject({ name: 'partner client', profile: 'client' });
      expect(out.certified).toBeDefined();
      expect((await verifyCertificationPackage(out.certified!)).ok).toBe(true);
      // No secret in any file written: the partners' client secrets, the tokens issued, the endpoint's signing secret.
      const endpointSecret = run.secrets.find((s) => s.startsWith('whsec_'));
      expect(endpointSecret).toBeDefined();
      const files = await listFiles(dir);
      expect(files.length).toBeGreaterThan(5);
      for (const f of files) {
        const text = await readFile(f, 'utf8');
        for (const s of run.secrets) expect(text.includes(s), `${path.relative(dir, f)} carries a secret`).toBe(false);
        expect(text.includes(endpointSecret!.slice('whsec_'.length)), `${path.relative(dir, f)} carries the signing key`).toBe(false);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('every sample fault has a probe, every probe a known fault and requirement; every requirement is turned red by one', () => {
    const ids = new Set<string>(requirements.map((r) => r.id));
    const probes = [...clientFaultProbes, ...receiverFaultProbes, ...selfTestDefectProbes];
    expect(
      Object.keys(CLIENT_FAULTS).filter((f) => !clientFaultProbes.some((p) => p.fault === f)),
      'client faults without a probe',
    ).toEqual([]);
    expect(clientFaultProbes.filter((p) => !(p.fault in CLIENT_FAULTS)).map((p) => p.fault)).toEqual([]);
    expect(receiverFaultProbes.filter((p) => !(p.fault in RECEIVER_FAULTS)).map((p) => p.fault)).toEqual([]);
    expect(
      probes.filter((p) => !ids.has(p.requirement)).map((p) => p.requirement),
      'probes naming no requirement',
    ).toEqual([]);
    const proven = new Set(probes.map((p) => p.requirement));
    expect(
      requirements.filter((r) => !proven.has(r.id)).map((r) => r.id),
      'requirements no defect turns red',
    ).toEqual([]);
  });

  const cases: { name: string; probes: { requirement: string }[]; run: () => Promise<Observed> }[] = [
    ...(Object.keys(CLIENT_FAULTS) as ClientFault[]).map((fault) => ({
      name: `client fault ${fault} (${CLIENT_FAULTS[fault]})`,
      probes: clientFaultProbes.filter((p) => p.fault === fault),
      run: () => observe({ faults: [fault] }),
    })),
    ...[...new Set(receiverFaultProbes.map((p) => p.fault))].map((fault) => ({
      name: `receiver fault ${fault}`,
      probes: receiverFaultProbes.filter((p) => p.fault === fault),
      run: () => observe({ receiverFaults: [fault as ReceiverFault] }),
    })),
    ...(Object.keys(SELFTEST_DEFECTS) as SelfTestDefect[]).map((defect) => ({
      name: `self-test defect ${defect} (${SELFTEST_DEFECTS[defect]})`,
      probes: selfTestDefectProbes.filter((p) => p.fault === defect),
      run: () => observe({ defect }),
    })),
  ];
  describe.concurrent('each defect turns its requirements red', () => {
    for (const c of cases) {
      test(c.name, { timeout: 90_000 }, async () => {
        const run = await c.run();
        const results = judgeSession(run.session, contract, JUDGE);
        for (const p of c.probes) {
          const r = results.find((x) => x.id === p.requirement);
          expect(
            red(r),
            `under ${c.name}, ${p.requirement} must fail or warn, but it was ${describeResult(r)}\n${r?.evidence.notes.slice(0, 6).join('\n')}`,
          ).toBe(true);
        }
      });
    }
  });
});

/** Every file under `dir`, at any depth. */
async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
