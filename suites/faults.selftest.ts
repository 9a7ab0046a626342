// Proves the suite catches what it exists for: for every named fault of the reference server a
// probe names the requirement that must turn red, and under that fault alone it does, by a
// judgement of the target (a violation: not a timeout, a TypeError or a request left unanswered),
// naming the probe's reason when it gives one; on a clean server the same checks stay green. A
// fault without a probe is a missing check; a check without a probe is a check nobody has seen
// fail. A fault breaks exactly one rule: the other checks of its area run under it too and must
// stay green unless the area's faults.ts lists them as its expected collateral, with why. Each
// fault runs against its own fresh server: its probed checks at the suite's settings, then the
// rest of its area once (runs 1: enough to see a rule broken by the way). The docs revision's
// faults are tested in suites/faults-docs-{1,2}.selftest.ts (suites/fault-tests.ts), a share each,
// so that the three files run in parallel workers; this file holds the tests of the whole catalogue
// and the sdk revision's faults.
import { describe, expect, test } from 'vitest';
import { existsIn } from '../lib/checks/applicability.js';
import type { CheckResult } from '../lib/checks/types.js';
import { FAULTS, type FaultName } from '../lib/reference/faults.js';
import { type Contract, loadContract } from '../lib/spec/index.js';
import { loadFaultCollateral } from './catalogue.js';
import { byId, catalogue, collateral, describeResult, inRevision, isRed, judgedNothing, limit, notCaught, probes, runOn } from './fault-runs.js';

describe.concurrent('fault self-tests', () => {
  // First: the longest single run (the whole probed catalogue), so it does not trail the rest.
  test('a clean reference server passes every probed check', { timeout: 600_000 }, async () => {
    const proven = new Set(probes.map((p) => p.requirement));
    const checks = catalogue.filter((c) => proven.has(c.id));
    // The rate-limit checks on a server of their own, with the budget their faults' servers have.
    const groups = [checks.filter((c) => c.area !== 'rate-limits'), checks.filter((c) => c.area === 'rate-limits')];
    const results = (await Promise.all(groups.map((cs) => limit(() => runOn([], cs))))).flat();
    const bad = results.filter((r) => r.outcome === 'failed' || r.outcome === 'warning' || judgedNothing(r));
    expect(bad.map((r) => `${r.id}: ${describeResult(r)}`)).toEqual([]);
  });

  test("expected collateral names checks of its fault's area that are not probed for it, with a reason", () => {
    const wrong = collateral.filter((c) => {
      const check = byId.get(c.requirement);
      return (
        !check ||
        !(c.fault in FAULTS) ||
        check.area !== FAULTS[c.fault].area ||
        !c.why.trim() ||
        probes.some((p) => p.fault === c.fault && p.requirement === c.requirement)
      );
    });
    expect(wrong.map((c) => `${c.fault} → ${c.requirement}`)).toEqual([]);
  });

  test('every check is shown to fail on a fault', () => {
    const proven = new Set(probes.map((p) => p.requirement));
    expect(
      catalogue.filter((c) => !proven.has(c.id)).map((c) => `${c.id} (${c.area})`),
      'checks no fault turns red',
    ).toEqual([]);
  });
});

// The same proof on the SDK revision (issue 12), for the areas whose journeys differ between the
// revisions (KYC upload and review, the idempotency header, money and instants, loan lifecycle,
// event shapes): the reference server speaks sdk, the checks judge by the sdk document, and each
// fault must turn red the probed checks that exist in that revision. As above, the rest of its area
// that exists there runs once beside them and must stay green unless listed as collateral (an entry
// with `revisions: ['sdk']` when only this revision's journeys meet the fault).
const SDK_AREAS: ReadonlySet<string> = new Set(['kyc', 'idempotency', 'credit', 'loans', 'webhooks']);
const sdkContract = await loadContract('sdk');
/** Faults of those areas that do not exist on the sdk server, and why. */
const NOT_IN_SDK: Partial<Record<FaultName, string>> = {
  // On sdk the fault still breaks key reuse on uploads (IDEM-KEY-REUSE-UPLOAD-REFUSED, its collateral), but its probe
  // IDEM-REPLAY-DOCUMENT compares answers, and an attachment's answer has no id: a replay processed twice answers the same.
  'idempotency-key-ignored-on-uploads':
    'its probe cannot see it on sdk: a kyc-attachments upload answers only {attachment_type, submitted}, so a replay processed twice answers exactly like a replay',
  'under-review-on-first-submission':
    'on sdk the items are submitted together by the review request (kyc-review), so no customer has some submitted and others pending',
  'resubmission-not-reopened':
    'an sdk upload is evidence that never reopens an item by itself (the review is requested apart, kyc-review), so the defect has no sdk form',
  'contract-generated-at-creation':
    'the sdk revision generates the contract at creation by design (a new loan is awaiting_signatures), so the defect has no sdk form',
  'contract-generated-after-201':
    'the sdk revision generates the contract at creation by design (a new loan is awaiting_signatures), so the defect has no sdk form',
  'signing-url-minted-at-creation': 'an sdk loan is never processing (its contract and signing link come with creation), so no loan can show a link too early',
};
const inSdk = (p: { requirement: string }) => inRevision(p, 'sdk');
const sdkCollateral = await loadFaultCollateral('sdk');

/**
 * The unprobed checks of `results` that turned red and are not listed, after one run alone under
 * the fault for those that met an error or ran out of time beside the probed checks (that is no
 * broken rule on a loaded machine; a violation counts at once).
 */
async function unlistedReds(fault: FaultName, results: CheckResult[], probedIds: ReadonlySet<string>, expected: ReadonlySet<string>, contract: Contract) {
  const unlisted = results.filter((r) => !probedIds.has(r.id) && !expected.has(r.id) && isRed(r));
  const unsure = unlisted.filter((r) => r.failure !== 'violation');
  if (!unsure.length) return unlisted;
  const again = await limit(() =>
    runOn(
      [fault],
      [],
      unsure.map((r) => byId.get(r.id)!),
      contract,
    ),
  );
  return unlisted.filter((r) => r.failure === 'violation' || isRed(again.find((x) => x.id === r.id)));
}

describe.concurrent('fault self-tests, sdk revision', () => {
  for (const fault of (Object.keys(FAULTS) as FaultName[]).filter((f) => SDK_AREAS.has(FAULTS[f].area))) {
    const mine = probes.filter((p) => p.fault === fault && inSdk(p));
    const absent = NOT_IN_SDK[fault];
    if (absent) {
      test(`fault ${fault} is caught (sdk revision)`, ({ skip }) => skip(`no sdk form: ${absent}`));
      continue;
    }
    if (!mine.length) {
      test(`fault ${fault} is caught (sdk revision)`, ({ skip }) => skip('every check probed for it exists only in the docs revision'));
      continue;
    }
    test(`fault ${fault} is caught (sdk revision)`, { timeout: 600_000 }, async () => {
      const probedIds = new Set(mine.map((p) => p.requirement));
      const expected = new Set(sdkCollateral.filter((c) => c.fault === fault).map((c) => c.requirement));
      // The rest of the fault's area that exists in this revision, once: a fault breaks one rule here too.
      const rest = catalogue.filter((c) => c.area === FAULTS[fault].area && !probedIds.has(c.id) && existsIn(c, 'sdk'));
      const results = await limit(() =>
        runOn(
          [fault],
          [...probedIds].map((id) => byId.get(id)!),
          rest,
          sdkContract,
        ),
      );
      for (const probe of mine) {
        const r = results.find((x) => x.id === probe.requirement);
        const why = notCaught(probe, r);
        expect(
          why,
          `sdk revision: under fault ${fault} (${FAULTS[fault].breaks}), ${probe.requirement}: ${why}, but it was ${describeResult(r)}`,
        ).toBeUndefined();
      }
      const unlisted = await unlistedReds(fault, results, probedIds, expected, sdkContract);
      expect(
        unlisted.map((r) => r.id),
        `sdk revision: under fault ${fault} (${FAULTS[fault].breaks}) checks it is not probed for turned red (a fault breaks one rule, or lists them as faultCollateral with why, \`revisions: ['sdk']\` when only this revision's journey meets it):\n${unlisted.map((r) => `  ${r.id}: ${describeResult(r).slice(0, 300)}`).join('\n')}\n`,
      ).toEqual([]);
    });
  }

  test("expected sdk collateral names checks of its fault's area that exist in the sdk revision and are not probed for it there, with a reason", () => {
    const wrong = sdkCollateral
      .filter((c) => c.revisions?.includes('sdk'))
      .filter((c) => {
        const check = byId.get(c.requirement);
        return (
          !check ||
          !(c.fault in FAULTS) ||
          !SDK_AREAS.has(FAULTS[c.fault].area) ||
          NOT_IN_SDK[c.fault] !== undefined ||
          check.area !== FAULTS[c.fault].area ||
          !existsIn(check, 'sdk') ||
          !c.why.trim() ||
          probes.some((p) => p.fault === c.fault && p.requirement === c.requirement && inSdk(p))
        );
      });
    expect(wrong.map((c) => `${c.fault} → ${c.requirement}`)).toEqual([]);
  });

  // Checks of those areas that exist in the sdk revision but no fault of the sdk server turns red
  // yet (their only faults are docs-only, above): listed so a new gap fails and a new fault shows.
  test('every check of those areas that exists in the sdk revision is shown to fail on an sdk fault, but the known gaps', () => {
    const proven = new Set(probes.filter((p) => SDK_AREAS.has(FAULTS[p.fault].area) && !NOT_IN_SDK[p.fault]).map((p) => p.requirement));
    const unproven = catalogue.filter((c) => SDK_AREAS.has(c.area) && existsIn(c, 'sdk') && !proven.has(c.id)).map((c) => c.id);
    expect(unproven.sort()).toEqual(['IDEM-REPLAY-DOCUMENT']);
  });

  test('a clean sdk reference server passes every probed check of those areas', { timeout: 600_000 }, async () => {
    const checks = catalogue.filter((c) => SDK_AREAS.has(c.area) && existsIn(c, 'sdk') && probes.some((p) => p.requirement === c.id));
    const results = await limit(() => runOn([], checks, [], sdkContract));
    const bad = results.filter((r) => r.outcome === 'failed' || r.outcome === 'warning' || judgedNothing(r));
    expect(bad.map((r) => `${r.id}: ${describeResult(r)}`)).toEqual([]);
  });
});
