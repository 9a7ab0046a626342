// The project config file naming a team's own targets: `dinie-conformance.config.json` (or
// `.config.ts`, imported) in the working directory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AREAS, type Capability } from '../checks/types.js';
import { ConfigError } from './types.js';

export interface NamedTarget {
  baseUrl: string;
  controlUrl?: string;
  clientIdEnv?: string;
  clientSecretEnv?: string;
  clientId2Env?: string;
  clientSecret2Env?: string;
  /** When given, these are the target's capabilities (configured instead of detected). */
  capabilities?: Capability[];
}

export interface ProjectConfig {
  targets: Record<string, NamedTarget>;
}

const CAPABILITIES: readonly Capability[] = ['stateful', 'control', 'advances', 'webhooks', 'second-partner', 'clock'];
void AREAS;

export const CONFIG_FILES = ['dinie-conformance.config.json', 'dinie-conformance.config.ts'];

/** The config at `configPath`, or the first of CONFIG_FILES in `cwd`; undefined when there is none. */
export async function loadProjectConfig(configPath?: string, cwd = process.cwd()): Promise<ProjectConfig | undefined> {
  const file = configPath ? path.resolve(cwd, configPath) : CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  if (!existsSync(file)) throw new ConfigError(`The config file ${file} does not exist.`);
  let raw: unknown;
  try {
    raw = file.endsWith('.json')
      ? JSON.parse(await readFile(file, 'utf8'))
      : ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (e) {
    throw new ConfigError(`The config file ${path.basename(file)} cannot be read: ${(e as Error).message}`);
  }
  return checkConfig(raw, path.basename(file));
}

function checkConfig(raw: unknown, name: string): ProjectConfig {
  const targets = (raw as { targets?: unknown })?.targets;
  if (!targets || typeof targets !== 'object') throw new ConfigError(`The config file ${name} has no "targets" object.`);
  for (const [key, t] of Object.entries(targets as Record<string, any>)) {
    if (!t || typeof t.baseUrl !== 'string') throw new ConfigError(`Target "${key}" in ${name} has no "baseUrl".`);
    for (const c of t.capabilities ?? []) {
      if (!CAPABILITIES.includes(c)) {
        throw new ConfigError(`Target "${key}" in ${name} names an unknown capability "${c}" (known: ${CAPABILITIES.join(', ')}).`);
      }
    }
  }
  return { targets: targets as Record<string, NamedTarget> };
}
