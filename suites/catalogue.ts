// The requirement catalogue: every area's checks (suites/<area>/checks.ts) and fault probes
// (suites/<area>/faults.ts), found on disk so a new area needs no registration. Partner-side
// areas (PARTNER_AREAS: suites/receiver/, …) judge a partner's integration, not a server: they are
// not part of this catalogue, and their own self-tests prove them.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type Check, PARTNER_AREAS } from '../lib/checks/types.js';
import type { FaultName } from '../lib/reference/faults.js';

export interface FaultProbe {
  fault: FaultName;
  /** The requirement id whose check must turn red (failed or warning) under the fault. */
  requirement: string;
  /**
   * What its failure message must contain (a word of the assertion that judges this fault), when
   * the check has several assertions and only one of them is this fault's reason.
   */
  reason?: string;
}

/**
 * A check of the fault's area that may turn red under it besides the probed ones, and why (one
 * line): the fault breaks something that check needs on its way (a registration that fails, a
 * header every response lacks). Any other check of the area that turns red fails the self-test.
 */
export interface FaultCollateral {
  fault: FaultName;
  requirement: string;
  why: string;
  /**
   * The contract revisions whose reference server turns it red (default both): the journeys differ
   * between them (an sdk loan is born awaiting signatures), so the same fault may break a check on
   * its way in one revision only.
   */
  revisions?: readonly Revision[];
}

export type Revision = 'docs' | 'sdk';

const SUITES = path.dirname(fileURLToPath(import.meta.url));
/** `.ts` here, `.js` in the npm package (compiled to dist/, as this module is). */
const EXT = path.extname(fileURLToPath(import.meta.url));

async function areaModules<T>(file: string): Promise<{ area: string; mod: T }[]> {
  const entries = await readdir(SUITES, { withFileTypes: true });
  const partnerSide = new Set<string>(PARTNER_AREAS);
  const areas = entries
    .filter((e) => e.isDirectory() && !partnerSide.has(e.name) && existsSync(path.join(SUITES, e.name, file)))
    .map((e) => e.name)
    .sort();
  return Promise.all(areas.map(async (area) => ({ area, mod: (await import(pathToFileURL(path.join(SUITES, area, file)).href)) as T })));
}

/** Every check of every area; throws when two share an id. */
export async function loadCatalogue(): Promise<Check[]> {
  const modules = await areaModules<{ checks?: Check[] }>(`checks${EXT}`);
  const all: Check[] = [];
  const seen = new Map<string, string>();
  for (const { area, mod } of modules) {
    if (!Array.isArray(mod.checks)) throw new Error(`suites/${area}/checks.ts exports no \`checks\` array`);
    for (const check of mod.checks) {
      const other = seen.get(check.id);
      if (other) throw new Error(`requirement id ${check.id} is defined twice (suites/${other} and suites/${area})`);
      seen.set(check.id, area);
      all.push(check);
    }
  }
  return all;
}

/**
 * Every expected collateral of every area (the optional `faultCollateral` of suites/<area>/faults.ts)
 * that holds on `revision`'s reference server: those naming no revision and those naming it.
 */
export async function loadFaultCollateral(revision: Revision = 'docs'): Promise<FaultCollateral[]> {
  const modules = await areaModules<{ faultCollateral?: FaultCollateral[] }>(`faults${EXT}`);
  return modules.flatMap(({ mod }) => mod.faultCollateral ?? []).filter((c) => !c.revisions || c.revisions.includes(revision));
}

/** Every fault probe of every area. */
export async function loadFaultProbes(): Promise<FaultProbe[]> {
  const modules = await areaModules<{ faultProbes?: FaultProbe[] }>(`faults${EXT}`);
  return modules.flatMap(({ area, mod }) => {
    if (!Array.isArray(mod.faultProbes)) throw new Error(`suites/${area}/faults.ts exports no \`faultProbes\` array`);
    return mod.faultProbes;
  });
}
