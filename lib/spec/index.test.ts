// Loading documents: the real contract, caching, and refusing broken documents loudly.
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SPEC_PATH, checkExample, collectExamples, loadContract } from './index.js';

const broken = (name: string) => fileURLToPath(new URL(`../../fixtures/broken/${name}.yaml`, import.meta.url));

const OPERATION_IDS = [
  'createToken', 'createCredential', 'listCredentials', 'revokeCredential', 'createCustomer', 'listCustomers',
  'getCustomer', 'updateCustomer', 'uploadDocument', 'createBiometricsSession', 'listCustomerCreditOffers',
  'listCreditOffers', 'getCreditOffer', 'createSimulation', 'createLoan', 'getLoan', 'listLoanTransactions',
  'createWebhookEndpoint', 'listWebhookEndpoints', 'getWebhookEndpoint', 'updateWebhookEndpoint',
  'deleteWebhookEndpoint', 'rotateWebhookEndpointSecret',
];

describe('the Dinie v3 contract document', () => {
  it('loads, lints with no errors and is cached per path', async () => {
    const p = loadContract(undefined, { lint: true });
    expect(loadContract(undefined, { lint: true })).toBe(p);
    const c = await p;
    expect(await loadContract(DEFAULT_SPEC_PATH)).toBe(c); // same Contract with or without lint
    expect(loadContract(DEFAULT_SPEC_PATH, { compile: 'eager' })).toBe(loadContract(DEFAULT_SPEC_PATH, { compile: 'eager' }));
    expect(await loadContract(DEFAULT_SPEC_PATH, { compile: 'eager', lint: true })).toBe(c);
    expect(c.lint.ran).toBe(true);
    expect(c.lint.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect(c.lint.errors).toBe(0);
    expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(c.title).not.toBe('');
    // Every schema the document uses generates a validator.
    expect(c.compileAll()).toBeGreaterThan(50);
  }, 30_000);

  it('has every agreed operation id and the event catalogue', async () => {
    const c = await loadContract();
    expect(c.operations.map((o) => o.id).sort()).toEqual([...OPERATION_IDS].sort());
    for (const id of ['createCustomer', 'uploadDocument', 'createBiometricsSession', 'createSimulation', 'createLoan', 'createWebhookEndpoint', 'createCredential']) {
      expect(c.operation(id).idempotencyKey, id).toBe(true);
    }
    expect(c.operation('createToken').secured).toBe(false);
    expect(c.operation('getLoan').secured).toBe(true);
    expect(c.events).toEqual(expect.arrayContaining([
      'customer.created', 'customer.under_review', 'customer.kyc_updated', 'customer.active',
      'credit_offer.available', 'credit_offer.expired', 'loan.created', 'loan.error',
    ]));
    expect(c.events.filter((e) => e.startsWith('loan.'))).toHaveLength(10);
  });

  it('validates every example in the document against its own schema', async () => {
    const c = await loadContract();
    const examples = collectExamples(c);
    const kinds = new Set(examples.map((e) => e.kind));
    for (const kind of ['request', 'response', 'event', 'parameter'] as const) expect(kinds, kind).toContain(kind);
    const failures = examples
      .map((e) => ({ where: e.where, errors: checkExample(c, e).errors }))
      .filter((f) => f.errors.length > 0);
    expect(failures).toEqual([]);
    // The check can fail: a broken copy of an example is refused.
    const anEvent = examples.find((e) => e.kind === 'event')!;
    expect(checkExample(c, { ...anEvent, value: { ...(anEvent.value as object), timestamp: 'soon' } }).valid).toBe(false);
  });
});

describe('broken documents are refused, naming where', () => {
  it('an unresolvable $ref', async () => {
    await expect(loadContract(broken('unresolved-ref'))).rejects.toThrow(
      /unresolved-ref\.yaml#\/paths\/~1customers~1\{customer_id\}\/get\/responses\/200\/content\/application~1json\/schema: Can't resolve \$ref '#\/components\/schemas\/Custmer'/,
    );
  });

  it('a schema Ajv rejects', async () => {
    await expect(loadContract(broken('invalid-schema'))).rejects.toThrow(/invalid-schema\.yaml#\/components\/schemas\/Customer\/properties\/id\/type: .*"strng"/);
    await expect(loadContract(broken('unknown-keyword'))).rejects.toThrow(/unknown-keyword\.yaml#\/components\/schemas\/Customer\/properties\/name\/minLenght: .*unknown keyword/);
    await expect(loadContract(broken('bad-pattern'))).rejects.toThrow(/bad-pattern\.yaml#\/paths\/~1customers\/post\/requestBody\/content\/application~1json\/schema\/properties\/cpf\/pattern: .*regular expression/);
  });

  it('a schema Ajv rejects, when every validator is generated at load', async () => {
    const { bundleDocument } = await import('./bundle.js');
    const { buildContract } = await import('./contract.js');
    const noLint = { errors: 0, warnings: 0, problems: [], ran: false };
    for (const [name, where] of [['invalid-schema', 'Customer'], ['unknown-keyword', 'Customer']] as const) {
      const { document } = await bundleDocument(broken(name));
      expect(() => buildContract(broken(name), document, noLint, { compile: 'eager' })).toThrow(
        new RegExp(`${name}\\.yaml#/components/schemas/${where}: schema rejected by Ajv`),
      );
    }
  });

  it('a file that does not exist', async () => {
    await expect(loadContract('/nonexistent/contract.yaml')).rejects.toThrow(/nonexistent\/contract\.yaml/);
  });
});
