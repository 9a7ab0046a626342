import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectCredentials, collectSecrets, makeScrubber, SUITE_ROOT, scrubInternals, scrubJsonText } from './redact.js';
import { scrubDirectory } from './write.js';

describe('secret scrubbing', () => {
  it('collects string values under secret-looking keys only', () => {
    const spec = {
      name: 'local',
      baseUrl: 'http://x',
      partners: [{ clientId: 'dinie_ci_test_A1', clientSecret: 'sEcReT-planted-1' }],
      webhook: { token: 'tok-abcdef' },
    };
    expect([...collectSecrets(spec)].sort()).toEqual(['sEcReT-planted-1', 'tok-abcdef']);
    // Whatever their length.
    expect([...collectSecrets({ credentials: { A: { clientId: 'x', clientSecret: 'y' } } })]).toEqual(['y']);
    expect(collectCredentials({ credentials: { A: { clientId: 'x', clientSecret: 'y' }, B: { clientId: 'p', clientSecret: 'q' } } })).toEqual([
      { clientId: 'x', clientSecret: 'y' },
      { clientId: 'p', clientSecret: 'q' },
    ]);
  });

  it('removes the bare base64 of client_id:client_secret, and short secrets as whole tokens only', () => {
    const scrub = makeScrubber(['t0k4', 'LONG-planted-secret-1'], { credentials: [{ clientId: 'dinie_ci_test_x1', clientSecret: 'LONG-planted-secret-1' }] });
    const basic = Buffer.from('dinie_ci_test_x1:LONG-planted-secret-1').toString('base64');
    const out = scrub(JSON.stringify({ basic, auth: `Bearer t0k4`, url: '/v3/x?token=t0k4', word: 'at0k4s' }));
    expect(out).not.toContain(basic);
    expect(out).not.toMatch(/(?<![A-Za-z0-9])t0k4(?![A-Za-z0-9])/);
    expect(out).toContain('at0k4s');
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
    const out = scrub(
      [
        'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        'Authorization: Bearer abc.def-123456',
        'authorization: Basic ZGluaWU6c2VjcmV0',
        'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature',
        '{"access_token":"opaque-token-value","client_secret":"cs-1234567"}',
        'grant_type=client_credentials&client_secret=abcdef123',
        'issued dinie_cs_test_Zm9vYmFyYmF6cXV4 to the partner',
      ].join('\n'),
    );
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

  it('never skips a file for its size: a large one is cut to the cap, then scrubbed', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dinie-scrub-'));
    const big = path.join(dir, 'abc-attachment.bin');
    await writeFile(big, `${'x'.repeat(100)}PLANTED-big-secret-42${'y'.repeat(5000)}`);
    const small = path.join(dir, 'abc-result.json');
    await writeFile(small, JSON.stringify({ message: 'PLANTED-big-secret-42' }));
    await scrubDirectory(dir, makeScrubber(['PLANTED-big-secret-42']), 1024);
    const cut = await readFile(big, 'utf8');
    expect(cut).not.toContain('PLANTED-big-secret-42');
    expect(cut).toMatch(/… \[truncated: 5,121 bytes in all\]$/);
    expect((await stat(big)).size).toBeLessThan(1200);
    expect(await readFile(small, 'utf8')).not.toContain('PLANTED-big-secret-42');
  });
});

describe('scrubbing JSON text keeps it JSON', () => {
  it('a form secret inside a serialised body does not swallow an escape', () => {
    const text = JSON.stringify({ body: 'grant_type=x&client_secret=ab"cd', next: 'kept' });
    const out = makeScrubber()(text);
    expect(JSON.parse(out)).toEqual({ body: 'grant_type=x&client_secret=[redacted]"cd', next: 'kept' });
  });

  it('a secret shaped like JSON punctuation: the text pass would break the syntax, so values are scrubbed one by one', () => {
    const secret = '"c": "plain"';
    const report = { a: `x${secret}y`, b: ['z'], c: 'plain' };
    const text = JSON.stringify(report, null, 2);
    expect(() => JSON.parse(makeScrubber([secret])(text))).toThrow();
    const out = scrubJsonText(text, makeScrubber([secret]), 2);
    expect(JSON.parse(out)).toEqual({ a: 'x[redacted]y', b: ['z'], c: 'plain' });
  });
});

describe("the suite's internals", () => {
  it("drops stack frames and makes this machine's paths relative, keeping the words", () => {
    const err = new TypeError('cannot read x of undefined');
    const text = `${err.stack}\nwhile reading ${SUITE_ROOT}/suites/auth/checks.ts and ${SUITE_ROOT}/node_modules/undici/lib/core.js`;
    const out = scrubInternals(text);
    expect(out).toContain('TypeError: cannot read x of undefined');
    expect(out).not.toMatch(/^\s+at /m);
    expect(out).not.toContain(SUITE_ROOT);
    expect(out).not.toContain('node_modules');
    expect(out).toContain('suites/auth/checks.ts');
    // Ordinary sentences starting with "at" stay.
    expect(scrubInternals('expected at least 3 items\n  at most 5 were allowed')).toBe('expected at least 3 items\n  at most 5 were allowed');
  });

  it('the report scrubber strips the suite root too', () => {
    expect(makeScrubber()(`file://${SUITE_ROOT}/lib/x.ts:1:2 and ${SUITE_ROOT}/lib/y.ts`)).toBe('lib/x.ts:1:2 and lib/y.ts');
  });
});
