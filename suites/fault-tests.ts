// The fault self-tests on the docs revision, one share of the faults per test file: each file runs
// in a vitest worker of its own, and the runs of one file share its one thread (servers and clients
// in-process), so shares in several files use the machine's cores side by side.
import { appendFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { FAULTS, type FaultName } from '../lib/reference/faults.js';
import { byId, catalogue, collateral, describeResult, inRevision, isRed, limit, notCaught, probes, runOn } from './fault-runs.js';

/**
 * Declares the test of every fault whose place in FAULTS is `part` of `parts` (round-robin, so each
 * share mixes the areas): under that fault alone its probed checks turn red, for its reason, and
 * the rest of its area stays green unless listed as collateral.
 */
export function docsFaultTests(part: number, parts: number): void {
  describe.concurrent(`fault self-tests (share ${part} of ${parts})`, () => {
    for (const fault of (Object.keys(FAULTS) as FaultName[]).filter((_, i) => i % parts === part - 1)) {
      // A probe of a requirement the docs revision does not have (KYC-REVIEW-REQUEST) is proven by the sdk block of suites/faults.selftest.ts.
      const mine = probes.filter((p) => p.fault === fault && inRevision(p, 'docs'));
      // A fault of an sdk-only operation (the review request) has no docs form: the sdk block of suites/faults.selftest.ts proves it.
      if (!mine.length && probes.some((p) => p.fault === fault && !inRevision(p, 'docs') && inRevision(p, 'sdk'))) {
        test(`fault ${fault} is caught`, ({ skip }) => skip('every check probed for it exists only in the sdk revision (proven by the sdk block)'));
        continue;
      }
      test(`fault ${fault} is caught`, { timeout: 600_000 }, async () => {
        expect(mine.length, `missing check: no suites/*/faults.ts probe covers fault ${fault} (${FAULTS[fault].breaks})`).toBeGreaterThan(0);
        const unknown = mine.filter((p) => !byId.has(p.requirement)).map((p) => p.requirement);
        expect(unknown, `the probes of ${fault} name requirements no check defines`).toEqual([]);
        const probedIds = new Set(mine.map((p) => p.requirement));
        const expected = new Set(collateral.filter((c) => c.fault === fault).map((c) => c.requirement));
        const rest = catalogue.filter((c) => c.area === FAULTS[fault].area && !probedIds.has(c.id));
        const results = await limit(() =>
          runOn(
            [fault],
            [...probedIds].map((id) => byId.get(id)!),
            rest,
          ),
        );
        // DINIE_FAULT_DUMP=file: one JSON line per fault with every outcome (the assertion inventory reads it).
        if (process.env.DINIE_FAULT_DUMP) {
          const line = { fault, results: results.map((r) => ({ id: r.id, outcome: r.outcome, failure: r.failure, message: r.message })) };
          appendFileSync(process.env.DINIE_FAULT_DUMP, `${JSON.stringify(line)}\n`);
        }
        for (const probe of mine) {
          const r = results.find((x) => x.id === probe.requirement);
          const why = notCaught(probe, r);
          expect(why, `under fault ${fault} (${FAULTS[fault].breaks}), ${probe.requirement}: ${why}, but it was ${describeResult(r)}`).toBeUndefined();
        }
        let unlisted = results.filter((r) => !probedIds.has(r.id) && !expected.has(r.id) && isRed(r));
        // Beside the probed checks on a loaded machine, a check may run out of time or meet an error:
        // that is no broken rule. Such a check runs once more under the fault, alone; a violation counts at once.
        const unsure = unlisted.filter((r) => r.failure !== 'violation');
        if (unsure.length) {
          const again = await limit(() =>
            runOn(
              [fault],
              [],
              unsure.map((r) => byId.get(r.id)!),
            ),
          );
          unlisted = unlisted.filter((r) => r.failure === 'violation' || isRed(again.find((x) => x.id === r.id)));
        }
        expect(
          unlisted.map((r) => r.id),
          `under fault ${fault} (${FAULTS[fault].breaks}) checks it is not probed for turned red (a fault breaks one rule, or lists them as faultCollateral with why):\n${unlisted.map((r) => `  ${r.id}: ${describeResult(r).slice(0, 300)}`).join('\n')}\n`,
        ).toEqual([]);
      });
    }
  });
}
