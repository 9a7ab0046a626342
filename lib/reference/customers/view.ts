// Wire forms of customers and documents.
import type { Kernel } from '../kernel.js';
import type { CustomerRecord, DocumentRecord, KycItem } from '../model.js';

/** The documentation revision's KycItem: the six documented members, nothing the engine keeps besides. */
export function kycView(items: KycItem[]): Record<string, unknown>[] {
  return items.map((i) => ({ kind: i.kind, type: i.type, description: i.description, status: i.status, message: i.message, uploaded_at: i.uploaded_at }));
}

export function customerView(_kernel: Kernel, c: CustomerRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: c.id,
    status: c.status,
    cpf: c.cpf,
    cnpj: c.cnpj,
    name: c.name,
    email: c.email,
    phone: c.phone,
    trading_name: c.trading_name,
    external_id: c.external_id,
    kyc: kycView(c.kyc),
    // To the millisecond (RFC 3339 allows fractions): the list sorts by them, newest first by default,
    // and customers made within one second must still show their order.
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
  return view;
}

/** `customer.created` data: the registration data (seed 001). */
export function customerEventData(c: CustomerRecord): Record<string, unknown> {
  return {
    id: c.id,
    status: c.status,
    cpf: c.cpf,
    cnpj: c.cnpj,
    name: c.name,
    email: c.email,
    phone: c.phone,
    trading_name: c.trading_name,
    external_id: c.external_id,
  };
}

export function documentView(kernel: Kernel, d: DocumentRecord): Record<string, unknown> {
  return {
    id: d.id,
    type: d.type,
    status: d.status,
    uploaded_at: kernel.toIso(d.uploadedAt),
    created_at: kernel.toIso(d.createdAt),
    updated_at: kernel.toIso(d.updatedAt),
  };
}
