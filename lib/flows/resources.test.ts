// Compile-time proof that flows hand checks contract-typed bodies: each `@ts-expect-error` below
// marks a misspelt member; were the body typed loosely (`any`, an index signature), the error
// would vanish and `npx tsc --noEmit` would fail on the unused directive. The runtime part only
// keeps vitest honest about the file.
import { describe, expect, expectTypeOf, it } from 'vitest';
import type * as Docs from '../spec/generated/docs.js';
import type { createCustomer, createLoan, getCustomer, listTransactions, readyToBorrow, simulate, uploadDocument } from './index.js';
import type { Customer, Loan, WebhookEndpointWithSecret } from './resources.js';

type Result<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

describe('flows results are typed from the contract', () => {
  it('a misspelt member of a flows result does not compile', () => {
    const customer = { id: 'cust_1', kyc: [] } as unknown as Result<typeof createCustomer>;
    // @ts-expect-error `custmer_id` is no member of Customer
    void customer.custmer_id;
    // @ts-expect-error `kyc_items` is no member of Customer (it is `kyc`)
    void customer.kyc_items;
    const journey = { offer: {} } as Result<typeof readyToBorrow>;
    // @ts-expect-error `aproved_amount` is no member of CreditOffer
    void journey.offer.aproved_amount;
    const simulation = {} as Result<typeof simulate>;
    // @ts-expect-error `installment_value` is no member of Simulation (it is `installments_value`)
    void simulation.installment_value;
    const loan = {} as Result<typeof createLoan>;
    // @ts-expect-error `total` is no member of Loan (it is `total_amount`)
    void loan.total;
    const transactions = [] as Result<typeof listTransactions>;
    // @ts-expect-error `amount` is no member of Transaction (it is `amount_due`)
    void transactions[0]?.amount;
    const document = {} as Result<typeof uploadDocument>;
    // @ts-expect-error `uploaded` is no member of Document (it is `uploaded_at`)
    void document.uploaded;
    const endpoint = {} as WebhookEndpointWithSecret;
    // @ts-expect-error `signing_secret` is no member of WebhookEndpointWithSecret (it is `secret`)
    void endpoint.signing_secret;
    expect(customer.id).toBe('cust_1');
  });

  it('the members are the generated ones, statuses widened for the sdk revision', () => {
    expectTypeOf<Result<typeof getCustomer>>().toEqualTypeOf<Customer>();
    expectTypeOf<Customer['cpf']>().toEqualTypeOf<Docs.Customer['cpf']>();
    expectTypeOf<Customer['status']>().toEqualTypeOf<string>();
    expectTypeOf<Loan['total_amount']>().toEqualTypeOf<Docs.Loan['total_amount']>();
    expectTypeOf<Result<typeof simulate>>().toEqualTypeOf<Docs.Simulation>();
    expectTypeOf<Result<typeof listTransactions>>().toEqualTypeOf<Docs.Transaction[]>();
    expectTypeOf<keyof Loan>().toEqualTypeOf<keyof Docs.Loan>();
  });
});
