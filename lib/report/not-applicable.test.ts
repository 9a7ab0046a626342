import { describe, expect, it } from 'vitest';
import { isNotApplicable, notApplicableMessage } from './not-applicable.js';
import { judge } from './verdict.js';

describe('requirements a revision does not have', () => {
  const na = (id: string, level: 'MUST' | 'SHOULD') => ({
    id,
    level,
    outcome: 'skipped' as const,
    lacks: [],
    message: notApplicableMessage('sdk', ['docs'], 'uploads go to kyc-attachments'),
  });

  it('are worded with the revision, where the requirement exists and why', () => {
    expect(notApplicableMessage('sdk', ['docs'], 'why')).toBe('not applicable to the sdk revision: the requirement exists only in the docs revision (why)');
    expect(isNotApplicable(na('K-1', 'MUST'))).toBe(true);
    expect(isNotApplicable({ outcome: 'skipped', message: 'target is stateless' })).toBe(false);
    expect(isNotApplicable({ outcome: 'passed', message: notApplicableMessage('sdk', ['docs']) })).toBe(false);
  });

  it('neither pass nor leave the run incomplete, and the summary counts them', () => {
    const v = judge([{ id: 'A-1', level: 'MUST', outcome: 'passed' }, na('K-1', 'MUST'), na('K-2', 'SHOULD')], { strict: false });
    expect(v).toMatchObject({ status: 'conforming', complete: true, passed: true, mustTotal: 1, mustSkipped: 0 });
    expect(v.summary).toBe(
      'no MUST requirements failed and all 1 MUST requirements were checked; 2 requirements do not exist in the contract revision this run judges by (not applicable)',
    );
  });

  it('a run where nothing applied checked nothing', () => {
    expect(judge([na('K-1', 'MUST')], { strict: false })).toMatchObject({ status: 'incomplete', passed: false });
  });
});
