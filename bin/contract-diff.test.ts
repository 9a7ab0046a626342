// bin/contract-diff.ts: arguments, the text and JSON reports, one-sentence errors.
import { describe, expect, it } from 'vitest';
import { main } from './contract-diff.js';

async function run(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await main(
    argv,
    (s) => (out += s),
    (s) => (err += s),
  );
  return { code, out, err };
}

describe('contract:diff', () => {
  it('prints the readable report between two revisions', async () => {
    const r = await run('docs', 'sdk');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toMatch(
      /^Contract diff: docs → sdk\n {2}from docs: fixtures\/openapi\/dinie-v3\.yaml \(Dinie API 2026-03-01\)\n {2}to {3}sdk: fixtures\/openapi\/dinie-v3-sdk\.yaml/,
    );
    expect(r.out).toContain('discriminator requirement_type introduced');
  });

  it('prints JSON with --json, and nothing to report for a document with itself', async () => {
    const r = await run('--json', 'sdk', 'fixtures/openapi/dinie-v3-sdk.yaml');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.changes).toEqual([]);
    expect(d.from.name).toBe('sdk');
    expect(d.to.path).toMatch(/fixtures\/openapi\/dinie-v3-sdk\.yaml$/);
  });

  it('refuses bad arguments in one line, exit code 2', async () => {
    for (const argv of [['docs'], ['docs', 'sdk', 'docs'], ['docs', 'sdk', '--yaml'], ['docs', 'beta'], ['docs', 'nowhere/contract.yaml']]) {
      const r = await run(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err.trim().split('\n'), argv.join(' ')).toHaveLength(1);
    }
    expect((await run('docs', 'beta')).err).toBe("Unknown contract 'beta': choose docs, sdk or the path of an OpenAPI document.\n");
  });
});
