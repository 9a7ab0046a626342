// In-memory state, partitioned by partner so isolation is structural: a route only ever looks
// into the calling partner's partition. The credit and webhook modules keep their own records
// in named collections of the same partitions.
import type { CredentialRecord, CustomerRecord, DocumentRecord, Partner } from './model.js';

export interface Partition {
  customers: Map<string, CustomerRecord>;
  documents: Map<string, DocumentRecord>;
  /** Named collections for other modules (`offers`, `simulations`, `loans`, `transactions`, `webhookEndpoints`, …). */
  collection<T>(name: string): Map<string, T>;
}

export class Store {
  readonly partners = new Map<string, Partner>();
  /** Every credential of every partner, by client id. */
  readonly credentials = new Map<string, CredentialRecord>();
  private readonly partitions = new Map<string, Partition>();

  partition(partnerId: string): Partition {
    let p = this.partitions.get(partnerId);
    if (!p) {
      const named = new Map<string, Map<string, unknown>>();
      p = {
        customers: new Map(),
        documents: new Map(),
        collection<T>(name: string): Map<string, T> {
          let c = named.get(name);
          if (!c) named.set(name, (c = new Map()));
          return c as Map<string, T>;
        },
      };
      this.partitions.set(partnerId, p);
    }
    return p;
  }

  /** Every partner id that has a partition (for the isolation faults, which look across partners). */
  partnerIds(): string[] {
    return [...this.partners.keys()];
  }

  /** Looks an id up in every partner's collection; only the cross-partner faults use this. */
  findAnywhere<T>(name: string, id: string): { partnerId: string; item: T } | undefined {
    for (const partnerId of this.partnerIds()) {
      const part = this.partition(partnerId);
      const map = name === 'customers' ? part.customers : name === 'documents' ? part.documents : part.collection<T>(name);
      const item = map.get(id) as T | undefined;
      if (item) return { partnerId, item };
    }
    return undefined;
  }
}
