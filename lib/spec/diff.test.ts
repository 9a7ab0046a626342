// What changed between two contracts, and whom each change breaks.
import { describe, expect, it } from 'vitest';
import { type ContractChange, type ContractDiff, diffContracts, diffDocuments, formatContractDiff } from './diff.js';
import { loadContract } from './index.js';

/** A small OpenAPI 3.1 document: one path item per entry, component schemas, webhooks. */
function doc(paths: Record<string, any>, schemas: Record<string, any> = {}, webhooks?: Record<string, any>): any {
  return { openapi: '3.1.0', info: { title: 'T', version: '1' }, paths, components: { schemas }, ...(webhooks ? { webhooks } : {}) };
}
const json = (schema: any) => ({ 'application/json': { schema } });
/** POST /things taking `req` and answering 201 with `res`. */
const post = (req: any, res: any, extra: Record<string, any> = {}) =>
  doc({
    '/things': {
      post: {
        operationId: 'createThing',
        requestBody: { required: true, content: json(req) },
        responses: { '201': { description: 'ok', content: json(res) } },
        ...extra,
      },
    },
  });
/** GET /things/{id} answering 200 with `res`. */
const get = (res: any, parameters: any[] = [], schemas: Record<string, any> = {}) =>
  doc(
    {
      '/things/{id}': {
        get: {
          operationId: 'getThing',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, ...parameters],
          responses: { '200': { description: 'ok', content: json(res) } },
        },
      },
    },
    schemas,
  );
const obj = (properties: Record<string, any>, required: string[] = []) => ({ type: 'object', properties, required });

const only = (d: ContractDiff) => d.changes.filter((c) => !c.derived);
const one = (d: ContractDiff): ContractChange => {
  const cs = only(d);
  expect(cs, JSON.stringify(cs, null, 1)).toHaveLength(1);
  return cs[0]!;
};
const impacts = (c: ContractChange) => [c.client, c.server];

describe('a contract compared with itself', () => {
  it.each(['docs', 'sdk'])('%s: no differences', async (name) => {
    const c = await loadContract(name);
    const d = diffDocuments(c.document, structuredClone(c.document));
    expect(d.changes).toEqual([]);
    expect(d.counts).toEqual({ changes: 0, breakingForClients: 0, onlyStrictClients: 0, breakingForServers: 0 });
    expect(formatContractDiff(d)).toContain('No differences.');
  });
});

describe('operations', () => {
  const base = get(obj({ id: { type: 'string' } }));
  it('a new operation breaks servers (they must implement it), not clients', () => {
    const next = structuredClone(base);
    next.paths['/things'] = { post: { operationId: 'createThing', responses: { '201': { description: 'ok' } } } };
    expect(one(diffDocuments(base, next))).toMatchObject({ kind: 'operation', action: 'added', where: 'POST /things', client: 'none', server: 'breaking' });
  });
  it('a removed operation breaks clients that call it', () => {
    const next = doc({});
    expect(one(diffDocuments(base, next))).toMatchObject({
      kind: 'operation',
      action: 'removed',
      where: 'GET /things/{id}',
      client: 'breaking',
      server: 'none',
    });
  });
  it('matches operations whatever their path parameters are called', () => {
    const next = structuredClone(base);
    next.paths = { '/things/{thing_id}': next.paths['/things/{id}'] };
    next.paths['/things/{thing_id}'].get.parameters[0].name = 'thing_id';
    const d = diffDocuments(base, next);
    expect(only(d).map((c) => c.detail)).toEqual(['path parameters renamed: /things/{id} → /things/{thing_id}']);
    expect(d.counts.breakingForClients + d.counts.breakingForServers).toBe(0);
  });
  it('a new status is a surprise only for strict clients; a status no longer documented breaks servers that answer it', () => {
    const next = structuredClone(base);
    next.paths['/things/{id}'].get.responses['404'] = { description: 'nope' };
    expect(impacts(one(diffDocuments(base, next)))).toEqual(['strict', 'none']);
    expect(impacts(one(diffDocuments(next, base)))).toEqual(['none', 'breaking']);
  });
  it('security: another accepted scheme breaks servers, a scheme no longer accepted breaks clients', () => {
    const a = structuredClone(base);
    a.paths['/things/{id}'].get.security = [{ bearer: [] }];
    const b = structuredClone(base);
    b.paths['/things/{id}'].get.security = [{ bearer: [] }, { session: [] }];
    expect(one(diffDocuments(a, b))).toMatchObject({ kind: 'security', client: 'none', server: 'breaking', detail: 'now also accepts session' });
    expect(one(diffDocuments(b, a))).toMatchObject({ kind: 'security', client: 'breaking', server: 'none' });
  });
});

describe('parameters', () => {
  const base = get(obj({}), [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer' } }]);
  const withParam = (p: any) => get(obj({}), [p]);
  it('added: required breaks clients (and servers), optional breaks servers that must now accept it', () => {
    const req = diffDocuments(base, withParam({ name: 'limit', in: 'query', schema: { type: 'integer' } }));
    expect(req.changes).toEqual([]);
    const a = get(obj({}));
    expect(one(diffDocuments(a, withParam({ name: 'sort', in: 'query', required: true, schema: { type: 'string' } })))).toMatchObject({
      kind: 'parameter',
      action: 'added',
      path: 'query parameter sort',
      client: 'breaking',
      server: 'breaking',
    });
    expect(one(diffDocuments(a, withParam({ name: 'sort', in: 'query', schema: { type: 'string' } })))).toMatchObject({
      action: 'added',
      client: 'none',
      server: 'breaking',
    });
  });
  it('removed breaks clients that send it', () => {
    expect(one(diffDocuments(base, get(obj({}))))).toMatchObject({
      kind: 'parameter',
      action: 'removed',
      path: 'query parameter limit',
      client: 'breaking',
      server: 'none',
    });
  });
  it('required changed', () => {
    const required = withParam({ name: 'limit', in: 'query', required: true, schema: { type: 'integer' } });
    expect(one(diffDocuments(base, required))).toMatchObject({ detail: 'now required', client: 'breaking', server: 'none' });
    expect(one(diffDocuments(required, base))).toMatchObject({ detail: 'no longer required', client: 'none', server: 'breaking' });
  });
  it('type changed, and enum values added or removed', () => {
    expect(one(diffDocuments(base, withParam({ name: 'limit', in: 'query', schema: { type: 'string' } })))).toMatchObject({
      path: 'query parameter limit',
      detail: 'type integer → string',
      client: 'breaking',
      server: 'breaking',
    });
    const e1 = withParam({ name: 'sort', in: 'query', schema: { type: 'string', enum: ['a', 'b'] } });
    const e2 = withParam({ name: 'sort', in: 'query', schema: { type: 'string', enum: ['a', 'c'] } });
    expect(only(diffDocuments(e1, e2)).map((c) => [c.detail, c.client, c.server])).toEqual([
      ['values added: c', 'none', 'breaking'],
      ['values removed: b', 'breaking', 'none'],
    ]);
  });
  it('a header is matched whatever its case, another name is another parameter', () => {
    const k = (name: string) => withParam({ name, in: 'header', schema: { type: 'string' } });
    expect(diffDocuments(k('Idempotency-Key'), k('idempotency-key')).changes).toEqual([]);
    expect(only(diffDocuments(k('Idempotency-Key'), k('X-Idempotency-Key'))).map((c) => [c.action, c.path, c.client, c.server])).toEqual([
      ['added', 'header parameter X-Idempotency-Key', 'none', 'breaking'],
      ['removed', 'header parameter Idempotency-Key', 'breaking', 'none'],
    ]);
  });
});

describe('request schemas: changes weigh on the side that must cope', () => {
  const res = obj({ id: { type: 'string' } });
  const req = (props: Record<string, any>, required: string[] = []) => post({ ...obj(props, required), additionalProperties: false }, res);
  const base = req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } }, ['name']);
  it('a new required member breaks clients (and servers, which must take it)', () => {
    const c = one(diffDocuments(base, req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] }, cpf: { type: 'string' } }, ['name', 'cpf'])));
    expect(c).toMatchObject({
      kind: 'request-body',
      action: 'added',
      where: 'POST /things',
      path: 'request body.cpf',
      detail: 'member added (required)',
      client: 'breaking',
      server: 'breaking',
    });
  });
  it('a new optional member breaks servers that must now accept it', () => {
    const c = one(diffDocuments(base, req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] }, nick: { type: 'string' } }, ['name'])));
    expect(impacts(c)).toEqual(['none', 'breaking']);
  });
  it('a removed member breaks clients that send it', () => {
    const c = one(diffDocuments(base, req({ name: { type: 'string' } }, ['name'])));
    expect(c).toMatchObject({ action: 'removed', path: 'request body.kind', client: 'breaking', server: 'none' });
  });
  it('required changed, types, enum values', () => {
    expect(impacts(one(diffDocuments(base, req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } }, ['name', 'kind']))))).toEqual([
      'breaking',
      'none',
    ]);
    expect(impacts(one(diffDocuments(base, req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b'] } }, []))))).toEqual(['none', 'breaking']);
    expect(one(diffDocuments(base, req({ name: { type: 'number' }, kind: { type: 'string', enum: ['a', 'b'] } }, ['name'])))).toMatchObject({
      detail: 'type string → number',
      client: 'breaking',
      server: 'breaking',
    });
    expect(one(diffDocuments(base, req({ name: { type: 'string' }, kind: { type: 'string', enum: ['a', 'b', 'c'] } }, ['name'])))).toMatchObject({
      detail: 'values added: c',
      client: 'none',
      server: 'breaking',
    });
  });
  it('a body now required, or no longer taken', () => {
    const optional = structuredClone(base);
    optional.paths['/things'].post.requestBody.required = false;
    expect(one(diffDocuments(optional, base))).toMatchObject({ kind: 'request-body', detail: 'now required', client: 'breaking', server: 'none' });
    const none = structuredClone(base);
    delete none.paths['/things'].post.requestBody;
    expect(one(diffDocuments(base, none))).toMatchObject({ kind: 'request-body', action: 'removed', client: 'breaking' });
  });
});

describe('response schemas: the other way round', () => {
  const base = get(obj({ id: { type: 'string' }, status: { type: 'string', enum: ['open', 'closed'] }, note: { type: 'string' } }, ['id', 'status']));
  const res = (props: Record<string, any>, required: string[]) => get(obj(props, required));
  const props = { id: { type: 'string' }, status: { type: 'string', enum: ['open', 'closed'] }, note: { type: 'string' } };
  it('a removed member breaks clients', () => {
    const { note: _n, ...rest } = props;
    expect(one(diffDocuments(base, res(rest, ['id', 'status'])))).toMatchObject({
      kind: 'response',
      action: 'removed',
      path: 'response 200.note',
      client: 'breaking',
      server: 'none',
    });
  });
  it('a new required member breaks servers (they must produce it); a new optional one breaks nobody', () => {
    expect(impacts(one(diffDocuments(base, res({ ...props, at: { type: 'integer' } }, ['id', 'status', 'at']))))).toEqual(['none', 'breaking']);
    expect(impacts(one(diffDocuments(base, res({ ...props, at: { type: 'integer' } }, ['id', 'status']))))).toEqual(['none', 'none']);
  });
  it('a member no longer required breaks clients; a new enum value breaks strict clients; a value removed breaks servers', () => {
    expect(impacts(one(diffDocuments(base, res(props, ['id']))))).toEqual(['breaking', 'none']);
    const more = res({ ...props, status: { type: 'string', enum: ['open', 'closed', 'frozen'] } }, ['id', 'status']);
    expect(one(diffDocuments(base, more))).toMatchObject({ path: 'response 200.status', detail: 'values added: frozen', client: 'strict', server: 'none' });
    expect(one(diffDocuments(more, base))).toMatchObject({ detail: 'values removed: frozen', client: 'none', server: 'breaking' });
  });
  it('nullability, in every spelling', () => {
    const nullable = res({ ...props, note: { type: ['string', 'null'] } }, ['id', 'status']);
    expect(one(diffDocuments(base, nullable))).toMatchObject({ detail: 'now nullable', client: 'breaking', server: 'none' });
    const oneOfNull = res({ ...props, note: { oneOf: [{ type: 'string' }, { type: 'null' }] } }, ['id', 'status']);
    expect(diffDocuments(nullable, oneOfNull).changes).toEqual([]);
    expect(one(diffDocuments(nullable, base))).toMatchObject({ detail: 'no longer nullable', client: 'none', server: 'breaking' });
  });
  it('array items and nested members are followed, with their path', () => {
    const list = (item: any) => get(obj({ data: { type: 'array', items: item } }, ['data']));
    const d = diffDocuments(list(obj({ at: { type: 'string', format: 'date-time' } }, ['at'])), list(obj({ at: { type: 'integer' } }, ['at'])));
    expect(one(d)).toMatchObject({ path: 'response 200.data[].at', detail: 'type string → integer', client: 'breaking', server: 'breaking' });
  });
});

describe('discriminators', () => {
  const a = obj({ kind: { type: 'string', const: 'a' }, x: { type: 'string' } }, ['kind']);
  const b = obj({ kind: { type: 'string', const: 'b' }, y: { type: 'string' } }, ['kind']);
  const c = obj({ kind: { type: 'string', const: 'c' } }, ['kind']);
  const union = (...variants: any[]) => ({ oneOf: variants, discriminator: { propertyName: 'kind' } });
  const items = (item: any) => get(obj({ items: { type: 'array', items: item } }, ['items']));
  it('an object turned into a discriminated union breaks clients and servers', () => {
    const d = diffDocuments(items(obj({ type: { type: 'string' }, status: { type: 'string' } }, ['type'])), items(union(a, b)));
    const ch = one(d);
    expect(ch).toMatchObject({ path: 'response 200.items[]', client: 'breaking', server: 'breaking' });
    expect(ch.detail).toMatch(/^discriminator kind introduced: an object with type, status → one of 2 variants discriminated by kind \(a, b\)$/);
  });
  it('a variant added in a response breaks strict clients; removed breaks servers; a variant itself changed is followed', () => {
    expect(one(diffDocuments(items(union(a, b)), items(union(a, b, c))))).toMatchObject({ detail: 'kind variants added: c', client: 'strict', server: 'none' });
    expect(one(diffDocuments(items(union(a, b, c)), items(union(a, b))))).toMatchObject({
      detail: 'kind variants removed: c',
      client: 'none',
      server: 'breaking',
    });
    const b2 = obj({ kind: { type: 'string', const: 'b' }, y: { type: 'integer' } }, ['kind']);
    expect(one(diffDocuments(items(union(a, b)), items(union(a, b2))))).toMatchObject({
      path: 'response 200.items[](kind=b).y',
      detail: 'type string → integer',
    });
  });
  it('a changed discriminator property', () => {
    const byTag = (v: string) => obj({ tag: { const: v } }, ['tag']);
    const d = diffDocuments(items(union(a, b)), items({ oneOf: [byTag('a'), byTag('b')], discriminator: { propertyName: 'tag' } }));
    expect(one(d).detail).toMatch(/^discriminator changed: kind → tag/);
  });
});

describe('shared component schemas', () => {
  const thing = (status: string[]) => ({ Thing: obj({ id: { type: 'string' }, status: { type: 'string', enum: status } }, ['id', 'status']) });
  const api = (status: string[]) =>
    doc(
      {
        '/things': {
          post: {
            operationId: 'createThing',
            requestBody: { required: true, content: json({ $ref: '#/components/schemas/Thing' }) },
            responses: { '201': { description: 'ok' } },
          },
          get: {
            operationId: 'listThings',
            responses: { '200': { description: 'ok', content: json({ type: 'array', items: { $ref: '#/components/schemas/Thing' } }) } },
          },
        },
      },
      thing(status),
    );
  it('a change is reported once, under the schema, weighed by every use (request and response), and each operation points at it', () => {
    const d = diffDocuments(api(['a', 'b']), api(['a', 'b', 'c']));
    expect(only(d)).toEqual([
      { kind: 'schema', action: 'changed', where: 'schema Thing', path: 'status', detail: 'values added: c', client: 'strict', server: 'breaking' },
    ]);
    const derived = d.changes.filter((c) => c.derived);
    expect(derived.map((c) => [c.where, c.detail, c.client, c.server])).toEqual([
      ['GET /things', 'uses changed schemas: Thing', 'strict', 'none'],
      ['POST /things', 'uses changed schemas: Thing', 'none', 'breaking'],
    ]);
    expect(d.counts).toEqual({ changes: 1, breakingForClients: 1, onlyStrictClients: 1, breakingForServers: 1 });
  });
  it('schemas defined on one side only are listed, not counted', () => {
    const b = api(['a', 'b']);
    b.components.schemas.Extra = { type: 'string' };
    const d = diffDocuments(api(['a', 'b']), b, { name: 'old' }, { name: 'new' });
    expect(d.changes).toEqual([
      { kind: 'schema', action: 'added', where: 'schema Extra', path: '', detail: 'defined only in new', client: 'none', server: 'none', derived: true },
    ]);
    expect(d.counts.changes).toBe(0);
  });
});

describe('events', () => {
  const event = (data: any) => ({
    post: { requestBody: { content: json(obj({ type: { type: 'string' }, data }, ['type', 'data'])) }, responses: { '200': { description: 'ok' } } },
  });
  const base = doc({}, {}, { 'thing.created': event(obj({ id: { type: 'string' }, note: { type: 'string' } }, ['id'])) });
  it('a new event must be emitted by servers and surprises strict receivers; a removed one breaks receivers that wait for it', () => {
    const more = structuredClone(base);
    more.webhooks['thing.deleted'] = event(obj({ id: { type: 'string' } }));
    expect(one(diffDocuments(base, more))).toMatchObject({
      kind: 'event',
      action: 'added',
      where: 'event thing.deleted',
      client: 'strict',
      server: 'breaking',
    });
    expect(one(diffDocuments(more, base))).toMatchObject({ kind: 'event', action: 'removed', client: 'breaking', server: 'none' });
  });
  it('a changed payload weighs like a response', () => {
    const next = doc({}, {}, { 'thing.created': event(obj({ id: { type: 'string' } }, ['id'])) });
    expect(one(diffDocuments(base, next))).toMatchObject({
      kind: 'event',
      action: 'removed',
      where: 'event thing.created',
      path: 'payload.data.note',
      client: 'breaking',
      server: 'none',
    });
  });
});

describe('the x- extensions that carry contract meaning', () => {
  // LoanStatus `x-transitions` (lib/flows/loan-states judges observed moves by it), an event
  // schema's `x-event-type`, a header's `x-level`; other `x-` members (`x-source`) stay annotations.
  const machine = (transitions?: Record<string, string[]>, extra: Record<string, any> = {}) =>
    get(obj({ status: { $ref: '#/components/schemas/LoanStatus' } }, ['status']), [], {
      LoanStatus: { type: 'string', enum: ['new', 'open', 'done', 'lost'], ...(transitions ? { 'x-transitions': transitions } : {}), ...extra },
    });
  const moves = { new: ['open', 'lost'], open: ['done', 'lost'], done: [], lost: [] };
  const rows = (d: ContractDiff) => only(d).map((c) => [c.where, c.path, c.detail, c.client, c.server]);

  it('a move added lets servers make one strict clients refuse; a move removed breaks servers that make it', () => {
    const more = machine({ ...moves, done: ['open'], new: ['open', 'done', 'lost'] });
    expect(rows(diffDocuments(machine(moves), more))).toEqual([['schema LoanStatus', '', 'transitions added: new → done, done → open', 'strict', 'none']]);
    expect(rows(diffDocuments(more, machine(moves)))).toEqual([['schema LoanStatus', '', 'transitions removed: new → done, done → open', 'none', 'breaking']]);
  });
  it("whichever way the status travels (a state machine is the server's behaviour)", () => {
    const filter = (transitions: Record<string, string[]>) =>
      doc(
        {
          '/things': {
            get: { parameters: [{ name: 'status', in: 'query', schema: { $ref: '#/components/schemas/S' } }], responses: { '204': { description: 'ok' } } },
          },
        },
        { S: { type: 'string', enum: ['a', 'b'], 'x-transitions': transitions } },
      );
    expect(rows(diffDocuments(filter({ a: ['b'], b: [] }), filter({ a: ['b'], b: ['a'] })))).toEqual([
      ['schema S', '', 'transitions added: b → a', 'strict', 'none'],
    ]);
  });
  it('a state machine stated or no longer stated', () => {
    expect(rows(diffDocuments(machine(), machine(moves)))).toEqual([
      ['schema LoanStatus', '', 'transitions now stated: new → open, new → lost, open → done, open → lost', 'none', 'breaking'],
    ]);
    expect(rows(diffDocuments(machine(moves), machine()))).toEqual([['schema LoanStatus', '', 'transitions no longer stated', 'strict', 'none']]);
  });
  it('the order of the states alone, and x-source, change nothing', () => {
    const reordered = { lost: [], done: [], open: ['lost', 'done'], new: ['lost', 'open'] };
    expect(diffDocuments(machine(moves, { 'x-source': 'seed 004' }), machine(reordered, { 'x-source': 'api-facts 1.12' })).changes).toEqual([]);
  });
  it("an event schema's x-event-type, weighed like a payload", () => {
    const event = (type?: string) =>
      doc(
        {},
        { ThingEvent: { ...obj({ type: { type: 'string' } }, ['type']), ...(type ? { 'x-event-type': type } : {}) } },
        {
          'thing.created': {
            post: { requestBody: { content: json({ $ref: '#/components/schemas/ThingEvent' }) }, responses: { '200': { description: 'ok' } } },
          },
        },
      );
    expect(rows(diffDocuments(event('thing.created'), event('thing.made')))).toEqual([
      ['schema ThingEvent', '', 'x-event-type thing.created → thing.made', 'breaking', 'breaking'],
    ]);
    expect(rows(diffDocuments(event(), event('thing.created')))).toEqual([
      ['schema ThingEvent', '', 'x-event-type (none) → thing.created', 'none', 'breaking'],
    ]);
    expect(rows(diffDocuments(event('thing.created'), event()))).toEqual([
      ['schema ThingEvent', '', 'x-event-type thing.created → (none)', 'breaking', 'none'],
    ]);
    // Kept when an allOf's members are merged to compare with a schema built otherwise.
    const composed = event();
    composed.components.schemas.ThingEvent = { allOf: [obj({ type: { type: 'string' } }, ['type']), { 'x-event-type': 'thing.created' }] };
    expect(rows(diffDocuments(composed, event('thing.made')))).toEqual([
      ['schema ThingEvent', '', 'x-event-type thing.created → thing.made', 'breaking', 'breaking'],
    ]);
  });
  it('a schema summary keeps members named like annotations (title, default): only annotations go', () => {
    const thing = (value: string) =>
      get({ $ref: '#/components/schemas/Thing' }, [], {
        Thing: { type: 'object', not: { description: 'dropped', properties: { title: { const: value }, default: { type: 'integer' } }, required: ['title'] } },
      });
    expect(rows(diffDocuments(thing('x'), thing('y'))).map((r) => r[2])).toContain(
      'not {"properties":{"title":{"const":"x"},"default":{"type":"integer"}},"required":["title"]} → {"properties":{"title":{"const":"y"},"default":{"type":"integer"}},"required":["title"]}',
    );
  });
  it("a response header's x-level: MUST → SHOULD breaks clients that count on it, SHOULD → MUST servers that leave it out", () => {
    const located = (level: string) => {
      const d = get(obj({}));
      d.paths['/things/{id}'].get.responses['200'].headers = { Location: { $ref: '#/components/headers/Loc' } };
      d.components.headers = { Loc: { schema: { type: 'string' }, 'x-level': level, 'x-source': 'decision 12' } };
      return d;
    };
    expect(rows(diffDocuments(located('MUST'), located('SHOULD')))).toEqual([
      ['GET /things/{id}', 'response 200 header Location', 'x-level MUST → SHOULD', 'breaking', 'none'],
    ]);
    expect(rows(diffDocuments(located('SHOULD'), located('MUST')))).toEqual([
      ['GET /things/{id}', 'response 200 header Location', 'x-level SHOULD → MUST', 'none', 'breaking'],
    ]);
  });
});

describe('documentation revision → SDK revision', () => {
  let d: ContractDiff;
  const find = (where: string, path: string, detail: RegExp) => d.changes.find((c) => c.where === where && c.path === path && detail.test(c.detail));

  it('names the KYC requirement discriminator change as breaking for clients', async () => {
    d = await diffContracts('docs', 'sdk');
    for (const where of ['schema Customer', 'schema CustomerKycUpdatedEventData']) {
      const kyc = find(
        where,
        'kyc[]',
        /^discriminator requirement_type introduced: an object with kind, type, description, status, message, uploaded_at → one of 9 variants discriminated by requirement_type/,
      );
      expect(kyc, where).toBeDefined();
      expect(kyc!.client).toBe('breaking');
    }
  });

  it('names the other differences api-facts lists, each with whom it breaks', () => {
    const expectations: [string, string, RegExp, string, string][] = [
      ['servers', '', /^https:\/\/api\.dinie\.com\.br\/v3 removed$/, 'breaking', 'none'],
      ['POST /customers/{customer_id}/documents', '', /^operation removed \(uploadDocument\)$/, 'breaking', 'none'],
      ['POST /customers/{customer_id}/kyc-attachments', '', /^new operation createKycAttachment$/, 'none', 'breaking'],
      ['POST /customers/{customer_id}/kyc-review', '', /^new operation submitKycReview$/, 'none', 'breaking'],
      ['POST /customers', 'header parameter Idempotency-Key', /^removed$/, 'breaking', 'none'],
      ['GET /customers', 'query parameter sort', /^values removed: name$/, 'breaking', 'none'],
      ['schema Money', '', /^type string → number$/, 'breaking', 'breaking'],
      ['schema Customer', 'created_at', /^type string → integer$/, 'breaking', 'breaking'],
      ['schema CustomerStatus', '', /^values added: creating, denied$/, 'strict', 'breaking'],
      ['schema CreateCustomerRequest', 'email', /^now required$/, 'breaking', 'none'],
      ['schema LoanStatus', '', /^values removed: contract_generated, signed, disbursing$/, 'none', 'breaking'],
      ['schema Simulation', 'total_loan_amount', /^member removed/, 'breaking', 'none'],
      ['event loan.processing', '', /^new event type/, 'strict', 'breaking'],
      ['event loan.signed', '', /^no longer emitted/, 'breaking', 'none'],
      ['schema CustomerCreatedEvent', 'delivery_id', /^member added \(required\)$/, 'none', 'breaking'],
    ];
    for (const [where, path, detail, client, server] of expectations) {
      const c = find(where, path, detail);
      expect(c, `${where} ${path} ${detail}`).toBeDefined();
      expect([c!.client, c!.server], `${where} ${path}`).toEqual([client, server]);
    }
    expect(d.counts.changes).toBeGreaterThan(100);
  });

  it('reads as groups with two impact columns', () => {
    const text = formatContractDiff(d);
    expect(text).toMatch(/^Contract diff: docs → sdk\n/);
    expect(text).toMatch(/\n\d+ changes: \d+ break clients \(\d+ of them only strict clients, which refuse values they do not know\), \d+ break servers\.\n/);
    for (const section of ['Servers', 'Operations', 'Events', 'Schemas']) expect(text).toContain(`\n${section}\n`);
    expect(text).toContain('  BREAKING  -         - POST /customers/{customer_id}/documents: operation removed (uploadDocument)\n');
    expect(text).toMatch(/\n {22}~ schema Customer\n( {2}.*\n)*? {2}BREAKING {2}BREAKING {6}kyc\[\]: discriminator requirement_type introduced/);
    expect(text).toMatch(/\n {2}only in docs: .*KycItem/);
    // JSON is the same diff.
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });
});
