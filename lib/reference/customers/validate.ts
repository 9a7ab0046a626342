// Request validation of customer bodies: closed objects, CPF/CNPJ shape and check digits,
// e-mail and E.164 phone. Returns the field errors; the route turns them into a 422.
import { formatCNPJ, formatCPF, isValidCNPJ, isValidCPF } from '@brazilian-utils/brazilian-utils';
import type { FieldError } from '../problem.js';
import type { CustomerRules } from '../wire/types.js';

const CPF_SHAPE = /^(\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})$/;
const CNPJ_SHAPE = /^(\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|\d{14})$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{7,14}$/;

export interface CpfRules {
  checkDigits: boolean;
}

/** The masked CPF, or null when the value is not a CPF (shape, or check digits when checked). */
export function normaliseCpf(value: unknown, rules: CpfRules): string | null {
  if (typeof value !== 'string' || !CPF_SHAPE.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  if (rules.checkDigits && !isValidCPF(digits)) return null;
  return formatCPF(digits);
}

export function normaliseCnpj(value: unknown): string | null {
  if (typeof value !== 'string' || !CNPJ_SHAPE.test(value)) return null;
  const digits = value.replace(/\D/g, '');
  return isValidCNPJ(digits) ? formatCNPJ(digits) : null;
}

type Body = Record<string, unknown>;

function text(errors: FieldError[], body: Body, field: string, opts: { required: boolean; nullable?: boolean; max?: number; pattern?: RegExp; what?: string }) {
  const v = body[field];
  if (v === undefined) {
    if (opts.required) errors.push({ field, message: 'is required' });
    return;
  }
  if (v === null) {
    if (!opts.nullable) errors.push({ field, message: 'must not be null' });
    return;
  }
  if (typeof v !== 'string' || v.trim() === '') return void errors.push({ field, message: 'must be a non-empty string' });
  if (v.length > (opts.max ?? 200)) return void errors.push({ field, message: `must be at most ${opts.max ?? 200} characters` });
  if (opts.pattern && !opts.pattern.test(v)) errors.push({ field, message: `must be ${opts.what}` });
}

export function objectBody(body: unknown): Body | null {
  return typeof body === 'object' && body !== null && !Array.isArray(body) && !Buffer.isBuffer(body) ? (body as Body) : null;
}

/** The documentation revision's rules (the default of the validators). */
const DOCS_RULES: CustomerRules = {
  createFields: ['cpf', 'cnpj', 'name', 'email', 'phone', 'trading_name', 'external_id'],
  createRequired: ['cpf'],
  cnpjNullable: true,
  patchFields: ['cnpj', 'name', 'email', 'phone', 'trading_name'],
  patchReadOnly: ['cpf', 'external_id'],
  sorts: ['created_at', 'updated_at', 'name'],
  statuses: ['pending_kyc', 'under_review', 'active'],
};

/** Only `cpf` is required at registration in the documentation revision; absent name/email/phone read back as null. */
export const CREATE_REQUIRED = ['cpf'] as const;

function cnpjErrors(errors: FieldError[], body: Body, nullable: boolean) {
  if (body.cnpj === null && !nullable) errors.push({ field: 'cnpj', message: 'must not be null' });
  else if (body.cnpj !== undefined && body.cnpj !== null && normaliseCnpj(body.cnpj) === null) {
    errors.push({ field: 'cnpj', message: 'must be a valid CNPJ (14 digits, masked or not, with correct check digits)' });
  }
}

/** Registration body errors under a revision's rules (wire.customerRules). */
export function validateCreate(body: Body, rules: CpfRules, revision: CustomerRules = DOCS_RULES): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(revision.createFields);
  for (const k of Object.keys(body)) if (!known.has(k)) errors.push({ field: k, message: 'is not a known field' });
  const required = new Set<string>(revision.createRequired);
  if (body.cpf === undefined) errors.push({ field: 'cpf', message: 'is required' });
  else if (normaliseCpf(body.cpf, rules) === null)
    errors.push({ field: 'cpf', message: 'must be a valid CPF (11 digits, masked or not, with correct check digits)' });
  if (body.cnpj === undefined && required.has('cnpj')) errors.push({ field: 'cnpj', message: 'is required' });
  cnpjErrors(errors, body, revision.cnpjNullable);
  // Which optional members may be null is the revision's (nullableMembers); without a list, as cnpj.
  const nullable = (member: string) => revision.nullableMembers?.includes(member) ?? revision.cnpjNullable;
  text(errors, body, 'name', { required: required.has('name') });
  text(errors, body, 'email', { required: required.has('email'), max: 254, pattern: EMAIL, what: 'an e-mail address' });
  text(errors, body, 'phone', { required: required.has('phone'), pattern: E164, what: 'an E.164 phone number (+5511999999999)' });
  if (known.has('trading_name')) text(errors, body, 'trading_name', { required: false, nullable: nullable('trading_name') });
  text(errors, body, 'external_id', { required: false, nullable: nullable('external_id'), max: 255 });
  return errors;
}

/** Correction body errors under a revision's rules; read-only members are named as such. */
export function validatePatch(body: Body, opts: { allowCpf: boolean }, revision: CustomerRules = DOCS_RULES): FieldError[] {
  const errors: FieldError[] = [];
  const writable = new Set(revision.patchFields);
  const readOnly = new Set(revision.patchReadOnly);
  for (const k of Object.keys(body)) {
    if (k === 'cpf' && opts.allowCpf) continue;
    if (readOnly.has(k)) errors.push({ field: k, message: 'cannot be changed after registration' });
    else if (!writable.has(k)) errors.push({ field: k, message: 'is not a known field' });
  }
  if (body.cpf !== undefined && opts.allowCpf && normaliseCpf(body.cpf, { checkDigits: true }) === null) {
    errors.push({ field: 'cpf', message: 'must be a valid CPF' });
  }
  const nullable = (member: string) => revision.nullableMembers?.includes(member) ?? true;
  if (writable.has('cnpj')) cnpjErrors(errors, body, nullable('cnpj'));
  if (writable.has('name')) text(errors, body, 'name', { required: false });
  text(errors, body, 'email', { required: false, max: 254, pattern: EMAIL, what: 'an e-mail address' });
  text(errors, body, 'phone', { required: false, pattern: E164, what: 'an E.164 phone number (+5511999999999)' });
  if (writable.has('trading_name')) text(errors, body, 'trading_name', { required: false, nullable: nullable('trading_name') });
  return errors;
}
