// The pure judges behind the contract, rate-limit and security checks, on hand-made answers.
import { describe, expect, it } from 'vitest';
import { rateLimitHeaderProblems } from '../rate-limits/checks.js';
import { leaks } from '../security/hostile.js';
import { namesField } from './checks.js';

const res = (headers: Record<string, string>) => ({ status: 200, headers, body: {}, text: '', contentType: 'application/json', exchange: {} as any });

describe('namesField', () => {
  it('matches dotted, bracketed and parent/child paths', () => {
    expect(namesField({ errors: [{ field: 'cpf', message: 'x' }] }, 'cpf')).toBe(true);
    expect(namesField({ errors: [{ field: 'events.0', message: 'x' }] }, 'events[0]')).toBe(true);
    expect(namesField({ errors: [{ field: 'events', message: 'x' }] }, 'events[2]')).toBe(true);
  });
  it('rejects other fields and bodies without errors', () => {
    expect(namesField({ errors: [{ field: 'email', message: 'x' }] }, 'cpf')).toBe(false);
    expect(namesField({ errors: [{ field: 'cpf_extra', message: 'x' }] }, 'cpf')).toBe(false);
    expect(namesField({}, 'cpf')).toBe(false);
  });
});

describe('rateLimitHeaderProblems', () => {
  const now = Math.floor(Date.now() / 1000);
  it('accepts integers with Reset in Unix seconds', () => {
    expect(rateLimitHeaderProblems(res({ 'x-ratelimit-limit': '100', 'x-ratelimit-remaining': '99', 'x-ratelimit-reset': String(now + 60) }))).toEqual([]);
  });
  it('reports missing, non-integer, inconsistent and relative values', () => {
    expect(rateLimitHeaderProblems(res({}))).toHaveLength(3);
    expect(rateLimitHeaderProblems(res({ 'x-ratelimit-limit': '1.5', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': String(now) }))[0]).toMatch(/limit/);
    expect(rateLimitHeaderProblems(res({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '11', 'x-ratelimit-reset': String(now) }))[0]).toMatch(/exceeds/);
    expect(rateLimitHeaderProblems(res({ 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '1', 'x-ratelimit-reset': '60' }))[0]).toMatch(/Unix seconds/);
  });
});

describe('leaks', () => {
  it('finds stack frames, paths, secrets and echoed credentials', () => {
    expect(leaks('Error: boom\n    at parse (/work/main/lib/x.ts:10:5)', [])).toContain('a stack frame');
    expect(leaks('{"detail":"see node_modules/fastify/lib"}', [])).toContain('a node_modules path');
    expect(leaks('{"secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"}', [])).toContain('a webhook secret');
    expect(leaks('{"detail":"token eyJhbGciOi.abc.def rejected"}', ['eyJhbGciOi.abc.def'])).toContain('a credential the client sent');
  });
  it('stays quiet on an ordinary problem', () => {
    expect(
      leaks('{"type":"https://docs.dinie.com/errors/invalid-request","title":"Bad request","status":400,"detail":"The body is not valid JSON."}', [
        'tok-123456789',
      ]),
    ).toEqual([]);
  });
});
