import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import { fc, test } from '@fast-check/vitest';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect } from 'vitest';
import { cnpj, cpf, email, futureDate, money, personName, phoneBR } from './brazil.js';

const RUNS = { numRuns: 300 };

describe('Brazilian documents', () => {
  test.prop([cpf({ masked: true })], RUNS)('masked CPFs have valid check digits', (v) => {
    expect(v).toMatch(/^\d{3}\.\d{3}\.\d{3}-\d{2}$/);
    expect(isValidCpf(v)).toBe(true);
  });
  test.prop([cpf({ masked: false })], RUNS)('bare CPFs have valid check digits', (v) => {
    expect(v).toMatch(/^\d{11}$/);
    expect(isValidCpf(v)).toBe(true);
  });
  test.prop([cnpj({ masked: true })], RUNS)('masked CNPJs have valid check digits', (v) => {
    expect(v).toMatch(/^\d{2}\.\d{3}\.\d{3}\/\d{4}-\d{2}$/);
    expect(isValidCnpj(v)).toBe(true);
  });
  test.prop([cnpj({ masked: false })], RUNS)('bare CNPJs have valid check digits', (v) => {
    expect(v).toMatch(/^\d{14}$/);
    expect(isValidCnpj(v)).toBe(true);
  });
  test.prop([cpf()], RUNS)('unmasked-or-masked CPFs are never all one digit', (v) => {
    expect(new Set(v.replace(/\D/g, '')).size).toBeGreaterThan(1);
  });
});

describe('contact data and money', () => {
  test.prop([phoneBR()], RUNS)('phones are Brazilian mobiles in E.164', (v) => {
    expect(v).toMatch(/^\+55[1-9]\d9\d{8}$/);
    expect(v).toMatch(/^\+[1-9]\d{7,14}$/);
  });
  test.prop([email()], RUNS)('e-mails pass the email format', (v) => {
    expect((fullFormats.email as RegExp).test(v)).toBe(true);
  });
  test.prop([personName()], RUNS)('names have a first and a last name', (v) => {
    expect(v.split(' ').length).toBeGreaterThanOrEqual(2);
  });
  test.prop([money({ min: '10.00', max: 250 })], RUNS)('money has two decimals and stays within bounds', (v) => {
    expect(v).toMatch(/^\d+\.\d{2}$/);
    expect(Number(v)).toBeGreaterThanOrEqual(10);
    expect(Number(v)).toBeLessThanOrEqual(250);
  });
  test.prop([futureDate({ from: new Date('2026-03-01T15:00:00Z'), days: 30 })], RUNS)('future dates are calendar dates after the reference day', (v) => {
    expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(v > '2026-03-01').toBe(true);
    expect(v <= '2026-03-31').toBe(true);
  });
});

describe('replay', () => {
  test.prop([fc.integer()], { numRuns: 5 })('the same seed gives the same Faker-backed values', (seed) => {
    const arb = fc.tuple(personName(), email(), cpf());
    expect(fc.sample(arb, { seed, numRuns: 5 })).toEqual(fc.sample(arb, { seed, numRuns: 5 }));
  });
});
