import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { lazyExchange, type RedactedParts } from './lazy-exchange.js';

const parts = (n: { calls: number }): (() => RedactedParts) => {
  return () => {
    n.calls++;
    return {
      request: { method: 'GET', url: 'http://t/v3/customers', headers: { authorization: 'Bearer <redacted:token>' } },
      curl: "curl -sS 'http://t/v3/customers'",
      response: { status: 200, headers: {}, body: '{}' },
      error: 'cut short',
    };
  };
};

describe('lazyExchange', () => {
  it('redacts nothing until read, then once, whatever is read and how often', () => {
    const n = { calls: 0 };
    const ex = lazyExchange({ retries: 0, durationMs: 3, startedAt: 'now' }, { response: true, error: true }, parts(n));
    expect(ex.durationMs).toBe(3);
    expect(n.calls).toBe(0);
    expect(ex.response?.status).toBe(200);
    expect(ex.request.url).toBe('http://t/v3/customers');
    expect(ex.curl).toContain('curl');
    expect(n.calls).toBe(1);
  });

  it('lists its members in the order of a recorded exchange, and serialises them redacted', () => {
    const ex = lazyExchange({ retries: 1, pacedMs: 20, durationMs: 3, startedAt: 'now' }, { response: true, error: true }, parts({ calls: 0 }));
    expect(Object.keys(ex)).toEqual(['request', 'retries', 'pacedMs', 'durationMs', 'startedAt', 'curl', 'response', 'error']);
    const plain = JSON.parse(JSON.stringify(ex));
    expect(plain.request.headers.authorization).toBe('Bearer <redacted:token>');
    expect(v8.deserialize(v8.serialize(ex))).toEqual(plain);
    expect(structuredClone(ex)).toEqual(plain);
  });

  it('has no response or error member when the exchange had none', () => {
    const ex = lazyExchange({ retries: 0, durationMs: 1, startedAt: 'now' }, { response: false, error: false }, parts({ calls: 0 }));
    expect(Object.keys(ex)).toEqual(['request', 'retries', 'durationMs', 'startedAt', 'curl']);
    expect('response' in ex).toBe(false);
  });

  it('takes assignments as a plain object does', () => {
    const ex = lazyExchange({ retries: 0, durationMs: 1, startedAt: 'now' }, { response: true, error: false }, parts({ calls: 0 }));
    ex.response = { status: 500, headers: {} };
    expect(ex.response.status).toBe(500);
    expect(ex.curl).toContain('curl');
    ex.curl = 'x';
    expect(ex.curl).toBe('x');
  });

  it('keeps each exchange its own redaction (the accessors are shared, the parts are not)', () => {
    const made = (url: string, n: { calls: number }) =>
      lazyExchange({ retries: 0, durationMs: 1, startedAt: 'now' }, { response: false, error: false }, () => {
        n.calls++;
        return { request: { method: 'GET', url, headers: {} }, curl: `curl '${url}'` };
      });
    const na = { calls: 0 };
    const nb = { calls: 0 };
    const a = made('http://t/a', na);
    const b = made('http://t/b', nb);
    expect(b.curl).toBe("curl 'http://t/b'");
    expect(na.calls).toBe(0);
    expect(a.request.url).toBe('http://t/a');
    expect(b.request.url).toBe('http://t/b');
    expect([na.calls, nb.calls]).toEqual([1, 1]);
  });
});
