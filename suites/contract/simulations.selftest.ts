// The simulations a run made belong to that run: a later run in the same process, even against a
// server on the same URL (the fault self-tests start hundreds, on ports the system hands out again),
// knows none of them, while the checks of one run share them.
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../lib/checks/context.js';
import type { CreditOffer, Simulation } from '../../lib/flows/credit.js';
import { laterSimulation, madeSimulation, recordSimulation } from './simulations.js';

const BASE_URL = 'http://127.0.0.1:4555/v3';

/** The contexts of one run: each check has its own, all share the run's fixtures (as createContext's perRun). */
function run() {
  const fixtures = new Map<string, Promise<unknown>>();
  const perRun = <T>(key: string, make: () => Promise<T>): Promise<T> => {
    if (!fixtures.has(key)) fixtures.set(key, make());
    return fixtures.get(key) as Promise<T>;
  };
  return () => ({ target: { baseUrl: BASE_URL }, perRun }) as unknown as CheckContext;
}

const offer = (id: string) => ({ id }) as CreditOffer;
const simulation = (id: string) => ({ id, number_of_installments: 12, installments_value: '100.00', first_due_date: '2026-01-10' }) as unknown as Simulation;

describe('the simulations the contract checks made', () => {
  it('are known to every check of the run, with the terms each promised and which came later on the same offer', async () => {
    const check = run();
    await recordSimulation(check(), offer('o1'), simulation('s1'));
    await recordSimulation(check(), offer('o2'), simulation('s2'));
    await recordSimulation(check(), offer('o1'), simulation('s3'));
    const s1 = await madeSimulation(check(), 's1');
    expect(s1).toMatchObject({ id: 's1', offerId: 'o1', terms: { installments: 12, installments_value: '100.00', first_due_date: '2026-01-10' } });
    expect((await laterSimulation(check(), s1!))?.id).toBe('s3');
    expect(await laterSimulation(check(), (await madeSimulation(check(), 's2'))!)).toBeUndefined();
    expect(await laterSimulation(check(), (await madeSimulation(check(), 's3'))!)).toBeUndefined();
    expect(await madeSimulation(check(), 'never-made')).toBeUndefined();
    expect(await madeSimulation(check(), 42)).toBeUndefined();
  });

  it('are not known to a later run against the same URL', async () => {
    const first = run();
    await recordSimulation(first(), offer('o1'), simulation('s1'));
    const second = run();
    expect(await madeSimulation(second(), 's1')).toBeUndefined();
    // Nor does the first run's simulation make the second run's earlier one stale.
    await recordSimulation(second(), offer('o1'), simulation('s0'));
    await recordSimulation(first(), offer('o1'), simulation('s9'));
    expect(await laterSimulation(second(), (await madeSimulation(second(), 's0'))!)).toBeUndefined();
  });
});
