// Money and instants read and written the way the selected contract declares them (dialect.ts):
// checks judge amounts in integer cents and instants in epoch ms whichever revision they speak.
import type { CheckContext } from '../../checks/context.js';
import { fromCents, isMoney, toCents } from '../money.js';
import { type Dialect, dialectOf } from './dialect.js';

const of = (d: Dialect | CheckContext): Dialect => ('money' in d ? d : dialectOf((d as CheckContext).contract));

/** Whether `value` is money as the contract writes it (a two-decimal string, or a number with at most two decimals, not negative). */
export function isMoneyValue(d: Dialect | CheckContext, value: unknown): boolean {
  return moneyCents(d, value) !== undefined;
}

/** The amount in integer cents, or undefined when `value` is not money in the contract's form. */
export function moneyCents(d: Dialect | CheckContext, value: unknown): number | undefined {
  if (of(d).money === 'decimal-string') return isMoney(value) ? toCents(value) : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return undefined;
  const cents = Math.round(value * 100);
  // A JSON number carries no scale: anything within float noise of whole cents is that many cents.
  return Math.abs(value * 100 - cents) < 1e-6 && Number.isSafeInteger(cents) ? cents : undefined;
}

/** Cents written as the contract writes money (`"250.00"` or `250`). */
export function moneyValue(d: Dialect | CheckContext, cents: number): string | number {
  const text = fromCents(cents);
  return of(d).money === 'decimal-string' ? text : Number(text);
}

/**
 * The amount written in a form the contract does not take for money: a one-decimal string where
 * money is a two-decimal string, a string where money is a JSON number.
 */
export function wrongMoney(d: Dialect | CheckContext, cents: number): string {
  const text = fromCents(cents);
  return of(d).money === 'decimal-string' ? text.replace(/\d$/, '') : text;
}

/** A money value shown in messages the way the contract writes it. */
export function showMoney(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** How the contract writes money, for messages. */
export function moneyWords(d: Dialect | CheckContext): string {
  return of(d).money === 'decimal-string' ? 'a two-decimal money string' : 'a JSON number (BRL, at most two decimals)';
}

/** The instant as epoch ms, or undefined when `value` is not an instant in the contract's form. */
export function instantMs(d: Dialect | CheckContext, value: unknown, form = of(d).instants): number | undefined {
  if (form === 'epoch-seconds') return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

/** An event envelope's `timestamp` as epoch ms (NaN when it is not one), for ordering deliveries. */
export function eventInstantMs(d: Dialect | CheckContext, payload: unknown): number {
  const ts = (payload as { timestamp?: unknown } | undefined)?.timestamp;
  return instantMs(d, ts, of(d).eventInstants) ?? Number.NaN;
}

/** How the contract writes instants, for messages. */
export function instantWords(d: Dialect | CheckContext): string {
  return of(d).instants === 'epoch-seconds' ? 'integer epoch seconds' : 'a date-time string';
}
