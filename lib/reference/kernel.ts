// The shared services every route module of the reference server receives: clock, faults, ids,
// problem answers, pagination, the in-memory store, event emission and auto-mode timers.
import type { FastifyReply } from 'fastify';
import { type Clock, createClock, toDate, toIso } from './clock.js';
import type { FaultName } from './faults.js';
import { newId } from './ids.js';
import type { CustomerRecord, DinieEvent } from './model.js';
import { parseMoney, toMoney } from './money.js';
import type { ResolvedOptions } from './options.js';
import { type Page, paginate } from './pagination.js';
import { ApiError, type FieldError, sendProblem } from './problem.js';
import { Store } from './store.js';
import { type Wire, type WireEvent, wireFor } from './wire/index.js';

/** Delivers events to a partner's webhook endpoints (lib/reference/webhooks). */
export interface Dispatcher {
  /** One event as the spoken revision writes it (kernel.wire.events). */
  dispatch(partnerId: string, event: WireEvent): void;
  close?(): Promise<void>;
}

/** What the simulation control API delegates to the credit module. Each may throw ApiError. */
export interface CreditControl {
  /** Publishes an offer for the customer; returns the CreditOffer's wire form. */
  creditAnalysis(partnerId: string, customerId: string, body: Record<string, unknown>): unknown | Promise<unknown>;
  /** Moves a loan (next happy-path step, or `body.to`); returns the Loan's wire form. */
  advanceLoan(partnerId: string, loanId: string, body: Record<string, unknown>): unknown | Promise<unknown>;
  /** Records an installment payment; returns the Transaction's wire form. */
  recordPayment(partnerId: string, loanId: string, body: Record<string, unknown>): unknown | Promise<unknown>;
}

export type EventListener = (partnerId: string, event: DinieEvent) => void;

export interface Kernel {
  readonly options: ResolvedOptions;
  readonly clock: Clock;
  readonly faults: { has(name: FaultName): boolean; list(): FaultName[] };
  readonly store: Store;
  /** The contract revision spoken on the wire: every shape in and out goes through it. */
  readonly wire: Wire;
  /** `http://host:port` once listening (for URLs the server hands out). */
  origin: string;
  newId(prefix: string): string;
  /** Sends an RFC 9457 problem. Prefer `throw new ApiError(...)` inside handlers. */
  problem(reply: FastifyReply, status: number, code: string, title: string, detail?: string, errors?: FieldError[]): FastifyReply;
  paginate<T extends { id: string }>(items: readonly T[], query: Record<string, unknown>, opts: { cursorPattern: RegExp }): Page<T>;
  /**
   * Builds the event, hands what it becomes on the wire to the dispatcher and the event itself to
   * every listener. `facts` are internal values behind `data` (cents, instants) for wires that
   * write them differently. `at` stamps the event with another instant than now (only faults do).
   */
  emit(partnerId: string, type: string, data: Record<string, unknown>, facts?: Record<string, unknown>, at?: Date): DinieEvent;
  /** Internal listeners (e.g. the credit module starts an analysis on `customer.created`). */
  subscribe(listener: EventListener): () => void;
  setDispatcher(dispatcher: Dispatcher): void;
  /** A customer of this partner, or undefined (never another partner's). */
  findCustomer(partnerId: string, customerId: string): CustomerRecord | undefined;
  /** The credit module registers what the control API delegates to it. */
  control: Partial<CreditControl>;
  registerCreditControl(control: CreditControl): void;
  /** Runs after the control API moved the clock (expire offers, mark installments overdue). */
  onClockAdvanced(fn: (now: Date) => void): void;
  clockAdvanced(): void;
  /** Auto-mode timer; cleared on close. */
  schedule(ms: number, fn: () => void): void;
  toIso: typeof toIso;
  toDate: typeof toDate;
  toMoney: typeof toMoney;
  parseMoney: typeof parseMoney;
  close(): Promise<void>;
}

export function createKernel(options: ResolvedOptions): Kernel {
  const active = new Set<FaultName>(options.faults);
  const has = (name: FaultName) => active.has(name);
  const store = new Store();
  const listeners = new Set<EventListener>();
  const clockListeners: ((now: Date) => void)[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let dispatcher: Dispatcher | undefined;
  const clock = createClock();
  const wire = wireFor(options.contract);

  const kernel: Kernel = {
    options,
    clock,
    faults: { has, list: () => [...active] },
    store,
    wire,
    origin: '',
    newId,
    problem(reply, status, code, title, detail, errors) {
      return sendProblem(reply, new ApiError(status, code, title, detail, errors), { plainJson4xx: has('error-not-problem-json') });
    },
    paginate(items, query, opts) {
      return paginate(items, query, { cursorPattern: opts.cursorPattern, has });
    },
    emit(partnerId, type, data, facts, at) {
      const event: DinieEvent = { id: newId('evt'), type, timestamp: toIso(at ?? clock.now()), data, ...(facts ? { facts } : {}) };
      if (dispatcher) for (const out of wire.events(kernel, partnerId, event)) dispatcher.dispatch(partnerId, out);
      for (const l of listeners) l(partnerId, event);
      return event;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setDispatcher(d) {
      dispatcher = d;
    },
    findCustomer(partnerId, customerId) {
      return store.partition(partnerId).customers.get(customerId);
    },
    control: {},
    registerCreditControl(control) {
      Object.assign(kernel.control, control);
    },
    onClockAdvanced(fn) {
      clockListeners.push(fn);
    },
    clockAdvanced() {
      const now = clock.now();
      for (const fn of clockListeners) fn(now);
    },
    schedule(ms, fn) {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    },
    toIso,
    toDate,
    toMoney,
    parseMoney,
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await dispatcher?.close?.();
    },
  };
  return kernel;
}
