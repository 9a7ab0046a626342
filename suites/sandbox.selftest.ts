// Abroad at home: the whole catalogue against the reference server's sandbox mode (no control API,
// its own delays, rate limits on every credential, thousands of accumulated customers), driven
// only by what a partner has — the Dinie API, webhooks and the triggers its config declares.
// Everything that passes against the controlled server must pass here too, and nothing may be
// skipped but what needs a clock move; without the triggers, each skip names the one it needs.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { runChecks } from '../lib/checks/runner.js';
import type { CheckResult } from '../lib/checks/types.js';
import type { FaultName } from '../lib/reference/faults.js';
import { DEMO_PARTNERS, startReferenceServer } from '../lib/reference/index.js';
import { isNotApplicable } from '../lib/report/not-applicable.js';
import { resolveTarget } from '../lib/targets/resolve.js';
import { loadCatalogue } from './catalogue.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const catalogue = await loadCatalogue();
// The default wait per step: a loaded machine (two vitest workers, other runs) must not turn waiting into failing.
const SETTINGS = { seed: 20261201, runs: 3, timeoutMs: 10_000, concurrency: 4 };
const env = {
  DINIE_CLIENT_ID: DEMO_PARTNERS[0]!.clientId,
  DINIE_CLIENT_SECRET: DEMO_PARTNERS[0]!.clientSecret,
  DINIE_CLIENT_ID_2: DEMO_PARTNERS[1]!.clientId,
  DINIE_CLIENT_SECRET_2: DEMO_PARTNERS[1]!.clientSecret,
};

/** The example config of the repository, pointed at this test's server. */
async function exampleConfigFor(baseUrl: string): Promise<string> {
  const example = JSON.parse(await readFile(path.join(ROOT, 'fixtures/targets/sandbox.config.json'), 'utf8'));
  example.targets['reference-sandbox'].baseUrl = baseUrl;
  const file = path.join(await mkdtemp(path.join(tmpdir(), 'dinie-sandbox-')), 'dinie-conformance.config.json');
  await writeFile(file, JSON.stringify(example));
  return file;
}

async function runAll(target: string, opts: { configPath?: string } = {}): Promise<CheckResult[]> {
  const resolved = await resolveTarget({ target, env, ...opts });
  try {
    return await runChecks({ target: resolved.spec, checks: catalogue, ...SETTINGS });
  } finally {
    await resolved.close();
  }
}

const line = (r: CheckResult) => `${r.id}: ${r.outcome}${r.message ? ` (${r.message.split('\n')[0]})` : ''}`;

/**
 * A sandbox as a partner meets it, one per catalogue run so that no run spends another's rate-limit
 * budget and the runs can go side by side. Short steps keep the test quick. The rate limit is real
 * (the client paces itself and the rate-limit checks reach their 429) but in short windows, so
 * pacing costs seconds, not minutes.
 */
function startSandbox() {
  return startReferenceServer({
    port: 0,
    sandbox: { stepMs: 60, latencyMs: 2, seedCustomers: 3_000, rateLimit: { limit: 900, windowSeconds: 6 } },
  });
}

/** Runs `body` against a fresh sandbox, closed afterwards. */
async function withSandbox<T>(body: (sandbox: Awaited<ReturnType<typeof startSandbox>>) => Promise<T>): Promise<T> {
  const sandbox = await startSandbox();
  try {
    return await body(sandbox);
  } finally {
    await sandbox.close();
  }
}

// Every test starts its own servers: they run side by side, each mostly waiting on steps and pacing.
describe.concurrent('the sandbox mode of the reference server, as a partner meets it', () => {
  test('with its config: every MUST is checked but those needing a clock move, and all pass that pass at home', async () => {
    const abroad = await withSandbox(async (sandbox) => runAll('reference-sandbox', { configPath: await exampleConfigFor(sandbox.baseUrl) }));
    const failed = abroad.filter((r) => r.outcome === 'failed' || r.outcome === 'warning').map(line);
    expect(failed, failed.join('\n')).toEqual([]);
    // A SHOULD may skip honestly (e.g. a rate-limit window that reset between two requests).
    // A requirement of another contract revision is not applicable here: neither checked nor a gap.
    const skipped = abroad.filter((r) => r.outcome === 'skipped' && r.level === 'MUST' && !isNotApplicable(r));
    const unexpected = skipped.filter((r) => !(r.lacks ?? []).length || (r.lacks ?? []).some((l) => l !== 'clock')).map(line);
    expect(unexpected, unexpected.join('\n')).toEqual([]);
    // All pass that pass at home, judged without a run at home: every MUST passes here but those
    // needing a clock move and those not applicable, a superset of the MUSTs that pass at home. (A run
    // of the whole catalogue against the controlled server, about 7 CPU-s, added nothing: a MUST
    // passed at home and not passed here is failed here or skipped for something other than the
    // clock, which the two judgements above already refuse.)
    const notHere = abroad.filter((r) => r.level === 'MUST' && r.outcome !== 'passed' && !(r.lacks ?? []).includes('clock') && !isNotApplicable(r)).map(line);
    expect(notHere, notHere.join('\n')).toEqual([]);
  }, 240_000);

  test('without the triggers: each check that needs one is skipped naming it, and nothing else changes', async () => {
    const results = await withSandbox((sandbox) => runAll(sandbox.baseUrl));
    const triggerSkips = results.filter((r) => r.outcome === 'skipped' && (r.lacks ?? []).some((l) => l.startsWith('trigger:')));
    const named = new Set(triggerSkips.flatMap((r) => r.lacks ?? []));
    expect([...named].sort()).toEqual([
      'trigger:kyc.correction',
      'trigger:kyc.reject',
      'trigger:loan.cancel',
      'trigger:loan.error',
      'trigger:loan.pay',
      'trigger:offer.expire',
    ]);
    for (const r of triggerSkips) expect(r.message).toMatch(/needs trigger [a-z]+\.[a-z]+ \(/);
    const failed = results.filter((r) => r.outcome === 'failed').map(line);
    expect(failed, failed.join('\n')).toEqual([]);
  }, 240_000);

  // The checks whose outcome comes from a trigger, shown to turn red abroad too: each fault
  // against its own sandbox, driven only by the declared triggers and waiting.
  const ABROAD: [FaultName, string][] = [
    ['rejection-without-message', 'KYC-REJECTION-RESUBMISSION'],
    ['patch-does-not-resume-correction', 'KYC-CORRECTION-VIA-PATCH'],
    ['loan-not-finished-when-paid', 'LOAN-PAYMENTS'],
    ['cancelled-event-stale-status', 'LOAN-EVENTS-TERMINAL'],
    // Polling may miss disbursing (gaps are allowed), so only the loan's events show the skipped state.
    ['loan-skips-disbursing', 'LOAN-LIFECYCLE-LEGAL-STEPS'],
    ['offer-never-expires', 'CREDIT-OFFER-EXPIRES'],
  ];
  test.concurrent.each(ABROAD)(
    'fault %s turns %s red on the sandbox, through its trigger',
    async (fault, id) => {
      const server = await startReferenceServer({
        port: 0,
        faults: [fault],
        sandbox: { stepMs: 60, seedCustomers: 0, rateLimit: { limit: 100_000, windowSeconds: 60 } },
      });
      try {
        const resolved = await resolveTarget({ target: 'reference-sandbox', env, configPath: await exampleConfigFor(server.baseUrl) });
        try {
          // A shorter wait: on these faults the target never gets where the check waits for it.
          const [result] = await runChecks({ target: resolved.spec, checks: catalogue.filter((c) => c.id === id), ...SETTINGS, timeoutMs: 4_000 });
          expect(result!.outcome, line(result!)).toBe(result!.level === 'MUST' ? 'failed' : 'warning');
        } finally {
          await resolved.close();
        }
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});
