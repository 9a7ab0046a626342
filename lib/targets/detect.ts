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
 * Stateful unless the target positively behaves as a mock: it accepts a customer and then answers
 * one that is not what was sent (an example). A 4xx/5xx or a transport error proves nothing about
 * state: the target is taken as stateful and the checks meet the error again, as failures with
 * their evidence, instead of being skipped as "stateless".
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
    if (created.status >= 300 || typeof id !== 'string') {
      return { stateful: true, why: `POST /customers answered ${created.status}: not judged stateless; the checks will show it` };
    }
    if (created.body?.external_id !== undefined && created.body.external_id !== body.external_id) {
      return { stateful: false, why: 'POST /customers answered a customer other than the one sent (an example)' };
    }
    const read = await api.request({ method: 'GET', path: `/customers/${encodeURIComponent(id)}` });
    if (read.status !== 200) return { stateful: true, why: `GET of a created customer answered ${read.status}: not judged stateless; the checks will show it` };
    const same = read.body?.id === id && read.body?.external_id === body.external_id && read.body?.name === body.name;
    return { stateful: same, why: same ? 'a created customer was read back' : 'a created customer was read back as something else (an example)' };
  } catch (e) {
    return { stateful: true, why: `probing failed (${(e as Error).message}): not judged stateless; the checks will show it` };
  }
}

export function orderCapabilities(caps: Iterable<Capability>): Capability[] {
  const order: Capability[] = ['stateful', 'control', 'advances', 'clock', 'webhooks', 'second-partner'];
  const set = new Set(caps);
  return order.filter((c) => set.has(c));
}
