// The resources flows hand to checks, typed from the contract's generated types
// (lib/spec/generated/docs.ts, `npm run types`), so a check that reads a misspelt or removed
// member fails to compile. Revision-neutral where the revisions disagree: statuses the sdk
// revision writes differently (a customer `creating`, its own KYC and loan states) are widened
// to `string`; the member names stay the documentation's, which lib/flows/revision reads across
// revisions (terms.ts, values.ts) where the sdk names a member otherwise.
import type * as Docs from '../spec/generated/docs.js';

/** One KYC requirement of a customer; `status` is any the target writes (the sdk has its own). */
export type KycItem = Omit<Docs.KycItem, 'status'> & { status: string };

/**
 * A customer. `status` widened (a contract may start customers `creating`); `name`, `email` and
 * `phone` are the registration's, which flows always give, so they are read as strings.
 */
export type Customer = Omit<Docs.Customer, 'status' | 'kyc' | 'name' | 'email' | 'phone'> & {
  status: string;
  kyc: KycItem[];
  name: string;
  email: string;
  phone: string;
};

export type CreditOffer = Docs.CreditOffer;
export type Simulation = Docs.Simulation;

/** A loan; `status` widened (the sdk revision's lifecycle has states of its own). */
export type Loan = Omit<Docs.Loan, 'status'> & { status: string };

export type Transaction = Docs.Transaction;
export type KycDocument = Docs.Document;
export type BiometricsSession = Docs.BiometricsSession;
export type WebhookEndpoint = Docs.WebhookEndpoint;
export type WebhookEndpointWithSecret = Docs.WebhookEndpointWithSecret;
