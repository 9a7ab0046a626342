import { describe, expect, it } from 'vitest';
import { applyBaseline, BaselineError, parseBaseline } from './baseline.js';
import { syntheticReport, syntheticResult } from './testing.js';

describe('baseline', () => {
  const results = [
    syntheticResult('CUST-A', 'customers', 'MUST', 'failed'),
    syntheticResult('CUST-B', 'customers', 'MUST', 'failed'),
    syntheticResult('CUST-C', 'customers', 'MUST', 'passed'),
    syntheticResult('CUST-D', 'customers', 'SHOULD', 'warning'),
  ];
  const baseline = parseBaseline(JSON.stringify({ target: 'local', known: [{ id: 'CUST-A', note: 'ticket 12' }, 'CUST-C'] }), 'b.json');

  it('separates known, new and fixed failures', () => {
    expect(applyBaseline(results, baseline, { strict: false, file: 'b.json' })).toEqual({
      file: 'b.json',
      target: 'local',
      known: ['CUST-A'],
      newFailures: ['CUST-B'],
      fixed: ['CUST-C'],
    });
    // With --strict a SHOULD warning is a new failure too.
    expect(applyBaseline(results, baseline, { strict: true, file: 'b.json' }).newFailures).toEqual(['CUST-B', 'CUST-D']);
  });

  it('a new failure fails the run; known ones alone do not', () => {
    const withNew = syntheticReport(results, { baseline: { file: 'b.json', content: baseline } });
    expect(withNew.verdict).toMatchObject({ conforming: false, passed: false, blocking: ['CUST-B'] });
    const onlyKnown = syntheticReport(
      results.filter((x) => x.id !== 'CUST-B'),
      { baseline: { file: 'b.json', content: baseline } },
    );
    expect(onlyKnown.verdict).toMatchObject({ conforming: false, passed: true, blocking: [] });
    const a = onlyKnown.requirements.find((x) => x.id === 'CUST-A')!;
    expect(a).toMatchObject({ known: true, knownNote: 'ticket 12' });
    expect(onlyKnown.baseline?.fixed).toEqual(['CUST-C']);
  });

  it('rejects malformed baselines with one sentence', () => {
    expect(() => parseBaseline('{', 'x.json')).toThrow(BaselineError);
    expect(() => parseBaseline('{"known": []}', 'x.json')).toThrow(/must be an object/);
    expect(() => parseBaseline('{"target":"t","known":[{"note":"n"}]}', 'x.json')).toThrow(/without a string "id"/);
  });
});
