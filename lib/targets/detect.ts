// Capability detection: what the target demonstrably does, never what we hope it does.
import { randomBytes, randomUUID } from 'node:crypto';
import { formatCNPJ, formatCPF, generateCNPJ, generateCPF } from '@brazilian-utils/brazilian-utils';
import { createClient } from '../http/client.js';
import type { Capability } from '../types.js';
import { probe } from './probe.js';
import type { Credentials } from './types.js';

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
    const b = res.body as Partial<Record<keyof Discovery, unknown>> | null;
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

export interface StatefulProbe {
  stateful: boolean;
  why: string;
  /** The customer created and read back (it also tells the contract revision, revision-probe.ts). */
  customer?: unknown;
  /** On a stateful target, why no customer was read back. */
  unread?: string;
}

/**
 * Stateful unless the target positively behaves as a mock: it accepts a customer and then answers
 * one that is not what was sent (an example). A 4xx/5xx or a transport error proves nothing about
 * state: the target is taken as stateful and the checks meet the error again, as failures with
 * their evidence, instead of being skipped as "stateless".
 */
export async function detectStateful(baseUrl: string, creds: Credentials, timeoutMs: number): Promise<StatefulProbe> {
  const api = createClient({ baseUrl, ...creds, partner: 'A', timeoutMs });
  const body = probeCustomerBody();
  try {
    const created = await api.request<{ id?: unknown; external_id?: unknown } | null>({
      method: 'POST',
      path: '/customers',
      json: body,
      ...probeIdempotency(),
    });
    const id = created.body?.id;
    if (created.status >= 300 || typeof id !== 'string') {
      return {
        stateful: true,
        why: `POST /customers answered ${created.status}: not judged stateless; the checks will show it`,
        unread: `POST /customers answered ${created.status}`,
      };
    }
    if (created.body?.external_id !== undefined && created.body.external_id !== body.external_id) {
      return { stateful: false, why: 'POST /customers answered a customer other than the one sent (an example)' };
    }
    const read = await api.request<{ id?: unknown; external_id?: unknown; name?: unknown } | null>({
      method: 'GET',
      path: `/customers/${encodeURIComponent(id)}`,
    });
    if (read.status !== 200) {
      return {
        stateful: true,
        why: `GET of a created customer answered ${read.status}: not judged stateless; the checks will show it`,
        unread: `GET of a created customer answered ${read.status}`,
      };
    }
    const same = read.body?.id === id && read.body?.external_id === body.external_id && read.body?.name === body.name;
    // The customer read back also tells which contract revision the target speaks (revision-probe.ts).
    return same
      ? { stateful: true, why: 'a created customer was read back', customer: read.body }
      : { stateful: false, why: 'a created customer was read back as something else (an example)' };
  } catch (e) {
    const why = ((e as Error)?.message ?? String(e)).split('\n')[0];
    return { stateful: true, why: `probing failed (${why}): not judged stateless; the checks will show it`, unread: `creating a customer failed: ${why}` };
  }
}

/**
 * The idempotency key of a probe's POST under both revisions' header names (`Idempotency-Key`,
 * the SDK revision's `X-Idempotency-Key`), so either kind of target accepts the request.
 */
export function probeIdempotency(): { idempotencyKey: string; headers: Record<string, string> } {
  const key = randomUUID();
  return { idempotencyKey: key, headers: { 'X-Idempotency-Key': key } };
}

/**
 * A fresh probe customer (valid CPF and CNPJ, a random tag in every unique member), valid in both
 * contract revisions: no `trading_name` (the SDK revision's registration body has none and is closed).
 */
export function probeCustomerBody(): Record<string, string> {
  const tag = randomBytes(6).toString('hex');
  return {
    cpf: formatCPF(generateCPF()),
    cnpj: formatCNPJ(generateCNPJ()),
    name: `Conformance Probe ${tag}`,
    email: `probe-${tag}@example.com`,
    phone: `+55119${String(parseInt(tag.slice(0, 6), 16) % 1e8).padStart(8, '0')}`,
    external_id: `dinie-conformance-probe-${tag}`,
  };
}

export function orderCapabilities(caps: Iterable<Capability>): Capability[] {
  const order: Capability[] = ['stateful', 'control', 'advances', 'clock', 'webhooks', 'second-partner'];
  const set = new Set(caps);
  return order.filter((c) => set.has(c));
}
