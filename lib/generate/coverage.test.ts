import { describe, expect, it } from 'vitest';
import { loadContract } from '../spec/index.js';
import { coveragePlan, coveragePlans, idPrefixes, memberBoundaries, memberBreaks, memberRules } from './coverage.js';
import { ruleErrors } from './coverage-judge.js';

const m = { stringly: false, label: 'x' };

describe('memberBreaks: one value per way of breaking one rule', () => {
  it('covers every keyword family on synthetic schemas, each value breaking only its rule', () => {
    const schemas: [any, unknown, string[]][] = [
      [{ type: 'integer', minimum: 1, maximum: 10 }, 5, ['type', 'null', 'minimum', 'maximum']],
      [{ type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 }, 0.5, ['type', 'null', 'exclusiveMinimum', 'exclusiveMaximum']],
      [{ type: 'integer', multipleOf: 5 }, 10, ['multipleOf']],
      [{ type: 'string', minLength: 2, maxLength: 4 }, 'abc', ['minLength', 'maxLength']],
      [{ type: 'string', pattern: '^[a-z]+$' }, 'abc', ['pattern']],
      [{ type: 'string', format: 'date' }, '2026-01-02', ['format']],
      [{ type: 'string', format: 'cpf' }, '529.982.247-25', ['format']],
      [{ type: 'string', enum: ['a', 'b'] }, 'a', ['enum']],
      [{ type: 'string', const: 'client_credentials' }, 'client_credentials', ['const']],
      [
        { type: 'array', items: { type: 'string', enum: ['a', 'b', 'c'] }, minItems: 1, maxItems: 2, uniqueItems: true },
        ['a'],
        ['minItems', 'maxItems', 'uniqueItems'],
      ],
      [
        {
          anyOf: [
            { type: 'string', enum: ['x.a'] },
            { type: 'string', enum: ['*'] },
          ],
        },
        'x.a',
        ['anyOf'],
      ],
      [{ oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] }, 1, ['oneOf']],
      [{ type: 'string', not: { const: 'forbidden' } }, 'fine', ['not']],
    ];
    for (const [schema, valid, want] of schemas) {
      const breaks = memberBreaks(schema, valid, m);
      expect(
        breaks.map((b) => b.keyword),
        JSON.stringify(schema),
      ).toEqual(expect.arrayContaining(want));
      for (const b of breaks) {
        const errs = ruleErrors(schema, b.value);
        expect(errs.length, `${b.description} breaks a rule`).toBeGreaterThan(0);
      }
    }
  });

  it('gives a oneOf a value two branches accept, and a fraction where an integer is wanted', () => {
    const two = memberBreaks({ oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] }, 1, m).filter((b) => /two branches/.test(b.description));
    expect(two).toHaveLength(1);
    expect(memberBreaks({ type: 'integer' }, 3, m).map((b) => b.value)).toContain(3.5);
  });

  it('breaks text-borne values only in ways text can (no null, numbers as text)', () => {
    const breaks = memberBreaks({ type: 'integer', minimum: 1, maximum: 100 }, 25, { stringly: true, label: 'limit' });
    expect(breaks.map((b) => b.value)).toEqual(expect.arrayContaining(['25.5', 'not-a-number', '0', '101']));
    expect(breaks.some((b) => b.value === null)).toBe(false);
    expect(memberRules({ type: 'string', pattern: 'x' }, true)).toEqual(['pattern']);
  });
});

describe('memberBoundaries: the edges a valid request may sit on', () => {
  it('bounds exactly, longest and shortest text, non-ASCII text, every enum value', () => {
    const kw = (s: any, v: unknown) => memberBoundaries(s, v, m).map((b) => [b.keyword, b.value]);
    expect(kw({ type: 'integer', minimum: 1, maximum: 100 }, 5)).toEqual([
      ['minimum', 1],
      ['maximum', 100],
    ]);
    expect(kw({ type: 'string', minLength: 2, maxLength: 3 }, 'ab')).toEqual([
      ['maxLength', 'aba'],
      ['minLength', 'ab'],
      ['non-ascii', 'Joã'],
    ]);
    expect(kw({ type: 'string', enum: ['a', 'b'] }, 'a')).toEqual([
      ['enum', 'a'],
      ['enum', 'b'],
    ]);
    for (const b of memberBoundaries({ type: 'string', maxLength: 10 }, 'x', m)) expect(ruleErrors({ type: 'string', maxLength: 10 }, b.value)).toEqual([]);
  });
});

describe.each(['docs', 'sdk'] as const)('coveragePlan on the %s revision', (revision) => {
  it('gives every operation its cases, deterministically, every stated rule broken or listed', async () => {
    const contract = await loadContract(revision);
    const plans = coveragePlans(contract);
    expect(plans).toHaveLength(contract.operations.length);
    const families = new Set<string>();
    for (const p of plans) {
      for (const c of p.cases) families.add(c.keyword);
      const broken = new Set(p.cases.filter((c) => c.expect === 'refused').map((c) => `${c.location}|${c.member}|${c.keyword}`));
      for (const r of p.rules) {
        const listed = p.unreachable.some((u) => u.location === r.location && u.member === r.member && u.keyword === r.keyword);
        expect(broken.has(`${r.location}|${r.member}|${r.keyword}`) || listed, `${p.operationId} ${r.location} ${r.member} ${r.keyword}`).toBe(true);
      }
      // Ids are unique within the plan.
      expect(new Set(p.cases.map((c) => c.id)).size).toBe(p.cases.length);
    }
    for (const k of [
      'type',
      'null',
      'required',
      'enum',
      'const',
      'pattern',
      'format',
      'minimum',
      'maximum',
      'minLength',
      'additionalProperties',
      'anyOf',
      'media-type',
      'content-type',
      'optional-absent',
      'non-ascii',
    ]) {
      expect(families, k).toContain(k);
    }
    // The same contract gives the same cases (a fresh plan, not the cached one).
    const op = contract.operations.find((o) => o.id === 'createWebhookEndpoint')!;
    const a = coveragePlan(contract, op.id, { body: { url: 'https://a.example/h' } });
    const b = coveragePlan(contract, op.id, { body: { url: 'https://a.example/h' } });
    expect(b.cases).toEqual(a.cases);
  });

  it('breaks body members, query and path parameters and the idempotency header with the values the contract forbids', async () => {
    const contract = await loadContract(revision);
    const create = coveragePlan(contract, 'createCustomer');
    const cpf = create.cases.filter((c) => c.member === 'cpf' && c.keyword === 'format');
    expect(cpf.some((c) => /check digit/.test(c.description))).toBe(true);
    for (const c of create.cases.filter(
      (x) => x.location === 'body' && x.expect === 'refused' && x.keyword !== 'additionalProperties' && x.keyword !== 'required',
    )) {
      expect(contract.validateRequestBody('createCustomer', 'application/json', c.request.body).valid, c.id).toBe(false);
    }
    const header = create.cases.find((c) => c.location === 'header');
    expect(header?.request.headers).toEqual({ [contract.operation('createCustomer').idempotencyHeader!]: '' });
    const list = coveragePlan(contract, 'listCustomers');
    expect(list.cases.filter((c) => c.member === 'limit' && c.expect === 'refused').map((c) => c.request.query.limit)).toEqual(
      expect.arrayContaining(['0', '101']),
    );
    const get = coveragePlan(contract, 'getCustomer');
    expect(get.cases.some((c) => c.location === 'path' && /^co_/.test(c.request.path!.customer_id!))).toBe(true);
  });

  it('finds the id prefixes the document names once per contract, handing each caller its own copy', async () => {
    const contract = await loadContract(revision);
    const first = idPrefixes(contract);
    expect(first).toContain('cust_');
    expect(first).toEqual([...first].sort());
    first.push('mutated_');
    // The memo is the contract's: a caller changing its copy changes nothing for the next.
    expect(idPrefixes(contract)).not.toContain('mutated_');
    expect(idPrefixes(contract)).toEqual(first.slice(0, -1));
  });

  it('builds the same plan on a base again, whatever a caller did to the last one (samples and validators are kept per schema)', async () => {
    const contract = await loadContract(revision);
    const base = { body: { email: 'ana@example.com' } };
    const first = coveragePlan(contract, 'createCustomer', base);
    const before = structuredClone(first);
    // A caller scribbling over every value it was handed…
    for (const c of first.cases) {
      if (c.request.body && typeof c.request.body === 'object')
        for (const k of Object.keys(c.request.body)) (c.request.body as Record<string, unknown>)[k] = 'scribbled';
      for (const k of Object.keys(c.request.query)) c.request.query[k] = 'scribbled';
    }
    // …changes nothing in the next plan built on the same base.
    expect(coveragePlan(contract, 'createCustomer', base)).toEqual(before);
  });
});
