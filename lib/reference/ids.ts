import { randomBytes } from 'node:crypto';

/** A prefixed resource id: `<prefix>_` followed by 32 lowercase hex digits (e.g. `cust_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(16).toString('hex')}`;
}

export function hasIdShape(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}_[0-9a-f]{32}$`).test(value);
}
