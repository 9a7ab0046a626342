// Well-formed identifiers that name nothing: used where a check needs a path that parses but
// points at no resource (401-before-404 checks, unknown-id checks).
import { randomBytes } from 'node:crypto';

const PREFIX_BY_PARAM: Record<string, string> = {
  customer_id: 'cust_',
  credit_offer_id: 'co_',
  simulation_id: 'sim_',
  loan_id: 'ln_',
  transaction_id: 'tx_',
  document_id: 'doc_',
  webhook_endpoint_id: 'we_',
  event_id: 'evt_',
};

export function hex32(): string {
  return randomBytes(16).toString('hex');
}

/** A fresh id of the given prefix (`cust_`, `co_`, …): 32 lowercase hex after it. */
export function unknownId(prefix: string): string {
  return `${prefix}${hex32()}`;
}

export function unknownClientId(): string {
  return `dinie_ci_test_${hex32()}`;
}

/** An unknown but well-formed value for a path parameter, chosen by its name. */
export function unknownIdFor(param: string): string {
  if (param === 'client_id') return unknownClientId();
  const prefix = PREFIX_BY_PARAM[param];
  if (prefix) return unknownId(prefix);
  return hex32();
}

/** Replaces `{name}` placeholders in an OpenAPI path. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new Error(`no value for path parameter ${name} in ${path}`);
    return encodeURIComponent(v);
  });
}

/** The names of the `{placeholders}` in an OpenAPI path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]!);
}
