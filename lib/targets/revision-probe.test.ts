// The start-up probe of a target's contract revision: judged on both documents' own customer
// examples, and read through a fake client (no network).
import { beforeAll, describe, expect, it } from 'vitest';
import { type ContractRevisionName, collectExamples, loadContract } from '../spec/index.js';
import { judgeRevision, probeRevision, type RevisionProbeClient } from './revision-probe.js';

/** The customer bodies among a revision's response examples (GET /customers/{id}, list items). */
async function customerExamples(name: ContractRevisionName): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for (const ex of collectExamples(await loadContract(name))) {
    if (ex.kind !== 'response' || ex.where.includes('/webhooks/')) continue;
    const v = ex.value as any;
    for (const item of Array.isArray(v?.data) ? v.data : [v]) if (typeof item?.id === 'string' && item.id.startsWith('cust_')) out.push(item);
  }
  return out;
}

const examples: Record<ContractRevisionName, Record<string, unknown>[]> = { docs: [], sdk: [] };
beforeAll(async () => {
  examples.docs = await customerExamples('docs');
  examples.sdk = await customerExamples('sdk');
  expect(examples.docs.length).toBeGreaterThan(2);
  expect(examples.sdk.length).toBeGreaterThan(2);
});

const other = (r: ContractRevisionName): ContractRevisionName => (r === 'docs' ? 'sdk' : 'docs');

describe('judgeRevision', () => {
  it.each(['docs', 'sdk'] as const)('a %s customer example on a run of that revision: the run goes on without a word', (name) => {
    for (const customer of examples[name]) {
      const r = judgeRevision('sandbox', name, customer);
      expect(r).toMatchObject({ seen: name, proceed: true });
      expect(r.message).toBeUndefined();
    }
  });

  it.each(['docs', 'sdk'] as const)(
    'a %s customer example on a run of the other revision: the run stops with one sentence naming the --contract to use',
    (name) => {
      for (const customer of examples[name]) {
        const r = judgeRevision('sandbox', other(name), customer);
        expect(r).toMatchObject({ seen: name, proceed: false });
        expect(r.message).toMatch(
          new RegExp(
            `^Target sandbox appears to speak the ${name} revision of the contract \\(its customers' [^)]+\\), but the ${other(name)} revision was chosen: run with --contract ${name}, or point at a target that speaks ${other(name)}\\.$`,
          ),
        );
        expect(r.message!.split(/\.\s/)).toHaveLength(1);
      }
    },
  );

  it('names the most telling sign: the KYC items first', () => {
    const sdkWithKyc = examples.sdk.find((c) => Array.isArray(c.kyc) && c.kyc.length > 0)!;
    expect(judgeRevision('https://partner.example/v3', 'docs', sdkWithKyc).message).toBe(
      "Target https://partner.example/v3 appears to speak the sdk revision of the contract (its customers' KYC requirements carry requirement_type), but the docs revision was chosen: run with --contract sdk, or point at a target that speaks docs.",
    );
    const docsWithKyc = examples.docs.find((c) => Array.isArray(c.kyc) && c.kyc.length > 0)!;
    expect(judgeRevision('local', 'sdk', docsWithKyc).message).toBe(
      "Target local appears to speak the docs revision of the contract (its customers' KYC items carry kind), but the sdk revision was chosen: run with --contract docs, or point at a target that speaks sdk.",
    );
    expect(judgeRevision('local', 'docs', { id: 'cust_1', status: 'active', created_at: 1772618400 }).message).toMatch(
      /\(its customers' created_at is epoch seconds\)/,
    );
  });

  it('unknown (no sign, or signs of both): the run goes on with a note', () => {
    const none = judgeRevision('sandbox', 'docs', { id: 'cust_1', status: 'active', kyc: [] });
    expect(none).toMatchObject({ seen: 'unknown', proceed: true });
    expect(none.message).toMatch(
      /^note: a customer of target sandbox carries no sign of either contract revision .*; the run goes on with the docs revision\.$/,
    );
    const both = judgeRevision('sandbox', 'sdk', { id: 'cust_1', created_at: '2026-03-04T10:00:00Z', kyc: [{ requirement_type: 'selfie' }] });
    expect(both).toMatchObject({ seen: 'unknown', proceed: true });
    expect(both.message).toBe(
      'note: a customer of target sandbox carries signs of both contract revisions (sdk: KYC requirements carry requirement_type; docs: created_at is a date-time string), so which one it speaks is not told; the run goes on with the sdk revision.',
    );
  });

  it('a custom contract document is never refused: a note says which revision the target appears to speak', () => {
    const r = judgeRevision('sandbox', 'custom', examples.sdk[0]);
    expect(r).toMatchObject({ seen: 'sdk', proceed: true });
    expect(r.message).toMatch(
      /^note: target sandbox appears to speak the sdk revision of the contract \(its customers' .+\); the contract chosen is another document, so the run goes on with it\.$/,
    );
  });
});

/** A fake client answering from a table of `METHOD path` → answer (or a thrown error), recording every request. */
function fakeClient(answers: Record<string, { status: number; body: unknown } | Error>) {
  const seen: { method: string; path: string; query?: Record<string, string | number>; headers?: Record<string, string>; idempotencyKey?: string }[] = [];
  const client: RevisionProbeClient = {
    async request(req) {
      seen.push(req);
      const a = answers[`${req.method} ${req.path}`] ?? { status: 404, body: { title: 'Not Found' } };
      if (a instanceof Error) throw a;
      return a;
    },
  };
  return { client, seen };
}

describe('probeRevision', () => {
  it('judges the customer the statefulness probe read back, with no request of its own', async () => {
    const { client, seen } = fakeClient({});
    const r = await probeRevision({ target: 'sandbox', chosen: 'docs', probed: { customer: examples.sdk[0] }, client });
    expect(r).toMatchObject({ seen: 'sdk', proceed: false });
    expect(seen).toEqual([]);
    const unread = await probeRevision({ target: 'sandbox', chosen: 'docs', probed: { unread: 'POST /customers answered 503' }, client });
    expect(unread).toMatchObject({ seen: 'unread', proceed: true });
    expect(unread.message).toBe(
      'note: which contract revision target sandbox speaks was not probed (POST /customers answered 503); the run goes on with the docs revision.',
    );
    expect(seen).toEqual([]);
  });

  it('otherwise reads GET /customers?limit=1: matching goes on, mismatched stops, unknown goes on with a note', async () => {
    for (const [chosen, customer, proceed, seenRevision] of [
      ['docs', examples.docs[0], true, 'docs'],
      ['sdk', examples.sdk[0], true, 'sdk'],
      ['sdk', examples.docs[0], false, 'docs'],
      ['docs', examples.sdk[0], false, 'sdk'],
      ['docs', { id: 'cust_1', status: 'active' }, true, 'unknown'],
    ] as const) {
      const { client, seen } = fakeClient({ 'GET /customers': { status: 200, body: { data: [customer], has_more: false } } });
      const r = await probeRevision({ target: 'partner', chosen, client });
      expect(r.seen).toBe(seenRevision);
      expect(r.proceed).toBe(proceed);
      expect(seen).toEqual([{ method: 'GET', path: '/customers', query: { limit: 1 } }]);
    }
  });

  it('a probe that cannot read a customer goes on, with a note saying why', async () => {
    const cases: [Record<string, { status: number; body: unknown } | Error>, string][] = [
      [{ 'GET /customers': { status: 500, body: {} } }, 'GET /customers answered 500'],
      [{ 'GET /customers': { status: 200, body: '<html>' } }, 'GET /customers answered no list'],
      [{ 'GET /customers': { status: 200, body: { data: [] } } }, 'the target has no customer to read'],
      [{ 'GET /customers': new Error('GET /customers: no answer within 5000 ms') }, 'reading a customer failed: GET /customers: no answer within 5000 ms'],
    ];
    for (const [answers, why] of cases) {
      const { client } = fakeClient(answers);
      const r = await probeRevision({ target: 'partner', chosen: 'sdk', client });
      expect(r).toMatchObject({ seen: 'unread', proceed: true });
      expect(r.message).toBe(`note: which contract revision target partner speaks was not probed (${why}); the run goes on with the sdk revision.`);
    }
    expect(await probeRevision({ target: 'partner', chosen: 'sdk' })).toMatchObject({ seen: 'unread', proceed: true });
  });

  it('on a target whose data the suite owns, an empty list gets one probe customer (both idempotency headers), read back', async () => {
    const created = { ...examples.docs[0], id: 'cust_probe1' };
    const { client, seen } = fakeClient({
      'GET /customers': { status: 200, body: { data: [] } },
      'POST /customers': { status: 201, body: created },
      'GET /customers/cust_probe1': { status: 200, body: created },
    });
    const r = await probeRevision({ target: 'local', chosen: 'sdk', client, mayCreate: true });
    expect(r).toMatchObject({ seen: 'docs', proceed: false });
    expect(seen.map((q) => `${q.method} ${q.path}`)).toEqual(['GET /customers', 'POST /customers', 'GET /customers/cust_probe1']);
    const post = seen[1]!;
    expect(post.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(post.headers).toEqual({ 'X-Idempotency-Key': post.idempotencyKey });
    // A refused creation is no error either.
    const refused = fakeClient({ 'GET /customers': { status: 200, body: { data: [] } }, 'POST /customers': { status: 422, body: {} } });
    expect(await probeRevision({ target: 'local', chosen: 'sdk', client: refused.client, mayCreate: true })).toMatchObject({ seen: 'unread', proceed: true });
  });
});
