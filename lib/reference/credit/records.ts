// What the credit module keeps per partner (in the kernel store's named collections).
import type { Kernel } from '../kernel.js';
import type { LoanStatus } from './loan-state.js';
import type { ScheduledInstallment } from './schedule.js';
import type { SimulationFigures } from './simulation.js';

export type OfferStatus = 'available' | 'accepted' | 'expired';

export interface OfferRecord {
  id: string;
  customerId: string;
  status: OfferStatus;
  approvedCents: number;
  minCents: number;
  monthlyRatePct: number;
  minInstallments: number;
  maxInstallments: number;
  validUntil: Date;
  /** Last Write Record: only this simulation can become a loan. */
  latestSimulationId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SimulationRecord {
  id: string;
  offerId: string;
  figures: SimulationFigures;
  createdAt: Date;
}

export interface TransactionRecord {
  id: string;
  loanId: string;
  installment: ScheduledInstallment;
  paidCents: number;
  paidAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface LoanRecord {
  id: string;
  offerId: string;
  simulationId: string;
  customerId: string;
  status: LoanStatus;
  /** Every status the loan has been in, in order. */
  history: LoanStatus[];
  figures: SimulationFigures;
  ccbNumber: string | null;
  signingUrl: string | null;
  transactions: TransactionRecord[];
  createdAt: Date;
  updatedAt: Date;
}

export function creditStore(kernel: Kernel, partnerId: string) {
  const part = kernel.store.partition(partnerId);
  return {
    offers: part.collection<OfferRecord>('offers'),
    simulations: part.collection<SimulationRecord>('simulations'),
    loans: part.collection<LoanRecord>('loans'),
  };
}

export type CreditStore = ReturnType<typeof creditStore>;
