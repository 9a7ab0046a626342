// The contract revisions the suite knows (decision 18): the documentation revision (the authority,
// the default) and the later revision Dinie's SDK 1.1.0 speaks. Both say `2026-03-01`. Choosing
// one is `docs`, `sdk` or a path to any OpenAPI document (`custom`).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (where fixtures/ lives). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The named contract revisions, as paths relative to the project root. */
export const CONTRACT_REVISIONS = {
  docs: 'fixtures/openapi/dinie-v3.yaml',
  sdk: 'fixtures/openapi/dinie-v3-sdk.yaml',
} as const;

export type ContractRevisionName = keyof typeof CONTRACT_REVISIONS;
/** What a loaded Contract says it is: one of the named revisions, or any other document. */
export type ContractRevision = ContractRevisionName | 'custom';

export const CONTRACT_REVISION_NAMES = Object.keys(CONTRACT_REVISIONS) as ContractRevisionName[];

/** Absolute path of a named revision. */
export function revisionPath(name: ContractRevisionName): string {
  return path.resolve(ROOT, CONTRACT_REVISIONS[name]);
}

export function isRevisionName(value: string): value is ContractRevisionName {
  return Object.prototype.hasOwnProperty.call(CONTRACT_REVISIONS, value);
}

/** `docs` / `sdk` when the absolute path is that revision's document, else `custom`. */
export function revisionOfPath(absPath: string): ContractRevision {
  const abs = path.resolve(absPath);
  for (const name of CONTRACT_REVISION_NAMES) if (revisionPath(name) === abs) return name;
  return 'custom';
}

/**
 * Turns a `--contract` value into the absolute path of an OpenAPI document: `docs` and `sdk` name
 * the revisions in fixtures/openapi/; anything else is a file path (relative to the working
 * directory) that must exist. Throws one sentence listing the choices otherwise.
 */
export function resolveContractPath(nameOrPath: string): string {
  const value = nameOrPath.trim();
  const choices = `${CONTRACT_REVISION_NAMES.join(', ')} or the path of an OpenAPI document`;
  if (value === '') throw new Error(`No contract given: choose ${choices}.`);
  if (isRevisionName(value)) return revisionPath(value);
  const abs = path.resolve(value);
  let isFile = false;
  try {
    isFile = fs.statSync(abs).isFile();
  } catch {
    isFile = false;
  }
  if (isFile) return abs;
  const looksLikePath = /[\\/]/.test(value) || /\.(ya?ml|json)$/i.test(value);
  if (looksLikePath) throw new Error(`Contract file ${value} does not exist: choose ${choices}.`);
  throw new Error(`Unknown contract '${value}': choose ${choices}.`);
}

/**
 * Which revision one customer object (a `GET /customers/{id}` body, a list item, or a
 * `customer.*` event's `data`) appears to speak, from its shape alone:
 * - KYC items with `requirement_type` (the SDK's discriminated KycRequirement) → `sdk`;
 *   with `kind` / `type` / `status` (the documentation's KycItem) → `docs`;
 * - status `creating` or `denied` (SDK only) → `sdk`;
 * - `created_at` / `updated_at` as integer epoch seconds → `sdk`; as date-time strings → `docs`.
 * `unknown` when nothing tells, or when the signs disagree (a target mixing the two speaks neither).
 */
export function customerRevisionOf(customer: unknown): ContractRevisionName | 'unknown' {
  if (!customer || typeof customer !== 'object' || Array.isArray(customer)) return 'unknown';
  const c = customer as Record<string, unknown>;
  const signs = new Set<ContractRevisionName>();
  if (Array.isArray(c.kyc)) {
    for (const item of c.kyc) {
      if (!item || typeof item !== 'object') continue;
      const i = item as Record<string, unknown>;
      if ('requirement_type' in i || 'requirement_id' in i) signs.add('sdk');
      else if ('kind' in i) signs.add('docs');
    }
  }
  if (c.status === 'creating' || c.status === 'denied') signs.add('sdk');
  for (const key of ['created_at', 'updated_at']) {
    const v = c[key];
    if (typeof v === 'number' && Number.isInteger(v)) signs.add('sdk');
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) signs.add('docs');
  }
  return signs.size === 1 ? [...signs][0]! : 'unknown';
}
