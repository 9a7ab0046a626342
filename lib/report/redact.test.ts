import { describe, expect, it } from 'vitest';
import { collectSecrets, makeScrubber } from './redact.js';

describe('secret scrubbing', () => {
  it('collects string values under secret-looking keys only', () => {
    const spec = { name: 'local', baseUrl: 'http://x', partners: [{ clientId: 'dinie_ci_test_A1', clientSecret: 'sEcReT-planted-1' }], webhook: { token: 'tok-abcdef' } };
    expect([...collectSecrets(spec)].sort()).toEqual(['sEcReT-planted-1', 'tok-abcdef']);
  });

  it('removes known values in plain, JSON-escaped, URL-encoded and base64 forms', () => {
    const scrub = makeScrubber(['pl@nted/"secret"']);
    const text = [
      'pl@nted/"secret"',
      JSON.stringify({ v: 'pl@nted/"secret"' }),
      encodeURIComponent('pl@nted/"secret"'),
      Buffer.from('pl@nted/"secret"').toString('base64'),
    ].join(' | ');
    expect(scrub(text)).not.toMatch(/pl@nted|pl%40nted/);
    expect(scrub(text)).not.toContain(Buffer.from('pl@nted/"secret"').toString('base64'));
  });

  it('removes secrets by shape: webhook secrets, bearer/basic credentials, JWTs, secret fields', () => {
    const scrub = makeScrubber();
    const out = scrub([
      'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'Authorization: Bearer abc.def-123456',
      'authorization: Basic ZGluaWU6c2VjcmV0',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature',
      '{"access_token":"opaque-token-value","client_secret":"cs-1234567"}',
      'grant_type=client_credentials&client_secret=abcdef123',
      'issued dinie_cs_test_Zm9vYmFyYmF6cXV4 to the partner',
    ].join('\n'));
    for (const leaked of ['MfKQ9r8G', 'abc.def-123456', 'ZGluaWU6', 'eyJzdWIi', 'opaque-token-value', 'cs-1234567', 'abcdef123', 'Zm9vYmFy']) {
      expect(out).not.toContain(leaked);
    }
    // Shell variables that stand in for secrets stay readable.
    expect(scrub("-H 'Authorization: Bearer $DINIE_TOKEN'")).toContain('Bearer $DINIE_TOKEN');
    expect(JSON.parse(scrub('{"secret":"whsec_abc","x":"y"}'))).toEqual({ secret: '[redacted]', x: 'y' });
  });

  it('copes with multi-megabyte base64 runs (the Allure single-file page embeds its data so)', () => {
    const blob = `d("data/x.json","eyJ${'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo'.repeat(120_000)}")`;
    expect(() => makeScrubber(['planted-secret']).call(null, blob)).not.toThrow();
  });
});
