// Run settings the CLI passes to vitest workers through the environment.
import type { Check } from './types.js';

export interface RunSettings {
  seed: number;
  runs: number;
  timeoutMs: number;
  strict: boolean;
  /** Areas or requirement ids to keep (empty: all). A trailing `*` matches an id prefix. */
  only: string[];
}

export function readRunSettings(env: Record<string, string | undefined> = process.env): RunSettings {
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, not "${v}"`);
    return n;
  };
  return {
    seed: int('DINIE_SEED', Date.now() % 2 ** 31),
    runs: int('DINIE_RUNS', 20),
    timeoutMs: int('DINIE_TIMEOUT', 10_000),
    strict: /^(1|true|yes)$/i.test(env.DINIE_STRICT ?? ''),
    only: (env.DINIE_ONLY ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  };
}

export function selectChecks(checks: Check[], only: string[]): Check[] {
  if (!only.length) return checks;
  const wanted = only.map((s) => s.toLowerCase());
  return checks.filter((c) =>
    wanted.some((w) => w === c.area || w === c.id.toLowerCase() || (w.endsWith('*') && c.id.toLowerCase().startsWith(w.slice(0, -1)))),
  );
}
