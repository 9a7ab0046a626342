// Realistic request data for the flows: valid CPF/CNPJ check digits, E.164 phones, unique external ids.
import { randomBytes } from 'node:crypto';
import { formatCnpj, formatCpf, generateCnpj, generateCpf, isValidCpf } from '@brazilian-utils/brazilian-utils';
// English names and numbers, from one locale's entry (the package's root loads every locale).
import { faker } from '@faker-js/faker/locale/en';
import type { OpenApiDocument } from '../spec/openapi.js';
import { conformCustomerBody } from './revision/customer-body.js';

export interface CustomerBody {
  cpf: string;
  cnpj?: string | null;
  name?: string;
  email?: string;
  phone?: string;
  trading_name?: string;
  external_id?: string;
}

/**
 * Every customer the suite registers carries an `external_id` starting with this (customers cannot
 * be deleted): on a shared sandbox anyone can tell the suite's data from a partner's, and a run's
 * own data by the run tag after it.
 */
export const TAG_PREFIX = 'dinie-conformance-';

/** `DINIE_RUN_TAG` (letters, digits, dashes; a CLI may share one across its workers), else a fresh one per process. */
function makeRunTag(): string {
  const given = (process.env.DINIE_RUN_TAG ?? '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
    .slice(0, 24);
  return given || `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** This run's tag (the same for every check of this process). */
export const RUN_TAG = makeRunTag();

/** `dinie-conformance-<run tag>-<label>`: a reference shared by a set of this run's customers (a list filter selects exactly them). */
export function runExternalId(label: string): string {
  return `${TAG_PREFIX}${RUN_TAG}-${label}`;
}

/** A unique partner reference, tagged: `dinie-conformance-<run tag>-<label>-<random>`. */
export function uniqueExternalId(label = 'c'): string {
  return `${TAG_PREFIX}${RUN_TAG}-${label}-${randomBytes(6).toString('hex')}`;
}

/** Whether an external_id was made by this suite (any run). */
export function isSuiteExternalId(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith(TAG_PREFIX);
}

export function onlyDigits(s: string): string {
  return s.replace(/\D/g, '');
}

export function newCpf({ masked = true } = {}): string {
  const cpf = generateCpf();
  return masked ? formatCpf(cpf) : cpf;
}

export function newCnpj({ masked = true } = {}): string {
  const cnpj = generateCnpj(1);
  return masked ? formatCnpj(cnpj) : cnpj;
}

/** A mobile number in E.164 (`+55` + two-digit area code + 9 + eight digits). */
export function newPhone(): string {
  const area = faker.helpers.arrayElement(['11', '21', '31', '41', '51', '61', '71', '81', '85', '92']);
  return `+55${area}9${faker.string.numeric({ length: 8, allowLeadingZeros: true })}`;
}

/** A CPF (11 digits) whose last check digit is wrong. */
export function cpfWithWrongCheckDigit({ masked = true } = {}): string {
  const good = generateCpf();
  const last = Number(good[10]);
  let bad = good.slice(0, 10) + String((last + 1) % 10);
  if (isValidCpf(bad)) bad = good.slice(0, 10) + String((last + 2) % 10);
  return masked ? formatCpf(bad) : bad;
}

function asciiSlug(s: string): string {
  return (
    s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase() || 'cliente'
  );
}

/**
 * A complete, valid create-customer body; `cnpj: true` makes a business (MEI) profile. With `for`
 * (a check's context), shaped by that contract's CreateCustomerRequest (a contract that requires
 * a CNPJ gets one either way; lib/flows/revision/customer-body.ts).
 */
export function newCustomerBody(opts: { cnpj?: boolean; masked?: boolean; for?: { contract?: { document?: OpenApiDocument } } } = {}): CustomerBody {
  const first = faker.person.firstName();
  const last = faker.person.lastName();
  const body: CustomerBody = {
    cpf: newCpf({ masked: opts.masked ?? true }),
    name: `${first} ${last}`,
    email: `${asciiSlug(first)}.${asciiSlug(last)}.${randomBytes(3).toString('hex')}@example.com`,
    phone: newPhone(),
    external_id: uniqueExternalId(),
  };
  if (opts.cnpj) {
    body.cnpj = newCnpj({ masked: opts.masked ?? true });
    body.trading_name = `${faker.company.name()}`.slice(0, 60);
  }
  return opts.for ? customerBodyFor(opts.for, body, opts.masked ?? true) : body;
}

/** `body` shaped by the contract's CreateCustomerRequest (members it does not take dropped, required ones generated). */
export function customerBodyFor(ctx: { contract?: { document?: OpenApiDocument } }, body: CustomerBody, masked = true): CustomerBody {
  return conformCustomerBody(ctx.contract?.document, body, {
    cnpj: () => newCnpj({ masked }),
    email: () => `cliente.${randomBytes(4).toString('hex')}@example.com`,
    phone: newPhone,
    name: () => faker.person.fullName(),
  });
}
