// --shard i/n: which checks one CI job of n runs. The plan depends only on the checks selected
// (the catalogue after --only) and n, so every job, and the merge afterwards, computes the same one.
//
// Checks are placed in groups, never split: an area's checks that can share the target build on
// module-level state of that area (the contract checks' world, journeys run once and judged by
// several checks), so each area's shared checks are one group; the exclusive checks (they move the
// target's clock or exhaust a rate limit, and run one at a time after the rest) are one group too,
// so no two of them ever run at once, whichever job runs them. Groups go to the lightest shard,
// largest first (ties: the lower shard, the earlier group), so the shards get about as many checks each.

import type { Check } from '../checks/types.js';
import { ConfigError } from '../targets/types.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export const SHARD_ENV = 'DINIE_SHARD';

/** `2/3` → {index 2, count 3}; anything else is one sentence (exit 2). */
export function parseShard(text: string, what = '--shard'): Shard {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ConfigError(`${what} must be i/n with 1 ≤ i ≤ n, e.g. 2/3 for the second of three shards, not "${text}".`);
  }
  return { index, count };
}

export const shardName = (s: Shard) => `${s.index}/${s.count}`;

/** Checks that must run in the same job: one area's shared checks, or every exclusive check. */
export interface ShardGroup {
  /** The area, or `exclusive`. */
  key: string;
  checks: Pick<Check, 'id' | 'area'>[];
}

type Placeable = Pick<Check, 'id' | 'area' | 'needs' | 'exclusive'>;
/** lib/checks/runner.ts's isExclusive (passed in, so parsing --shard loads nothing of the runner). */
export type ExclusiveTest = (c: Placeable) => boolean;

/** The groups of `checks`, in catalogue order (areas as they first appear, the exclusive group last). */
export function shardGroups<C extends Placeable>(checks: readonly C[], isExclusive: ExclusiveTest): { key: string; checks: C[] }[] {
  const byArea = new Map<string, C[]>();
  const exclusive: C[] = [];
  for (const c of checks) {
    if (isExclusive(c)) exclusive.push(c);
    else byArea.set(c.area, [...(byArea.get(c.area) ?? []), c]);
  }
  return [...[...byArea].map(([key, cs]) => ({ key, checks: cs })), ...(exclusive.length ? [{ key: 'exclusive', checks: exclusive }] : [])];
}

/**
 * The plan: for each of `count` shards (index 0 is shard 1/n), its groups. Throws a ConfigError when
 * there are fewer groups than shards (a shard would run nothing).
 */
export function planShards<C extends Placeable>(checks: readonly C[], count: number, isExclusive: ExclusiveTest): { key: string; checks: C[] }[][] {
  const groups = shardGroups(checks, isExclusive);
  // Nothing selected: no shard has anything (the CLI says --only selects no check).
  if (groups.length && groups.length < count) {
    throw new ConfigError(
      `The checks selected make ${groups.length} group${groups.length === 1 ? '' : 's'} that stay together (one per area, plus the exclusive checks), so --shard can split them into at most ${groups.length} shard${groups.length === 1 ? '' : 's'}, not ${count}.`,
    );
  }
  const order = groups.map((g, i) => ({ g, i })).sort((a, b) => b.g.checks.length - a.g.checks.length || a.i - b.i);
  const shards: { groups: { g: { key: string; checks: C[] }; i: number }[]; load: number }[] = Array.from({ length: count }, () => ({ groups: [], load: 0 }));
  for (const item of order) {
    let best = 0;
    for (let s = 1; s < count; s++) if (shards[s]!.load < shards[best]!.load) best = s;
    shards[best]!.groups.push(item);
    shards[best]!.load += item.g.checks.length;
  }
  // Within a shard, groups in catalogue order (the order does not change what runs, only how it reads).
  return shards.map((s) => s.groups.sort((a, b) => a.i - b.i).map((x) => x.g));
}

/** The checks of one shard, in catalogue order. */
export function checksOfShard<C extends Placeable>(checks: readonly C[], shard: Shard, isExclusive: ExclusiveTest): C[] {
  const mine = new Set(planShards(checks, shard.count, isExclusive)[shard.index - 1]!.flatMap((g) => g.checks.map((c) => c.id)));
  return checks.filter((c) => mine.has(c.id));
}

/**
 * The server catalogue's checks a run with `only` selects, and their plan for `count` shards (the
 * suites and the runner are imported here, when a sharded run or a merge needs them).
 */
export async function loadShardPlan(only: readonly string[], count: number): Promise<{ selected: Check[]; plan: Check[][] }> {
  const { loadCatalogue } = await import('../../suites/catalogue.js');
  const { selectChecks } = await import('../checks/run-settings.js');
  const { isExclusive } = await import('../checks/runner.js');
  const { AREAS } = await import('../checks/types.js');
  // The server suite's areas only: the partner-side catalogues never run against a server target.
  const server = (await loadCatalogue()).filter((c) => (AREAS as readonly string[]).includes(c.area));
  const selected = selectChecks(server, [...only]);
  return { selected, plan: planShards(selected, count, isExclusive).map((groups) => groups.flatMap((g) => g.checks)) };
}
