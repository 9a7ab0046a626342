import { describe, expect, it } from 'vitest';
import { existsIn, notApplicableReason } from './applicability.js';

describe('notApplicableReason', () => {
  const docsOnly = { revisions: ['docs'] as const, revisionNote: 'the sdk revision has no document upload' };
  it('names the judged revision for a requirement it lacks', () => {
    expect(notApplicableReason(docsOnly, { revision: 'sdk' })).toBe(
      'not applicable to the sdk revision: the requirement exists only in the docs revision (the sdk revision has no document upload)',
    );
    expect(notApplicableReason(docsOnly, { revision: 'docs' })).toBeUndefined();
  });
  it('applies an unmarked requirement everywhere, and every requirement to a custom document', () => {
    expect(notApplicableReason({}, { revision: 'sdk' })).toBeUndefined();
    expect(notApplicableReason(docsOnly, { revision: 'custom' })).toBeUndefined();
    expect(existsIn(docsOnly, 'sdk')).toBe(false);
    expect(existsIn({}, 'sdk')).toBe(true);
  });
});
