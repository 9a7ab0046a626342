// CET (custo efetivo total): the annual effective rate that makes the customer's cash flows
// balance — what they receive at the start against each installment they pay on its due date.
// Solved as an internal rate of return with day-count exponents (days / 365).

export interface CashFlow {
  days: number; // from the disbursement
  cents: number;
}

function presentValue(flows: CashFlow[], annualRate: number): number {
  return flows.reduce((sum, f) => sum + f.cents / (1 + annualRate) ** (f.days / 365), 0);
}

/** The annual rate (fraction, 0.42 = 42 %) at which the payments' present value equals `receivedCents`. */
export function annualIrr(receivedCents: number, payments: CashFlow[]): number {
  if (receivedCents <= 0) throw new Error('the received amount must be positive');
  let low = -0.99;
  let high = 1;
  // Present value falls as the rate rises; widen until the root is bracketed.
  while (presentValue(payments, high) > receivedCents) {
    high *= 2;
    if (high > 1e9) throw new Error('no internal rate of return');
  }
  for (let i = 0; i < 200 && high - low > 1e-12; i++) {
    const mid = (low + high) / 2;
    if (presentValue(payments, mid) > receivedCents) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
