import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { checkProperty, propertyOptions } from './seed.js';

afterEach(() => {
  delete process.env.DINIE_SEED;
  delete process.env.DINIE_RUNS;
});

describe('propertyOptions', () => {
  it('takes the seed from options, then DINIE_SEED, then chance', () => {
    expect(propertyOptions({ seed: 42, runs: 7 }).parameters).toEqual({ seed: 42, numRuns: 7 });
    process.env.DINIE_SEED = '1234';
    process.env.DINIE_RUNS = '9';
    expect(propertyOptions().parameters).toEqual({ seed: 1234, numRuns: 9 });
    delete process.env.DINIE_SEED;
    expect(Number.isInteger(propertyOptions().seed)).toBe(true);
    process.env.DINIE_SEED = 'abc';
    expect(() => propertyOptions()).toThrow(/DINIE_SEED/);
  });

  it('prints the seed, the path and the shrunk counterexample, and the run replays', () => {
    const run = propertyOptions({ seed: 99, runs: 200 });
    const prop = fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => n < 500);
    const details = fc.check(prop, run.parameters);
    const message = run.describe(details);
    expect(message).toContain('seed: 99');
    expect(message).toContain('counterexample: 500'); // shrunk to the smallest failing value
    expect(message).toContain('DINIE_SEED=99');
    expect(fc.check(prop, run.parameters).counterexamplePath).toBe(details.counterexamplePath);
  });

  it('checkProperty throws the readable message on failure and passes otherwise', async () => {
    await expect(
      checkProperty(
        fc.property(fc.nat(), (n) => n >= 0),
        { seed: 1, runs: 20 },
      ),
    ).resolves.toMatchObject({ failed: false });
    await expect(
      checkProperty(
        fc.asyncProperty(fc.nat(), async (n) => n < 3),
        { seed: 1, runs: 100 },
      ),
    ).rejects.toThrow(/counterexample: 3[\s\S]*replay with DINIE_SEED=1/);
  });
});
