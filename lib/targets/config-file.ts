// The project config file naming a team's own targets: `dinie-conformance.config.json` (or
// `.config.ts`, imported) in the working directory.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Capability, type Lack, TRIGGERS, type Trigger } from '../types.js';
import { ConfigError, type ValueTrigger } from './types.js';

export interface NamedTarget {
  /** Required, except on the entry named `sandbox` (the built-in profile's URL is used). */
  baseUrl: string;
  controlUrl?: string;
  clientIdEnv?: string;
  clientSecretEnv?: string;
  clientId2Env?: string;
  clientSecret2Env?: string;
  /** When given, these are the target's capabilities (configured instead of detected). */
  capabilities?: Capability[];
  /**
   * What the target declares it cannot do: capabilities (`clock`, `webhooks`, …) or triggers
   * (`loan.cancel`, …). Checks skipped for these lacks do not fail the run; it stays incomplete.
   */
  cannot?: (Capability | Trigger)[];
  /** Magic values the target documents for outcomes it only produces on request. */
  triggers?: Partial<Record<Trigger, ValueTrigger>>;
}

export interface ProjectConfig {
  targets: Record<string, NamedTarget>;
}

const CAPABILITIES: readonly Capability[] = ['stateful', 'control', 'advances', 'webhooks', 'second-partner', 'clock'];
const TRIGGER_TARGETS: readonly ValueTrigger['on'][] = ['customer', 'document', 'simulation', 'loan'];

/** `cannot` entries as lacks: capabilities as they are, triggers as `trigger:<name>`. */
export function declaredLacksOf(cannot: readonly (Capability | Trigger)[] | undefined): Lack[] {
  return (cannot ?? []).map((c) => ((TRIGGERS as readonly string[]).includes(c) ? (`trigger:${c}` as Lack) : (c as Capability)));
}

export const CONFIG_FILES = ['dinie-conformance.config.json', 'dinie-conformance.config.ts'];

/** The config at `configPath`, or the first of CONFIG_FILES in `cwd`; undefined when there is none. */
export async function loadProjectConfig(configPath?: string, cwd = process.cwd()): Promise<ProjectConfig | undefined> {
  const file = configPath ? path.resolve(cwd, configPath) : CONFIG_FILES.map((f) => path.join(cwd, f)).find((f) => existsSync(f));
  if (!file) return undefined;
  if (!existsSync(file)) throw new ConfigError(`The config file ${file} does not exist.`);
  let raw: unknown;
  try {
    raw = file.endsWith('.json') ? JSON.parse(await readFile(file, 'utf8')) : ((await import(pathToFileURL(file).href)) as { default?: unknown }).default;
  } catch (e) {
    throw new ConfigError(`The config file ${path.basename(file)} cannot be read: ${(e as Error).message}`);
  }
  return checkConfig(raw, path.basename(file));
}

function checkConfig(raw: unknown, name: string): ProjectConfig {
  const targets = (raw as { targets?: unknown })?.targets;
  if (!targets || typeof targets !== 'object') throw new ConfigError(`The config file ${name} has no "targets" object.`);
  const known = (list: readonly string[], v: unknown) => typeof v === 'string' && list.includes(v);
  for (const [key, entry] of Object.entries(targets)) {
    // `sandbox` names Dinie's sandbox profile: its entry only adds triggers and lacks, the URL is the profile's.
    const t = (entry && typeof entry === 'object' ? entry : undefined) as
      | { baseUrl?: unknown; capabilities?: unknown; cannot?: unknown; triggers?: unknown }
      | undefined;
    if (!t || (typeof t.baseUrl !== 'string' && key !== 'sandbox')) throw new ConfigError(`Target "${key}" in ${name} has no "baseUrl".`);
    if (t.capabilities !== undefined && !Array.isArray(t.capabilities)) throw new ConfigError(`Target "${key}" in ${name}: "capabilities" must be an array.`);
    for (const c of t.capabilities ?? []) {
      if (!known(CAPABILITIES, c)) {
        throw new ConfigError(`Target "${key}" in ${name} names an unknown capability "${c}" (known: ${CAPABILITIES.join(', ')}).`);
      }
    }
    if (t.cannot !== undefined && !Array.isArray(t.cannot)) throw new ConfigError(`Target "${key}" in ${name}: "cannot" must be an array.`);
    for (const c of t.cannot ?? []) {
      if (!known(CAPABILITIES, c) && !known(TRIGGERS, c)) {
        throw new ConfigError(
          `Target "${key}" in ${name} says it cannot "${c}", which is neither a capability (${CAPABILITIES.join(', ')}) nor a trigger (${TRIGGERS.join(', ')}).`,
        );
      }
    }
    if (t.triggers !== undefined && (typeof t.triggers !== 'object' || Array.isArray(t.triggers))) {
      throw new ConfigError(`Target "${key}" in ${name}: "triggers" must be an object keyed by trigger name.`);
    }
    for (const [trigger, value] of Object.entries(t.triggers ?? {})) {
      const where = `Trigger "${trigger}" of target "${key}" in ${name}`;
      if (!TRIGGERS.includes(trigger as Trigger)) throw new ConfigError(`${where} is unknown (known: ${TRIGGERS.join(', ')}).`);
      const v = (value && typeof value === 'object' ? value : undefined) as { on?: unknown; set?: unknown } | undefined;
      if (!v || !known(TRIGGER_TARGETS, v.on)) throw new ConfigError(`${where} needs "on": one of ${TRIGGER_TARGETS.join(', ')}.`);
      if (!v.set || typeof v.set !== 'object' || !Object.keys(v.set).length || Object.values(v.set).some((x) => typeof x !== 'string')) {
        throw new ConfigError(`${where} needs "set": an object of string members to put on the ${v.on} request.`);
      }
      if (v.on === 'document' && Object.keys(v.set).some((k) => k !== 'filename'))
        throw new ConfigError(`${where}: a document trigger can only set "filename".`);
    }
  }
  return { targets: targets as Record<string, NamedTarget> };
}
