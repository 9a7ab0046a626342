// What a check created on the target, seen from its own requests: every 201 of a creating operation
// is recorded. What the contract lets us delete (webhook endpoints, credentials) is deleted when the
// check ends, unless the check already did; what it does not (customers, documents, simulations,
// loans) is listed as a leftover, with its external_id when it has one, so a shared sandbox's owner
// can tell what each run left behind. Endpoints and credentials become leftovers only when their
// deletion failed.
import type { ApiClient, ApiRequest, ApiResponse } from './context.js';

export interface Leftover {
  kind: string;
  id: string;
  external_id?: string;
}

/** What the check left behind: `count` in all, the first `items` of them. */
export interface Leftovers {
  count: number;
  items: Leftover[];
}

/** Most leftovers listed per check (and per run report); the count says how many there were. */
export const LEFTOVERS_CAP = 1000;

/** Creating operations: method, path (relative to the base URL, no query) and what they make. */
const CREATES: { pattern: RegExp; kind: string; deletable?: 'endpoint' | 'credential' }[] = [
  { pattern: /^\/customers\/?$/, kind: 'customer' },
  { pattern: /^\/customers\/[^/]+\/documents\/?$/, kind: 'document' },
  { pattern: /^\/credit-offers\/[^/]+\/simulations\/?$/, kind: 'simulation' },
  { pattern: /^\/loans\/?$/, kind: 'loan' },
  { pattern: /^\/webhooks\/endpoints\/?$/, kind: 'webhook_endpoint', deletable: 'endpoint' },
  { pattern: /^\/auth\/credentials\/?$/, kind: 'credential', deletable: 'credential' },
];

const DELETES: { pattern: RegExp; deletable: 'endpoint' | 'credential' }[] = [
  { pattern: /^\/webhooks\/endpoints\/([^/?]+)\/?$/, deletable: 'endpoint' },
  { pattern: /^\/auth\/credentials\/([^/?]+)\/?$/, deletable: 'credential' },
];

interface Deletable {
  kind: string;
  type: 'endpoint' | 'credential';
  id: string;
  client: ApiClient;
}

const pathOf = (p: string) => p.split('?')[0]!;

/** Records what one check creates through its clients; deletes what can be deleted at its end. */
export class ResourceTracker {
  private readonly kept: Leftover[] = [];
  private readonly keys = new Set<string>();
  private count = 0;
  /** Endpoints and credentials the check made and nobody has deleted yet, by type + id. */
  private readonly alive = new Map<string, Deletable>();

  constructor(private readonly cap = LEFTOVERS_CAP) {}

  /** A client that reports each answer to the tracker (everything else passes through). */
  wrap<C extends ApiClient>(client: C): ApiClient {
    const observe = (req: ApiRequest, res: ApiResponse) => this.observe(wrapped, req, res);
    const wrapped: ApiClient = {
      get partner() {
        return client.partner;
      },
      get clientId() {
        return client.clientId;
      },
      token: () => client.token(),
      async request<T = unknown>(req: ApiRequest): Promise<ApiResponse<T>> {
        const res = await client.request<T>(req);
        try {
          observe(req, res);
        } catch {
          // bookkeeping must never change a check's outcome
        }
        return res;
      },
    };
    return wrapped;
  }

  /** Learns from one exchange: a 201 of a creating operation, a DELETE of an endpoint or credential. */
  observe(client: ApiClient, req: ApiRequest, res: ApiResponse): void {
    const method = req.method.toUpperCase();
    const path = pathOf(req.path);
    if (method === 'POST' && res.status === 201) {
      const create = CREATES.find((c) => c.pattern.test(path));
      if (!create) return;
      const body = res.body && typeof res.body === 'object' ? (res.body as Record<string, unknown>) : {};
      const raw = create.deletable === 'credential' ? (body.client_id ?? body.id) : body.id;
      if (typeof raw !== 'string' || raw === '') return;
      if (create.deletable) {
        this.alive.set(`${create.deletable}|${raw}`, { kind: create.kind, type: create.deletable, id: raw, client });
        return;
      }
      this.add({ kind: create.kind, id: raw, ...(typeof body.external_id === 'string' ? { external_id: body.external_id } : {}) });
      return;
    }
    if (method === 'DELETE' && ((res.status >= 200 && res.status < 300) || res.status === 404)) {
      for (const d of DELETES) {
        const m = d.pattern.exec(path);
        if (m) this.alive.delete(`${d.deletable}|${decodeURIComponent(m[1]!)}`);
      }
    }
  }

  private add(l: Leftover): void {
    const key = `${l.kind}|${l.id}`;
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.count++;
    if (this.kept.length < this.cap) this.kept.push(l);
  }

  /** Endpoints and credentials the check made and did not delete. */
  pending(): { kind: string; id: string }[] {
    return [...this.alive.values()].map(({ kind, id }) => ({ kind, id }));
  }

  /**
   * Deletes every endpoint and credential still alive (in parallel). A failed deletion stays
   * pending, so it is listed; returns one sentence per failure for the check's notes.
   */
  async cleanup(): Promise<string[]> {
    const failures: string[] = [];
    await Promise.all(
      [...this.alive.values()].map(async (d) => {
        const path = d.type === 'endpoint' ? `/webhooks/endpoints/${encodeURIComponent(d.id)}` : `/auth/credentials/${encodeURIComponent(d.id)}`;
        try {
          // Through the wrapped client: a 2xx or 404 answer removes it from `alive`.
          const res = await d.client.request({ method: 'DELETE', path });
          if (this.alive.has(`${d.type}|${d.id}`)) failures.push(`clean-up: DELETE ${path} answered ${res.status}; the ${d.kind} is left on the target`);
        } catch (e) {
          failures.push(`clean-up: DELETE ${path} failed (${(e as Error)?.message ?? String(e)}); the ${d.kind} is left on the target`);
        }
      }),
    );
    return failures;
  }

  /** What the check leaves on the target: the undeletable it created, and what could not be deleted. */
  leftovers(): Leftovers | undefined {
    for (const d of this.alive.values()) this.add({ kind: d.kind, id: d.id });
    this.alive.clear();
    return this.count ? { count: this.count, items: [...this.kept] } : undefined;
  }
}
