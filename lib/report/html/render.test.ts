import { describe, expect, it } from 'vitest';
import { syntheticReport, syntheticResult } from '../testing.js';
import { renderHtml } from './render.js';

describe('conformance.html', () => {
  const report = syntheticReport();
  const page = renderHtml(report);

  it('puts the verdict first, with counts by level and outcome', () => {
    const verdictAt = page.indexOf('id="verdict"');
    expect(verdictAt).toBeGreaterThan(0);
    expect(page.indexOf('<details')).toBeGreaterThan(verdictAt);
    expect(page).toContain('<h2>Not conforming</h2>');
    expect(page).toMatch(/<th scope="row">MUST<\/th><td class="n-failed nz">1<\/td>/);
    const ok = renderHtml(syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed')]));
    expect(ok).toContain('<h2>Conforming</h2>');
  });

  it("a shard's page never reads as the run's verdict: title and banner say which shard, and how to get the run's", () => {
    const shard = renderHtml({ ...syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed')]), shard: { index: 1, count: 3 } });
    expect(shard).toContain('<title>Conforming (shard 1/3 only) · ');
    expect(shard).toContain('<h2>Conforming (shard 1/3 only)</h2>');
    expect(shard).toContain("This report holds shard 1 of 3 of a run: its verdict judges this shard's 1 checks only, not the run.");
    expect(shard).toContain('npm run merge -- DIR');
    expect(page).not.toContain('shard');
  });

  it('lists every requirement id, opens failures with expected/actual and curl, gives skip reasons', () => {
    for (const r of report.requirements) expect(page).toContain(`data-id="${r.id}"`);
    expect(page).toMatch(/<details class="req o-failed"[^>]*data-id="CUST-CONFLICT-409"[^>]*open/);
    expect(page).not.toMatch(/<details class="req o-passed"[^>]*open/);
    expect(page).toContain('class="expected"');
    expect(page).toContain('curl -X POST');
    expect(page).toContain('skipped: target is stateless');
    expect(page).toContain('o-warning');
  });

  it('shows the coverage table of the contract checks: cases judged, members and rules by keyword, gaps named with why', () => {
    const coverage = [
      {
        operation: 'createWebhookEndpoint',
        cases: { negative: 24, positive: 23, judged: 24, impossible: 2 },
        keywords: [
          { keyword: 'type', exercised: 9, total: 9 },
          { keyword: 'anyOf', exercised: 0, total: 1 },
        ],
        members: { exercised: 5, total: 6 },
        notExercised: [{ case: 'body events[0] anyOf', reason: 'no value breaks anyOf of events[0] without breaking another rule' }],
      },
    ];
    const page = renderHtml(
      syntheticReport([syntheticResult('CONTRACT-INVALID-INPUT-REFUSED', 'contract', 'MUST', 'passed', { evidence: { exchanges: [], notes: [], coverage } })]),
    );
    expect(page).toContain('coverage: 24 cases judged, 2 impossible on this target');
    expect(page).toMatch(/<td><code>createWebhookEndpoint<\/code><\/td><td>24 \(\+2 impossible\)<\/td><td>5\/6<\/td>/);
    expect(page).toContain('type 9/9');
    expect(page).toMatch(/<span class="gap">anyOf 0\/1<\/span>/);
    expect(page).toContain('1 not exercised, with why');
  });

  it('shows how many judgements a check made, and a check that judged nothing as skipped for it', () => {
    const judged = renderHtml(
      syntheticReport([
        syntheticResult('AUTH-A', 'auth', 'MUST', 'passed', { judgements: 7, preconditions: 3 }),
        syntheticResult('AUTH-B', 'auth', 'MUST', 'passed', { judgements: 1 }),
        syntheticResult('AUTH-C', 'auth', 'MUST', 'skipped', {
          message: 'found nothing to judge: the check returned without making a single judgement',
          lacks: [],
          judgements: 0,
        }),
      ]),
    );
    expect(judged).toMatch(/data-id="AUTH-A"[\s\S]*?ms · 7 judgements \(\+ 3 of its setup\)<\/div>/);
    expect(judged).toMatch(/data-id="AUTH-B"[\s\S]*?ms · 1 judgement<\/div>/);
    expect(judged).toMatch(/data-id="AUTH-C"[\s\S]*?ms · 0 judgements<\/div>[\s\S]*?skipped: found nothing to judge/);
    // A result without the count (a check that never ran) says nothing about it.
    expect(page).not.toContain('judgement');
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    expect(page).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import/);
    expect(page).toMatch(/<style>[\s\S]+<\/style>/);
    expect(page).toMatch(/<script>[\s\S]+data-filter-outcome[\s\S]+<\/script>/);
  });

  it('an incomplete run is amber, says Incomplete with the count and reasons, never Conforming', () => {
    const results = [
      syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
      syntheticResult('LOAN-CANCEL', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel: no trigger declared', lacks: ['trigger:loan.cancel'] }),
      syntheticResult('AUTH-EXPIRES', 'auth', 'MUST', 'skipped', { message: "target's clock cannot be moved", lacks: ['clock'] }),
    ];
    const target = { name: 'sandbox', baseUrl: 'https://sandbox.example/v3', capabilities: ['stateful'], triggers: [], declaredLacks: ['clock' as const] };
    const out = renderHtml(syntheticReport(results, { target }));
    expect(out).toMatch(/<section class="verdict incomplete" id="verdict" data-status="incomplete" data-passed="false">/);
    expect(out).toContain('<h2>Incomplete</h2>');
    expect(out).toContain('<title>Incomplete · sandbox');
    expect(out).not.toMatch(/<h2>(Not c|C)onforming/);
    expect(out).toContain('2 of 3 MUST requirements were not checked');
    expect(out).toMatch(/<li class="undeclared">\s*<strong>1 needs trigger loan.cancel<\/strong> — undeclared, so this fails the run/);
    expect(out).toMatch(/<li class="declared">\s*<strong>1 needs clock<\/strong> — declared: the target cannot/);
    expect(out).toContain('<a href="#req-LOAN-CANCEL">LOAN-CANCEL</a>');
    expect(out).toContain('declares it cannot: clock');
    // Each skipped requirement says what it lacked and whether that is declared.
    expect(out).toMatch(/<span class="lack undeclared">trigger loan.cancel \(not declared\)<\/span>/);
    expect(out).toContain('a skipped MUST that fails the run');
    expect(out).toContain('excused: the target declares it');
    // Only declared lacks: the run passes, the banner stays amber and Incomplete.
    const excused = renderHtml(syntheticReport(results, { target: { ...target, declaredLacks: ['clock', 'trigger:loan.cancel'] } }));
    expect(excused).toMatch(/<section class="verdict incomplete" id="verdict" data-status="incomplete" data-passed="true">/);
    expect(excused).toContain('<h2>Incomplete</h2>');
    expect(excused).toContain('so the run passes, incomplete');
    // Complete: green, Conforming.
    const ok = renderHtml(syntheticReport([results[0]!]));
    expect(ok).toMatch(/<section class="verdict ok"/);
    expect(ok).toContain('<h2>Conforming</h2>');
  });

  it('says when the run was incomplete', () => {
    const out = renderHtml(syntheticReport(undefined, { errors: ['suites/security/security.test.ts: Cannot find module'] }));
    expect(out).toContain('Incomplete run: suites/security/security.test.ts');
  });

  it('escapes what the target sent', () => {
    const hostile = syntheticResult('SEC-X', 'security', 'MUST', 'failed', { message: '<script>alert(1)</script>' });
    const out = renderHtml(syntheticReport([hostile]));
    expect(out).not.toContain('<script>alert(1)</script>');
    expect(out).toContain('&lt;script>alert(1)&lt;/script>');
  });
});
