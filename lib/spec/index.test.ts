// Loading documents: the real contract, caching, and refusing broken documents loudly.

import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  CONTRACT_REVISION_NAMES,
  CONTRACT_REVISIONS,
  checkExample,
  collectExamples,
  DEFAULT_SPEC_PATH,
  loadContract,
  resolveContractPath,
  revisionPath,
} from './index.js';

const broken = (name: string) => fileURLToPath(new URL(`../../fixtures/broken/${name}.yaml`, import.meta.url));

// What each revision must hold (decision 18): the documentation revision and the SDK revision.
const REVISIONS = {
  docs: {
    operations: [
      'createToken',
      'createCredential',
      'listCredentials',
      'revokeCredential',
      'createCustomer',
      'listCustomers',
      'getCustomer',
      'updateCustomer',
      'uploadDocument',
      'createBiometricsSession',
      'listCustomerCreditOffers',
      'listCreditOffers',
      'getCreditOffer',
      'createSimulation',
      'createLoan',
      'getLoan',
      'listLoanTransactions',
      'createWebhookEndpoint',
      'listWebhookEndpoints',
      'getWebhookEndpoint',
      'updateWebhookEndpoint',
      'deleteWebhookEndpoint',
      'rotateWebhookEndpointSecret',
    ],
    idempotent: ['createCustomer', 'uploadDocument', 'createBiometricsSession', 'createSimulation', 'createLoan', 'createWebhookEndpoint', 'createCredential'],
    idempotencyHeader: 'Idempotency-Key',
    events: [
      'customer.created',
      'customer.under_review',
      'customer.kyc_updated',
      'customer.active',
      'credit_offer.available',
      'credit_offer.expired',
      'loan.created',
      'loan.contract_generated',
      'loan.awaiting_signatures',
      'loan.signed',
      'loan.disbursing',
      'loan.active',
      'loan.payment_received',
      'loan.finished',
      'loan.cancelled',
      'loan.error',
    ],
    // Kept on purpose (fixtures/openapi/README.md, "Checking it").
    warnings: ['no-unused-components #/components/responses/MethodNotAllowed', 'no-unused-components #/components/schemas/ValidationProblem'],
  },
  sdk: {
    operations: [
      'createToken',
      'exchangeBiometricsSessionCode',
      'createCredential',
      'listCredentials',
      'revokeCredential',
      'listBanks',
      'createCustomer',
      'listCustomers',
      'getCustomer',
      'updateCustomer',
      'createKycAttachment',
      'createKycSelfie',
      'submitKycReview',
      'createBiometricsSession',
      'getCustomerBankAccount',
      'upsertCustomerBankAccount',
      'listCustomerCreditOffers',
      'listCreditOffers',
      'getCreditOffer',
      'createSimulation',
      'createLoan',
      'getLoan',
      'listLoanTransactions',
      'createWebhookEndpoint',
      'listWebhookEndpoints',
      'getWebhookEndpoint',
      'updateWebhookEndpoint',
      'deleteWebhookEndpoint',
      'rotateWebhookEndpointSecret',
    ],
    // api-facts 2 A2: every POST and PATCH but the token call.
    idempotent: [
      'exchangeBiometricsSessionCode',
      'createCredential',
      'createCustomer',
      'updateCustomer',
      'createKycAttachment',
      'createKycSelfie',
      'submitKycReview',
      'createBiometricsSession',
      'upsertCustomerBankAccount',
      'createSimulation',
      'createLoan',
      'createWebhookEndpoint',
      'updateWebhookEndpoint',
      'rotateWebhookEndpointSecret',
    ],
    idempotencyHeader: 'X-Idempotency-Key',
    events: [
      'customer.created',
      'customer.under_review',
      'customer.kyc_updated',
      'customer.active',
      'customer.denied',
      'credit_offer.available',
      'credit_offer.expired',
      'loan.created',
      'loan.signature_received',
      'loan.processing',
      'loan.active',
      'loan.payment_received',
      'loan.finished',
      'loan.cancelled',
      'loan.error',
    ],
    warnings: [] as string[],
  },
} as const;

describe.each(CONTRACT_REVISION_NAMES)('the %s revision of the Dinie v3 contract', (name) => {
  const expected = REVISIONS[name];
  const file = revisionPath(name);

  it('is a named revision', () => {
    expect(path.isAbsolute(file)).toBe(true);
    expect(file.endsWith(`/${CONTRACT_REVISIONS[name]}`)).toBe(true);
    expect(resolveContractPath(name)).toBe(file);
  });

  it('loads by name or path, lints with no errors and only the warnings kept on purpose, and is cached per path', async () => {
    const p = loadContract(file, { lint: true });
    expect(loadContract(file, { lint: true })).toBe(p);
    const c = await p;
    expect(await loadContract(file)).toBe(c); // same Contract with or without lint
    expect(await loadContract(name)).toBe(c); // and by revision name
    expect(loadContract(file, { compile: 'eager' })).toBe(loadContract(file, { compile: 'eager' }));
    expect(await loadContract(file, { compile: 'eager', lint: true })).toBe(c);
    expect(c.revision).toBe(name);
    expect(c.lint.ran).toBe(true);
    expect(c.lint.problems.filter((x) => x.severity === 'error')).toEqual([]);
    expect(c.lint.errors).toBe(0);
    expect(c.lint.problems.map((x) => `${x.ruleId} ${x.pointer}`).sort()).toEqual([...expected.warnings].sort());
    expect(c.digest).toMatch(/^[0-9a-f]{64}$/);
    expect(c.title).toBe('Dinie API');
    expect(c.version).toBe('2026-03-01');
    // Every schema the document uses generates a validator.
    expect(c.compileAll()).toBeGreaterThan(50);
  }, 30_000);

  it('has every agreed operation id, its idempotency header and the event catalogue', async () => {
    const c = await loadContract(file);
    expect(c.operations.map((o) => o.id).sort()).toEqual([...expected.operations].sort());
    expect(
      c.operations
        .filter((o) => o.idempotencyKey)
        .map((o) => o.id)
        .sort(),
    ).toEqual([...expected.idempotent].sort());
    for (const id of expected.idempotent) expect(c.operation(id).idempotencyHeader, id).toBe(expected.idempotencyHeader);
    expect(c.operation('createToken').secured).toBe(false);
    expect(c.operation('getLoan').secured).toBe(true);
    expect([...c.events].sort()).toEqual([...expected.events].sort());
  });

  it('names the origin (x-source) of every operation, event and component', async () => {
    const d: any = (await loadContract(file)).document;
    const missing: string[] = [];
    for (const [p, item] of Object.entries<any>(d.paths))
      for (const [m, op] of Object.entries<any>(item)) if (op?.responses && !op['x-source']) missing.push(`${m} ${p}`);
    for (const [w, item] of Object.entries<any>(d.webhooks)) if (!item.post['x-source']) missing.push(w);
    for (const kind of ['schemas', 'parameters', 'headers', 'responses']) {
      for (const [k, v] of Object.entries<any>(d.components[kind] ?? {})) if (!v['x-source']) missing.push(`${kind}/${k}`);
    }
    expect(missing).toEqual([]);
  });

  it('validates every example in the document against its own schema', async () => {
    const c = await loadContract(file);
    const examples = collectExamples(c);
    const kinds = new Set(examples.map((e) => e.kind));
    for (const kind of ['request', 'response', 'event', 'parameter'] as const) expect(kinds, kind).toContain(kind);
    const failures = examples.map((e) => ({ where: e.where, errors: checkExample(c, e).errors })).filter((f) => f.errors.length > 0);
    expect(failures).toEqual([]);
    // The check can fail: a broken copy of an example is refused.
    const anEvent = examples.find((e) => e.kind === 'event')!;
    expect(checkExample(c, { ...anEvent, value: { ...(anEvent.value as object), timestamp: 'soon' } }).valid).toBe(false);
  });
});

describe('the default contract', () => {
  it('is the documentation revision', async () => {
    expect(DEFAULT_SPEC_PATH).toBe(revisionPath('docs'));
    expect(await loadContract()).toBe(await loadContract('docs'));
    expect((await loadContract()).revision).toBe('docs');
  });
});

describe('broken documents are refused, naming where', () => {
  it('an unresolvable $ref', async () => {
    await expect(loadContract(broken('unresolved-ref'))).rejects.toThrow(
      /unresolved-ref\.yaml#\/paths\/~1customers~1\{customer_id\}\/get\/responses\/200\/content\/application~1json\/schema: Can't resolve \$ref '#\/components\/schemas\/Custmer'/,
    );
  });

  it('a schema Ajv rejects', async () => {
    await expect(loadContract(broken('invalid-schema'))).rejects.toThrow(
      /invalid-schema\.yaml#\/components\/schemas\/Customer\/properties\/id\/type: .*"strng"/,
    );
    await expect(loadContract(broken('unknown-keyword'))).rejects.toThrow(
      /unknown-keyword\.yaml#\/components\/schemas\/Customer\/properties\/name\/minLenght: .*unknown keyword/,
    );
    await expect(loadContract(broken('bad-pattern'))).rejects.toThrow(
      /bad-pattern\.yaml#\/paths\/~1customers\/post\/requestBody\/content\/application~1json\/schema\/properties\/cpf\/pattern: .*regular expression/,
    );
  });

  it('a schema Ajv rejects, when every validator is generated at load', async () => {
    const { bundleDocument } = await import('./bundle.js');
    const { buildContract } = await import('./contract.js');
    const noLint = { errors: 0, warnings: 0, problems: [], ran: false };
    for (const [name, where] of [
      ['invalid-schema', 'Customer'],
      ['unknown-keyword', 'Customer'],
    ] as const) {
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
