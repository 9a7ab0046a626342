// The Redactor: every known secret, of any length, in every form a target may echo it in; short
// values only as whole tokens or values, so ordinary words survive. And the client learns what a
// target hands out (tokens, credentials' secrets, webhook secrets) before recording anything: tried
// against lib/hostile's echoing modes.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exchange } from '../checks/types.js';
import { type HostileServer, startHostileServer } from '../hostile/server.js';
import { createClient } from './client.js';
import { firstNotLonger, Redactor, SUBSTRING_MIN_LENGTH, TOKEN_MIN_LENGTH } from './redact.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Redactor', () => {
  it('removes a long secret in every form: raw, JSON-escaped, URL-encoded, base64 alone and of client_id:client_secret', () => {
    const r = new Redactor();
    const id = 'dinie_ci_test_hostile01';
    const secret = 'pl@nted/"s3cret" value+1';
    r.addCredential(id, secret);
    const forms = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
      b64(secret),
      b64(`${id}:${secret}`),
      Buffer.from(`${id}:${secret}`).toString('base64url'),
    ];
    for (const form of forms) {
      const out = r.text(`echo: [${form}] and "x${form}y"`);
      expect(out, form).not.toContain(form);
      expect(out).toContain('<redacted:');
    }
    // JSON bodies: walked member by member, then the serialised text again.
    const body = r.body(
      JSON.stringify({
        basic: b64(`${id}:${secret}`),
        headers: { authorization: `Basic ${b64(`${id}:${secret}`)}` },
        note: `secret=${encodeURIComponent(secret)}`,
      }),
    )!;
    for (const form of forms) expect(body).not.toContain(form);
  });

  it(`redacts a ${TOKEN_MIN_LENGTH}-character token as a whole token only, never inside an ordinary word`, () => {
    const r = new Redactor();
    r.add('t0k4', 'token');
    expect(r.text('Authorization: Bearer t0k4')).toBe('Authorization: Bearer <redacted:token>');
    expect(r.body('{"bearer":"t0k4","headers":{"authorization":"Bearer t0k4"}}')).toBe(
      '{"bearer":"<redacted:token>","headers":{"authorization":"Bearer <redacted:token>"}}',
    );
    expect(r.text('GET /v3/customers?token=t0k4&x=1')).toBe('GET /v3/customers?token=<redacted:token>&x=1');
    expect(r.text(b64('t0k4'))).not.toContain(b64('t0k4'));
    // Inside a word it is not the token: reports are not shredded.
    expect(r.text('at0k4s 3t0k4 t0k45')).toBe('at0k4s 3t0k4 t0k45');
  });

  it(`redacts a value shorter than ${TOKEN_MIN_LENGTH} characters only as a whole value`, () => {
    const r = new Redactor();
    r.add('ab', 'token');
    expect(r.value({ token: 'ab', other: 'ab', text: 'ab cab' })).toEqual({ token: '<redacted:token>', other: '<redacted:token>', text: 'ab cab' });
    expect(r.text('Bearer ab')).toBe('Bearer <redacted:token>');
    expect(r.text('?a=ab&b=abc')).toBe('?a=<redacted:token>&b=abc');
    expect(r.text('{"echo":"ab","word":"abc"}')).toBe('{"echo":"<redacted:token>","word":"abc"}');
    expect(r.text('ab')).toBe('<redacted:token>');
    expect(r.text('a table about ab testing')).toBe('a table about ab testing');
  });

  it(`redacts values of ${SUBSTRING_MIN_LENGTH}+ characters wherever they occur`, () => {
    const r = new Redactor();
    r.add('s3cr3t-xy', 'client_secret');
    expect(r.text('prefix-s3cr3t-xy-suffix')).toBe('prefix-<redacted:client_secret>-suffix');
  });

  it('starts at the first known value that fits in the text, with the same result as trying them all, longest first', () => {
    const sorted = [
      ['x'.repeat(40), 'a'],
      ['y'.repeat(20), 'b'],
      ['z'.repeat(20), 'c'],
      ['w'.repeat(9), 'd'],
    ] as const;
    expect([100, 40, 39, 20, 19, 9, 8, 0].map((n) => firstNotLonger(sorted, n))).toEqual([0, 0, 1, 1, 3, 3, 4, 4]);
    const r = new Redactor();
    const long = 'L0ng-s3cret-value-0123456789-abcdefghij';
    const inner = 's3cret-value-0123';
    r.add(long, 'token');
    r.add(inner, 'secret');
    // The longer one first: the shorter one inside it never leaves a piece of the longer behind.
    expect(r.text(`a ${long} b ${inner} c`)).toBe('a <redacted:token> b <redacted:secret> c');
    // Texts shorter than every form of a value are untouched by it, and still redacted by the rest.
    expect(r.text(`"${inner}"`)).toBe('"<redacted:secret>"');
    expect(r.text('application/json')).toBe('application/json');
  });

  it('learns what a target hands out: tokens, a credential (with its client_id), webhook secrets with and without prefix', () => {
    const r = new Redactor();
    r.learn({ access_token: 'tok-learned-123', token_type: 'Bearer' });
    r.learn({ data: { client_id: 'dinie_ci_test_made0001', client_secret: 'made-secret-456' } });
    r.learn({ id: 'we_1', secret: 'whsec_bWFkZS13ZWJob29rLXNlY3JldA==' });
    const out = r.text(
      [
        'tok-learned-123',
        'made-secret-456',
        b64('dinie_ci_test_made0001:made-secret-456'),
        'bWFkZS13ZWJob29rLXNlY3JldA==',
        encodeURIComponent('whsec_bWFkZS13ZWJob29rLXNlY3JldA=='),
      ].join(' '),
    );
    for (const leaked of ['tok-learned', 'made-secret', b64('dinie_ci_test_made0001:made-secret-456'), 'bWFkZS13ZWJob29r']) expect(out).not.toContain(leaked);
  });

  it('knownOnly: replaces the values it knows by their placeholders and leaves patterns of unknown values as they are', () => {
    const text = (r: Redactor) => r.text('access_token=tok-known-1234&client_secret=unknown-5678&hook=whsec_dW5rbm93bg==');
    const known = new Redactor({ knownOnly: true, placeholder: (label) => label });
    known.add('tok-known-1234', '[token #1]');
    expect(text(known)).toBe('access_token=[token #1]&client_secret=unknown-5678&hook=whsec_dW5rbm93bg==');
    const all = new Redactor();
    all.add('tok-known-1234', 'token');
    expect(text(all)).toBe('access_token=<redacted>&client_secret=<redacted>&hook=whsec_<redacted>');
  });
});

describe('the client learns secrets before it records (lib/hostile echoing targets)', () => {
  let h: HostileServer | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('echo-secrets: neither the client secret nor base64(client_id:client_secret) nor the token appears in any exchange', async () => {
    h = await startHostileServer({ mode: 'echo-secrets', token: 'echo-token-9f8e7d6c' });
    const exchanges: Exchange[] = [];
    const id = 'dinie_ci_test_echo0001';
    const secret = 'ECHO-secret-3a4b5c6d';
    const api = createClient({ baseUrl: h.baseUrl, clientId: id, clientSecret: secret, partner: 'A', onExchange: (e) => exchanges.push(e), timeoutMs: 2000 });
    await api.request({ method: 'GET', path: '/customers', query: { q: secret } });
    await api.request({ method: 'POST', path: '/auth/token', form: { grant_type: 'client_credentials' }, auth: { basic: [id, secret] } });
    const dump = JSON.stringify(exchanges);
    expect(exchanges.length).toBeGreaterThanOrEqual(3);
    expect(dump).toContain('\\"basic\\":\\"<redacted:');
    for (const form of [secret, encodeURIComponent(secret), b64(secret), b64(`${id}:${secret}`), 'echo-token-9f8e7d6c']) expect(dump, form).not.toContain(form);
  });

  it('short-token: a 4-character token echoed in bodies and headers is redacted, ordinary text kept', async () => {
    h = await startHostileServer({ mode: 'short-token' });
    const exchanges: Exchange[] = [];
    const api = createClient({
      baseUrl: h.baseUrl,
      clientId: 'dinie_ci_test_short01',
      clientSecret: 'SHORT-secret-77aa',
      partner: 'A',
      onExchange: (e) => exchanges.push(e),
      timeoutMs: 2000,
    });
    const res = await api.request({ method: 'GET', path: '/customers' });
    expect((res.body as { bearer: string }).bearer).toBe(h.token); // the check itself sees the answer as it came
    const dump = JSON.stringify(exchanges);
    expect(dump).not.toMatch(new RegExp(`(?<![A-Za-z0-9])${h.token}(?![A-Za-z0-9])`));
    expect(dump).toMatch(/\\"bearer\\":\\"<redacted:[a-z_]+>\\"/);
    expect(dump).toMatch(/\\"authorization\\":\\"Bearer <redacted:[a-z_]+>\\"/);
  });

  it('the secrets of credentials and webhook endpoints a run creates are redacted wherever they come back', async () => {
    // A target that hands out a credential and a webhook secret, then echoes every request.
    const made = { client_id: 'dinie_ci_test_made0002', client_secret: 'made-cred-secret-42' };
    const whsec = 'whsec_c2VjcmV0LW9mLWVuZHBvaW50';
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const answer =
          req.url === '/v3/auth/token'
            ? { access_token: 'tok-of-maker-0001', token_type: 'Bearer', expires_in: 3600, echo: req.headers.authorization }
            : req.url === '/v3/auth/credentials'
              ? { ...made, created_at: '2026-01-01T00:00:00Z' }
              : req.url === '/v3/webhooks/endpoints'
                ? { id: 'we_1', url: 'https://x', secret: whsec }
                : { echo: { url: req.url, authorization: req.headers.authorization, body } };
        res.writeHead(/credentials|endpoints/.test(req.url ?? '') ? 201 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const exchanges: Exchange[] = [];
      const api = createClient({
        baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`,
        clientId: 'dinie_ci_test_maker01',
        clientSecret: 'MAKER-secret-1234',
        partner: 'A',
        onExchange: (e) => exchanges.push(e),
        timeoutMs: 2000,
      });
      await api.request({ method: 'POST', path: '/auth/credentials', json: {} });
      await api.request({ method: 'POST', path: '/webhooks/endpoints', json: { url: 'https://x' } });
      await api.request({ method: 'GET', path: '/customers', query: { a: made.client_secret, b: whsec.slice(6) } });
      await api.request({
        method: 'POST',
        path: '/customers',
        json: { note: `${made.client_secret} ${whsec}` },
        auth: { basic: [made.client_id, made.client_secret] },
      });
      const dump = JSON.stringify(exchanges);
      expect(dump).toContain('/auth/credentials');
      for (const form of [made.client_secret, whsec.slice(6), b64(`${made.client_id}:${made.client_secret}`), 'tok-of-maker-0001'])
        expect(dump, form).not.toContain(form);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
