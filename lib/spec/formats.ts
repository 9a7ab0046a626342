// Custom string formats of the Dinie contract. The shape (masked or bare digits) is ours to fix;
// the check digits are judged by @brazilian-utils, which alone is too lenient about masks
// (it accepts spaces and half-masked values the contract does not).
import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';

const CPF_SHAPE = /^(?:\d{3}\.\d{3}\.\d{3}-\d{2}|\d{11})$/;
const CNPJ_SHAPE = /^(?:\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}|\d{14})$/;

/** A CPF, masked `123.456.789-09` or 11 bare digits, with valid check digits. */
export function isCpf(value: string): boolean {
  return CPF_SHAPE.test(value) && isValidCpf(value);
}

/** A CNPJ, masked `11.222.333/0001-81` or 14 bare digits, with valid check digits. */
export function isCnpj(value: string): boolean {
  return CNPJ_SHAPE.test(value) && isValidCnpj(value);
}

/** True when the value has the right shape but wrong check digits (a `check-digit` failure). */
export function hasCpfShape(value: string): boolean {
  return CPF_SHAPE.test(value);
}
export function hasCnpjShape(value: string): boolean {
  return CNPJ_SHAPE.test(value);
}

/** Formats the contract adds on top of ajv-formats. */
export const CUSTOM_FORMATS: Record<string, (value: string) => boolean> = {
  cpf: isCpf,
  cnpj: isCnpj,
};
