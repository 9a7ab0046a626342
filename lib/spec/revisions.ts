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
  return Object.hasOwn(CONTRACT_REVISIONS, value);
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

/** One sign of a revision in a customer object, worded to follow "its customers' …" in a sentence. */
export interface RevisionSign {
  revision: ContractRevisionName;
  /** e.g. `KYC requirements carry requirement_type`, `created_at is epoch seconds`. */
  sign: string;
}

/**
 * The signs of a revision one customer object carries (see customerRevisionOf), each once, in the
 * order KYC items, status, timestamps.
 */
export function customerRevisionSigns(customer: unknown): RevisionSign[] {
  if (!customer || typeof customer !== 'object' || Array.isArray(customer)) return [];
  const c = customer as Record<string, unknown>;
  const signs: RevisionSign[] = [];
  const add = (revision: ContractRevisionName, sign: string) => {
    if (!signs.some((s) => s.revision === revision && s.sign === sign)) signs.push({ revision, sign });
  };
  if (Array.isArray(c.kyc)) {
    for (const item of c.kyc) {
      if (!item || typeof item !== 'object') continue;
      const i = item as Record<string, unknown>;
      if ('requirement_type' in i) add('sdk', 'KYC requirements carry requirement_type');
      else if ('requirement_id' in i) add('sdk', 'KYC requirements carry requirement_id');
      else if ('kind' in i) add('docs', 'KYC items carry kind');
    }
  }
  if (c.status === 'creating' || c.status === 'denied') add('sdk', `status is ${c.status}`);
  const stamps: Record<ContractRevisionName, string[]> = { docs: [], sdk: [] };
  for (const key of ['created_at', 'updated_at']) {
    const v = c[key];
    if (typeof v === 'number' && Number.isInteger(v)) stamps.sdk.push(key);
    else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) stamps.docs.push(key);
  }
  if (stamps.sdk.length) add('sdk', `${stamps.sdk.join(' and ')} ${stamps.sdk.length > 1 ? 'are' : 'is'} epoch seconds`);
  if (stamps.docs.length) add('docs', `${stamps.docs.join(' and ')} ${stamps.docs.length > 1 ? 'are date-time strings' : 'is a date-time string'}`);
  return signs;
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
  const revisions = new Set(customerRevisionSigns(customer).map((s) => s.revision));
  return revisions.size === 1 ? [...revisions][0]! : 'unknown';
}
