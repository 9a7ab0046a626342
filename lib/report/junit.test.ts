import { describe, expect, it } from 'vitest';
import { parseBaseline } from './baseline.js';
import { renderJunit } from './junit.js';
import { syntheticReport, syntheticResult } from './testing.js';

const cases = (xml: string) => [
  ...xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/?)>([\s\S]*?)(?:<\/testcase>|(?=<testcase|<\/testsuite))/g),
];

describe('junit.xml', () => {
  const report = syntheticReport();
  const xml = renderJunit(report, [
    { file: 'lib/report/verdict.test.ts', name: 'counts', state: 'passed', durationMs: 3 },
    { file: 'lib/report/verdict.test.ts', name: 'breaks', state: 'failed', message: 'expected <1> & got 2', durationMs: 3 },
  ]);

  it('has a verdict testcase, one testcase per requirement with classname = area and name = "<ID> <title>", plus the self-tests', () => {
    const all = cases(xml);
    expect(all).toHaveLength(1 + report.requirements.length + 2);
    const first = report.requirements[0]!;
    expect(xml).toContain(`classname="${first.area}" name="${first.id} ${first.title}"`);
    // The failed MUST, the failed self-test, and the verdict (the run fails).
    expect(xml).toMatch(/<testsuites [^>]*tests="9" failures="3"/);
  });

  it("a shard's verdict testcase and properties name the shard: its verdict is not the run's", () => {
    const shard = renderJunit({ ...syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed')]), shard: { index: 2, count: 3 } });
    const verdict = cases(shard).find((c) => c[1] === 'conformance')!;
    expect(verdict[2]).toBe('verdict of shard 2/3');
    expect(verdict[4]).toContain('shard 2/3: CONFORMING: ');
    expect(verdict[4]).toContain("The run's verdict comes from merging the 3 shards' report dirs".replace(/'/g, '&apos;'));
    expect(shard).toContain('<property name="shard" value="2/3"/>');
    expect(xml).not.toContain('shard');
  });

  it('failures carry the message and the curl; skipped the reason; warnings pass with a note', () => {
    const failed = cases(xml).find((c) => c[2]!.startsWith('CUST-CONFLICT-409'))!;
    expect(failed[4]).toMatch(/<failure message="\[MUST\] CUST-CONFLICT-409 was violated" type="MUST">/);
    expect(failed[4]).toContain('curl -X POST');
    const skipped = cases(xml).find((c) => c[2]!.startsWith('AUTH-TOKEN-EXPIRES'))!;
    expect(skipped[4]).toContain('<skipped message="target is stateless [MUST not checked; lacks stateful (not declared); this fails the run]"/>');
    const warned = cases(xml).find((c) => c[2]!.startsWith('RATE-HEADERS'))!;
    expect(warned[4]).not.toContain('<failure');
    expect(warned[4]).toContain('<system-out>WARNING [SHOULD]');
    expect(xml).toContain('expected &lt;1&gt; &amp; got 2');
  });

  it('incomplete with an undeclared lack: a failing `verdict` testcase saying INCOMPLETE, as the exit code does', () => {
    const out = renderJunit(
      syntheticReport([
        syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
        syntheticResult('LOAN-CANCEL', 'loans', 'MUST', 'skipped', { message: 'needs loan cancel', lacks: ['trigger:loan.cancel'] }),
      ]),
    );
    const verdict = cases(out).find((c) => c[2] === 'verdict')!;
    expect(verdict[1]).toBe('conformance');
    expect(verdict[4]).toMatch(
      /<failure message="INCOMPLETE: no MUST requirements failed, but 1 of 2 MUST requirements were not checked: 1 needs trigger loan.cancel \(undeclared[^"]*" type="verdict">/,
    );
    expect(verdict[4]).toContain('LOAN-CANCEL');
    expect(out).toMatch(/<testsuites [^>]*tests="3" failures="1"/);
    expect(out).toContain('<property name="verdict" value="INCOMPLETE"/><property name="complete" value="false"/>');
    expect(out).toContain('<property name="must.skipped" value="1"/>');
    expect(out).toContain('<skipped message="needs loan cancel [MUST not checked; lacks trigger loan.cancel (not declared); this fails the run]"/>');
    expect(out).not.toMatch(/Conforming|CONFORMING/);
  });

  it('incomplete with declared lacks only: the verdict testcase is skipped with INCOMPLETE, nothing fails', () => {
    const out = renderJunit(
      syntheticReport(
        [
          syntheticResult('AUTH-A', 'auth', 'MUST', 'passed'),
          syntheticResult('AUTH-EXPIRES', 'auth', 'MUST', 'skipped', { message: 'no clock', lacks: ['clock'] }),
        ],
        { target: { name: 'sandbox', baseUrl: 'https://sandbox.example/v3', capabilities: ['stateful'], declaredLacks: ['clock'] } },
      ),
    );
    const verdict = cases(out).find((c) => c[2] === 'verdict')!;
    expect(verdict[4]).toMatch(
      /<skipped message="INCOMPLETE: no MUST requirements failed, but 1 of 2 MUST requirements were not checked: 1 needs clock \(declared: the target cannot\)"\/>/,
    );
    expect(out).not.toContain('<failure');
    expect(out).toContain('<skipped message="no clock [MUST not checked; lacks clock (declared); excused, the run stays incomplete]"/>');
  });

  it('complete and nothing failed: the verdict testcase passes, saying CONFORMING', () => {
    const out = renderJunit(syntheticReport([syntheticResult('AUTH-A', 'auth', 'MUST', 'passed')]));
    const verdict = cases(out).find((c) => c[2] === 'verdict')!;
    expect(verdict[4]).toContain('<system-out>CONFORMING: ');
    expect(verdict[4]).not.toMatch(/<failure|<skipped/);
    expect(out).toContain('<property name="verdict" value="CONFORMING"/>');
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
