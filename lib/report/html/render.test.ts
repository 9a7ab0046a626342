import { describe, expect, it } from 'vitest';
import { renderHtml } from './render.js';
import { syntheticReport, syntheticResult } from '../testing.js';

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

  it('lists every requirement id, opens failures with expected/actual and curl, gives skip reasons', () => {
    for (const r of report.requirements) expect(page).toContain(`data-id="${r.id}"`);
    expect(page).toMatch(/<details class="req o-failed"[^>]*data-id="CUST-CONFLICT-409"[^>]*open/);
    expect(page).not.toMatch(/<details class="req o-passed"[^>]*open/);
    expect(page).toContain('class="expected"');
    expect(page).toContain('curl -X POST');
    expect(page).toContain('skipped: target is stateless');
    expect(page).toContain('o-warning');
  });

  it('is self-contained: no external scripts, styles, images or fonts', () => {
    expect(page).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/url\(\s*["']?(?:https?:)?\/\//i);
    expect(page).not.toMatch(/@import/);
    expect(page).toMatch(/<style>[\s\S]+<\/style>/);
    expect(page).toMatch(/<script>[\s\S]+data-filter-outcome[\s\S]+<\/script>/);
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
