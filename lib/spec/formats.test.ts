import { describe, expect, it } from 'vitest';
import { isCnpj, isCpf } from './formats.js';

describe('cpf and cnpj formats', () => {
  it('accepts masked and bare values with valid check digits', () => {
    expect(isCpf('123.456.789-09')).toBe(true);
    expect(isCpf('12345678909')).toBe(true);
    expect(isCnpj('11.222.333/0001-81')).toBe(true);
    expect(isCnpj('11222333000181')).toBe(true);
  });

  it('refuses wrong check digits, repeated digits and half masks', () => {
    expect(isCpf('123.456.789-00')).toBe(false);
    expect(isCpf('111.111.111-11')).toBe(false);
    expect(isCpf('123456789-09')).toBe(false);
    expect(isCpf('123 456 789 09')).toBe(false);
    expect(isCnpj('11.222.333/0001-80')).toBe(false);
    expect(isCnpj('11222333/0001-81')).toBe(false);
  });
});
