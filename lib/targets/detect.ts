// Capability detection: what the target demonstrably does, never what we hope it does.
import { randomBytes } from 'node:crypto';
import { formatCNPJ, formatCPF, generateCNPJ, generateCPF } from '@brazilian-utils/brazilian-utils';
import type { Capability } from '../checks/types.js';
import { createClient } from '../http/client.js';
import type { Credentials } from './types.js';
import { probe } from './probe.js';

export interface Discovery {
  name?: string;
  version: string;
  mode: 'manual' | 'auto';
  now?: string;
  faults?: string[];
}

/** `GET <control>` answering the discovery document of docs/simulation-control.md. */
export async function discoverControl(controlUrl: string, timeoutMs: number): Promise<Discovery | undefined> {
  try {
    const res = await probe(controlUrl.replace(/\/+$/, ''), { timeoutMs });
    const b = res.body;
    if (res.status === 200 && b && typeof b === 'object' && typeof b.version === 'string' && (b.mode === 'manual' || b.mode === 'auto')) {
      return b as Discovery;
    }
  } catch {
    // unreachable control API = no control API
  }
  return undefined;
}

/** `<origin>/_simulation` of a base URL. */
export function defaultControlUrl(baseUrl: string): string {
  return `${new URL(baseUrl).origin}/_simulation`;
}

/**
 * Stateful = what we create can be read back. A mock answering examples returns someone else's
 * customer (or an error), so a random name and external id tell the two apart.
 */
export async function detectStateful(baseUrl: string, creds: Credentials, timeoutMs: number): Promise<{ stateful: boolean; why: string }> {
  const api = createClient({ baseUrl, ...creds, partner: 'A', timeoutMs });
  const tag = randomBytes(6).toString('hex');
  const body = {
    cpf: formatCPF(generateCPF()),
    cnpj: formatCNPJ(generateCNPJ()),
    name: `Conformance Probe ${tag}`,
    email: `probe-${tag}@example.com`,
    phone: `+55119${String(parseInt(tag.slice(0, 6), 16) % 1e8).padStart(8, '0')}`,
    trading_name: `Probe ${tag}`,
    external_id: `dinie-conformance-probe-${tag}`,
  };
  try {
    const created = await api.request({ method: 'POST', path: '/customers', json: body, idempotencyKey: true });
    const id = created.body?.id;
    if (created.status >= 300 || typeof id !== 'string') return { stateful: false, why: `POST /customers answered ${created.status}` };
    const read = await api.request({ method: 'GET', path: `/customers/${encodeURIComponent(id)}` });
    const same = read.status === 200 && read.body?.id === id && read.body?.external_id === body.external_id && read.body?.name === body.name;
    return { stateful: same, why: same ? 'a created customer was read back' : 'a created customer could not be read back as sent' };
  } catch (e) {
    return { stateful: false, why: (e as Error).message };
  }
}

export function orderCapabilities(caps: Iterable<Capability>): Capability[] {
  const order: Capability[] = ['stateful', 'control', 'advances', 'clock', 'webhooks', 'second-partner'];
  const set = new Set(caps);
  return order.filter((c) => set.has(c));
}
