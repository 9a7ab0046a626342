// Realistic Brazilian data as fast-check arbitraries: documents with valid check digits, E.164
// mobile numbers, BRL money strings, future calendar dates, Portuguese names and e-mails.

import { formatCnpj, formatCpf } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { fromFaker } from './faker.js';

/** `n` decimal digits drawn as one integer (much cheaper than an array of digits). */
const digits = (n: number) =>
  // No bias: fast-check's lean towards small integers would make every CPF start with zeros.
  fc.noBias(fc.integer({ min: 0, max: 10 ** n - 1 })).map((v) => String(v).padStart(n, '0').split('').map(Number));

/** Modulus-11 check digit as the Receita Federal defines it for CPF and CNPJ. */
function mod11(ds: number[], weights: number[]): number {
  const sum = ds.reduce((acc, d, i) => acc + d * weights[i]!, 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}
const CPF_W1 = [10, 9, 8, 7, 6, 5, 4, 3, 2];
const CPF_W2 = [11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W1 = [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
const CNPJ_W2 = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];

export function cpfDigits(base9: number[]): string {
  const d1 = mod11(base9, CPF_W1);
  const d2 = mod11([...base9, d1], CPF_W2);
  return [...base9, d1, d2].join('');
}

export function cnpjDigits(base12: number[]): string {
  const d1 = mod11(base12, CNPJ_W1);
  const d2 = mod11([...base12, d1], CNPJ_W2);
  return [...base12, d1, d2].join('');
}

const maskChoice = (masked: boolean | undefined) => (masked === undefined ? fc.boolean() : fc.constant(masked));

/** A CPF with valid check digits; masked `123.456.789-09`, bare 11 digits, or either. */
export function cpf(opts: { masked?: boolean } = {}): fc.Arbitrary<string> {
  return fc
    .tuple(
      digits(9).filter((ds) => ds.some((d) => d !== ds[0])),
      maskChoice(opts.masked),
    )
    .map(([ds, masked]) => {
      const plain = cpfDigits(ds);
      return masked ? formatCpf(plain) : plain;
    });
}

/** A CNPJ with valid check digits (head office `0001` or a branch), masked or bare. */
export function cnpj(opts: { masked?: boolean } = {}): fc.Arbitrary<string> {
  return fc
    .tuple(
      digits(8).filter((ds) => ds.some((d) => d !== ds[0])),
      fc.oneof(
        fc.constant([0, 0, 0, 1]),
        digits(4).filter((ds) => ds.some((d) => d !== 0)),
      ),
      maskChoice(opts.masked),
    )
    .map(([root, branch, masked]) => {
      const plain = cnpjDigits([...root, ...branch]);
      return masked ? formatCnpj(plain) : plain;
    });
}

// Area codes (DDD) in use in Brazil.
const DDD = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49, 51, 53, 54, 55, 61, 62, 63, 64, 65,
  66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 96, 97, 98, 99,
];

/** A Brazilian mobile number in E.164: `+55` + area code + `9` + 8 digits. */
export function phoneBR(): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...DDD), digits(8)).map(([ddd, ds]) => `+55${ddd}9${ds.join('')}`);
}

function toCents(v: number | string): number {
  return Math.round(Number(v) * 100);
}

/** A BRL amount as a string with exactly two decimals, between `min` and `max` reais (inclusive). */
export function money(opts: { min?: number | string; max?: number | string } = {}): fc.Arbitrary<string> {
  const min = toCents(opts.min ?? 1);
  const max = toCents(opts.max ?? 100_000);
  // Mostly spread over the range, sometimes exactly on a bound (where servers get it wrong).
  const cents = fc.oneof({ arbitrary: fc.noBias(fc.integer({ min, max })), weight: 9 }, { arbitrary: fc.constantFrom(min, max), weight: 1 });
  return cents.map((c) => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
}

const DAY = 86_400_000;
/** A calendar date `YYYY-MM-DD` between tomorrow and `days` ahead of `from` (default: today, UTC). */
export function futureDate(opts: { from?: Date; days?: number } = {}): fc.Arbitrary<string> {
  const from = opts.from ?? new Date();
  const start = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
  return fc.integer({ min: 1, max: opts.days ?? 365 }).map((d) => new Date(start + d * DAY).toISOString().slice(0, 10));
}

/** A Brazilian full name (first and last name, Portuguese spelling). */
export function personName(): fc.Arbitrary<string> {
  return fromFaker((f) => `${f.person.firstName()} ${f.person.lastName()}`);
}

/** A trading name of a Brazilian business. */
export function companyName(): fc.Arbitrary<string> {
  return fromFaker((f) => f.company.name());
}

const MAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br', 'terra.com.br', 'exemplo.com.br'];
const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

/** A plausible e-mail address (ASCII local part built from a Brazilian name). */
export function email(): fc.Arbitrary<string> {
  return fromFaker((f) => {
    const first = ascii(f.person.firstName()) || 'cliente';
    const last = ascii(f.person.lastName()) || 'dinie';
    const sep = f.helpers.arrayElement(['.', '_', '']);
    const n = f.number.int({ min: 0, max: 99 });
    return `${first}${sep}${last}${n < 50 ? n : ''}@${f.helpers.arrayElement(MAIL_DOMAINS)}`;
  });
}
