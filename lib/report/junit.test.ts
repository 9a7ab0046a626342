import { describe, expect, it } from 'vitest';
import { renderJunit } from './junit.js';
import { syntheticReport, syntheticResult } from './testing.js';
import { parseBaseline } from './baseline.js';

const cases = (xml: string) => [...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/?)>([\s\S]*?)(?:<\/testcase>|(?=<testcase|<\/testsuite))/g)];

describe('junit.xml', () => {
  const report = syntheticReport();
  const xml = renderJunit(report, [
    { file: 'lib/report/verdict.test.ts', name: 'counts', state: 'passed', durationMs: 3 },
    { file: 'lib/report/verdict.test.ts', name: 'breaks', state: 'failed', message: 'expected <1> & got 2', durationMs: 3 },
  ]);

  it('has one testcase per requirement with classname = area and name = "<ID> <title>", plus the self-tests', () => {
    const all = cases(xml);
    expect(all).toHaveLength(report.requirements.length + 2);
    const first = report.requirements[0]!;
    expect(xml).toContain(`classname="${first.area}" name="${first.id} ${first.title}"`);
    expect(xml).toMatch(/<testsuites [^>]*tests="8" failures="2"/);
  });

  it('failures carry the message and the curl; skipped the reason; warnings pass with a note', () => {
    const failed = cases(xml).find((c) => c[2]!.startsWith('CUST-CONFLICT-409'))!;
    expect(failed[4]).toMatch(/<failure message="\[MUST\] CUST-CONFLICT-409 was violated" type="MUST">/);
    expect(failed[4]).toContain('curl -X POST');
    const skipped = cases(xml).find((c) => c[2]!.startsWith('AUTH-TOKEN-EXPIRES'))!;
    expect(skipped[4]).toContain('<skipped message="target is stateless"/>');
    const warned = cases(xml).find((c) => c[2]!.startsWith('RATE-HEADERS'))!;
    expect(warned[4]).not.toContain('<failure');
    expect(warned[4]).toContain('<system-out>WARNING [SHOULD]');
    expect(xml).toContain('expected &lt;1&gt; &amp; got 2');
  });

  it('a known failure is not a junit failure', () => {
    const known = syntheticReport([syntheticResult('CUST-X', 'customers', 'MUST', 'failed')], {
      baseline: { file: 'b.json', content: parseBaseline('{"target":"local","known":["CUST-X"]}', 'b.json') },
    });
    const out = renderJunit(known);
    expect(out).not.toContain('<failure');
    expect(out).toContain('KNOWN FAILURE');
  });
});
