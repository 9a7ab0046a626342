// What the sandbox remembers between its steps, one set per server (kernel).
import type { Kernel } from '../kernel.js';

export interface SandboxState {
  /** Customers registered with a `kyc.correction` e-mail whose first review step has not come yet. */
  correctionDue: Set<string>;
  /** `customerId:type` of document items whose latest upload carried a `kyc.reject` file name. */
  rejectNext: Set<string>;
  /** Customers with a review step scheduled (at most one at a time: items are reviewed one by one). */
  reviewing: Set<string>;
}

const states = new WeakMap<Kernel, SandboxState>();

export function sandboxState(kernel: Kernel): SandboxState {
  let s = states.get(kernel);
  if (!s) states.set(kernel, (s = { correctionDue: new Set(), rejectNext: new Set(), reviewing: new Set() }));
  return s;
}

/** Where the pages a partner is sent to live (biometrics session, contract signing): outside /_simulation in sandbox mode. */
export function pagePrefix(kernel: Kernel): string {
  return kernel.options.sandbox ? '/sandbox' : '/_simulation';
}
