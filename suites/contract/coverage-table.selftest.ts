// The coverage table never says more than was judged: a rule counts as exercised only when a judged
// case broke it, impossible cases and rules no value can break alone are listed with why, and the
// positive check counts its boundaries, not the negative rules it never breaks.
import { describe, expect, it } from 'vitest';
import { coveragePlan } from '../../lib/generate/coverage.js';
import { loadContract } from '../../lib/spec/index.js';
import { summarise } from './coverage.js';

describe('coverage table rows', () => {
  it('counts only judged cases, lists the impossible ones with the reason', async () => {
    const contract = await loadContract('docs');
    const plan = coveragePlan(contract, 'createCustomer');
    const negatives = plan.cases.filter((c) => c.expect === 'refused');
    const all = summarise(plan, 'refused', negatives, []);
    expect(all.cases).toEqual({ negative: negatives.length, positive: plan.cases.length - negatives.length, judged: negatives.length, impossible: 0 });
    expect(all.keywords.every((k) => k.exercised === k.total)).toBe(true);
    expect(all.members.exercised).toBe(all.members.total);

    // Nothing but the path-free cases judged: the body's rules are not exercised, and the rest is listed.
    const some = negatives.filter((c) => c.location !== 'body');
    const skipped = negatives.filter((c) => c.location === 'body').map((c) => ({ case: c, reason: 'no offer to reference' }));
    const row = summarise(plan, 'refused', some, skipped);
    expect(row.cases.judged).toBe(some.length);
    expect(row.cases.impossible).toBe(skipped.length);
    expect(row.keywords.find((k) => k.keyword === 'null')).toEqual({ keyword: 'null', exercised: 0, total: 6 });
    expect(row.notExercised?.[0]).toMatchObject({ reason: 'no offer to reference' });
  });

  it('the positive check counts boundaries by kind', async () => {
    const contract = await loadContract('docs');
    const plan = coveragePlan(contract, 'listCustomers');
    const positives = plan.cases.filter((c) => c.expect === 'accepted');
    const row = summarise(plan, 'accepted', positives.slice(1), []);
    const total = row.keywords.reduce((n, k) => n + k.total, 0);
    const exercised = row.keywords.reduce((n, k) => n + k.exercised, 0);
    expect(total).toBe(positives.length);
    expect(exercised).toBe(positives.length - 1);
    expect(row.keywords.map((k) => k.keyword)).not.toContain('pattern');
  });
});
