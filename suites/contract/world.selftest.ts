// The fixtures checks share (the contract checks' world: a customer with an offer, a loan, …; the
// pagination checks' customers) belong to one run. Two runs in one process against two servers
// that happen to share a URL (the fault self-tests start hundreds of servers in one process, on
// ports the system hands out again) must not share them: the second server has never seen the
// first one's customers.
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../lib/checks/runner.js';
import { startReferenceServer } from '../../lib/reference/index.js';
import { resolveTarget } from '../../lib/targets/resolve.js';
import { checks as pagination } from '../pagination/checks.js';
import { checks } from './checks.js';

describe('fixtures shared by the checks of a run', () => {
  it('are made again for a run against another server at the same URL', { timeout: 60_000 }, async () => {
    const ids = ['CONTRACT-RESPONSE-VALID', 'PAGE-SORT-ORDER'];
    const chosen = [...checks, ...pagination].filter((c) => ids.includes(c.id));
    const settings = { checks: chosen, seed: 1, runs: 1, timeoutMs: 5_000 };
    const first = await resolveTarget({ target: 'local' });
    const port = Number(new URL(first.spec.baseUrl).port);
    const before = await runChecks({ target: first.spec, ...settings });
    await first.close();
    // Another server on the very same port: same URL, same demo credentials, none of the state.
    const second = await startReferenceServer({ port });
    try {
      expect(second.baseUrl).toBe(first.spec.baseUrl);
      const after = await runChecks({ target: first.spec, ...settings });
      const outcomes = (rs: typeof before) => rs.map((r) => `${r.id} ${r.outcome}${r.message ? `: ${r.message}` : ''}`);
      expect([...outcomes(before), ...outcomes(after)]).toEqual([...ids, ...ids].map((id) => `${id} passed`));
    } finally {
      await second.close();
    }
  });
});
