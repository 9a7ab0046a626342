// One seed per run, printed on failure, so every property run can be replayed exactly:
// `DINIE_SEED=<seed>` (or the CLI's `--seed <seed>`) reruns the same values.
import fc from 'fast-check';

export interface PropertyRun<T = unknown> {
  seed: number;
  numRuns: number;
  /** Pass to fc.assert / fc.check / test.prop. */
  parameters: fc.Parameters<T>;
  /** How to replay this run. */
  replay: string;
  /** A failure message naming the seed, the replay path and the shrunk counterexample. */
  describe(details: fc.RunDetails<T>): string;
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got '${raw}'`);
  return n;
}

/** Picks the seed (`opts.seed`, else `DINIE_SEED`, else random) and the number of runs (`opts.runs`, else `DINIE_RUNS`, else 100). */
export function propertyOptions<T = unknown>(opts: { seed?: number; runs?: number } = {}): PropertyRun<T> {
  const seed = opts.seed ?? envInt('DINIE_SEED') ?? (Math.random() * 0x7fffffff) | 0;
  const numRuns = opts.runs ?? envInt('DINIE_RUNS') ?? 100;
  const replay = `DINIE_SEED=${seed} (or --seed ${seed})`;
  return {
    seed,
    numRuns,
    parameters: { seed, numRuns },
    replay,
    describe(details) {
      if (!details.failed) return `property held for ${details.numRuns} runs (seed ${seed})`;
      const ce = details.counterexample as unknown;
      const example = ce === null || ce === undefined ? '(none)' : fc.stringify(Array.isArray(ce) && ce.length === 1 ? ce[0] : ce);
      const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance ?? '');
      return [
        `property failed after ${details.numRuns} run(s) and ${details.numShrinks} shrink(s)`,
        `seed: ${seed}  path: ${details.counterexamplePath ?? '-'}`,
        `counterexample: ${example}`,
        ...(cause ? [`cause: ${cause}`] : []),
        `replay with ${replay}`,
      ].join('\n');
    },
  };
}

/** Runs a property with these options and throws the readable message when it fails. */
export async function checkProperty<Ts extends [unknown, ...unknown[]]>(
  property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>,
  opts: { seed?: number; runs?: number } = {},
): Promise<fc.RunDetails<Ts>> {
  const run = propertyOptions<Ts>(opts);
  const details = await fc.check(property as fc.IAsyncProperty<Ts>, run.parameters);
  if (details.failed) throw new Error(run.describe(details));
  return details;
}
