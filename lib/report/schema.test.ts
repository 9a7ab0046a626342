import { describe, expect, it } from 'vitest';
import { reportSchemaErrors } from './schema.js';
import { syntheticReport } from './testing.js';
import { serialiseReport } from './write.js';
import { makeScrubber } from './redact.js';

describe('conformance.json schema', () => {
  it('accepts a built report', () => {
    expect(reportSchemaErrors(syntheticReport())).toEqual([]);
  });

  it('rejects a report with credentials-like extras, a bad outcome or a failure without its reason', () => {
    const withSecret = { ...syntheticReport(), target: { ...syntheticReport().target, clientSecret: 'x' } };
    expect(reportSchemaErrors(withSecret).join()).toMatch(/additional properties/);
    const badOutcome = syntheticReport();
    (badOutcome.requirements[0] as any).outcome = 'broken';
    expect(reportSchemaErrors(badOutcome).join()).toMatch(/requirements\/0\/outcome/);
    const noReason = syntheticReport();
    const failed = noReason.requirements.find((r) => r.outcome === 'failed')!;
    delete failed.message;
    expect(reportSchemaErrors(noReason).join()).toMatch(/message/);
  });

  it('serialising fails loudly on an invalid report', () => {
    const bad = syntheticReport();
    (bad as any).seed = 'not a number';
    expect(() => serialiseReport(bad, makeScrubber())).toThrow(/does not match its schema/);
  });
});
