// PAGE-DEFAULT-ORDER on a target whose created_at has whole seconds (the sdk revision writes epoch
// seconds): our 30 fixture customers, made within a second or two, tie, so the check first judges
// two more customers of ours made a second apart. Under a default order oldest first that judgement
// fails, whichever seconds the fixture fell in; on a clean server the check passes. (The docs
// reference server writes milliseconds: there the fault self-test shows the fixture's own
// judgements fail, suites/pagination/faults.ts.)
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../lib/checks/runner.js';
import type { FaultName } from '../../lib/reference/faults.js';
import { loadContract } from '../../lib/spec/index.js';
import { resolveTarget } from '../../lib/targets/resolve.js';
import { checks } from './checks.js';

const check = checks.find((c) => c.id === 'PAGE-DEFAULT-ORDER')!;
const sdk = await loadContract('sdk');

async function run(faults: FaultName[]) {
  const target = await resolveTarget({ target: 'local', contract: 'sdk', faults });
  try {
    const [result] = await runChecks({ target: target.spec, checks: [check], seed: 1, runs: 1, timeoutMs: 5_000, contract: sdk });
    return result!;
  } finally {
    await target.close();
  }
}

describe.concurrent('PAGE-DEFAULT-ORDER where created_at has whole seconds (sdk revision)', () => {
  it('passes on a clean server', async () => {
    const r = await run([]);
    expect(r.outcome, r.message).toBe('passed');
  });

  it('fails under default-order-asc by its judgement of the pair made a second apart', async () => {
    const r = await run(['default-order-asc']);
    expect([r.outcome, r.failure]).toEqual(['failed', 'violation']);
    expect(r.message).toContain('without sort and order the newer customer is not listed before the older one');
  });
});
