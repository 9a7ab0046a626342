// The requirement catalogue: every area's checks (suites/<area>/checks.ts) and fault probes
// (suites/<area>/faults.ts), found on disk so a new area needs no registration. Partner-side
// areas (PARTNER_AREAS: suites/receiver/, …) judge a partner's integration, not a server: they are
// not part of this catalogue, and their own self-tests prove them.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PARTNER_AREAS, type Check } from '../lib/checks/types.js';
import type { FaultName } from '../lib/reference/faults.js';

export interface FaultProbe {
  fault: FaultName;
  /** The requirement id whose check must turn red (failed or warning) under the fault. */
  requirement: string;
}

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

/** Every fault probe of every area. */
export async function loadFaultProbes(): Promise<FaultProbe[]> {
  const modules = await areaModules<{ faultProbes?: FaultProbe[] }>(`faults${EXT}`);
  return modules.flatMap(({ area, mod }) => {
    if (!Array.isArray(mod.faultProbes)) throw new Error(`suites/${area}/faults.ts exports no \`faultProbes\` array`);
    return mod.faultProbes;
  });
}
