import { randomFillSync } from 'node:crypto';

// Random bytes are drawn in blocks: one system call per 256 ids rather than one per id.
const pool = Buffer.alloc(4096);
let offset = pool.length;

function random16(): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + 16);
  offset += 16;
  return hex;
}

/** A prefixed resource id: `<prefix>_` followed by 32 lowercase hex digits (e.g. `cust_…`). */
export function newId(prefix: string): string {
  return `${prefix}_${random16()}`;
}

export function hasIdShape(value: string, prefix: string): boolean {
  return new RegExp(`^${prefix}_[0-9a-f]{32}$`).test(value);
}
