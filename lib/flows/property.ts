// Runs a fast-check property inside a check: the run's seed and size, and on failure a failed check
// that names the seed, the shrunk counterexample and the original violation.
import fc from 'fast-check';
import type { CheckContext } from '../checks/context.js';
import { propertyOptions } from '../generate/index.js';

export async function property<T>(ctx: CheckContext, arb: fc.Arbitrary<T>, body: (v: T) => Promise<void>, opts: { runs?: number } = {}): Promise<void> {
  const run = propertyOptions<[T]>({ seed: ctx.seed, runs: Math.max(1, opts.runs ?? ctx.runs) });
  const details = await fc.check(fc.asyncProperty(arb, body), run.parameters);
  if (!details.failed) return;
  ctx.note(run.describe(details));
  const thrown: unknown = details.errorInstance;
  const err =
    thrown !== null && typeof thrown === 'object' ? (thrown as { name?: unknown; message?: unknown; expected?: unknown; actual?: unknown }) : undefined;
  if (err?.name === 'CheckSkipped') throw thrown;
  const example = fc.stringify(details.counterexample?.[0]);
  ctx.fail(`${err?.message ?? String(thrown)} — seed ${run.seed}, counterexample ${example.slice(0, 600)}`, err?.expected, err?.actual);
}
