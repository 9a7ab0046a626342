// The end of a client certification session, in-process: what it writes in the report dir. The
// observer replaces every secret it knows wherever the application puts it (a query string, a body
// member of its own); the scrubber, which knows the same secrets, is the last line for one the
// recording still carries: this test plants them back in it.
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { recordSession } from './observed.test-helper.js';
import { finishClientCertification } from './report.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

/** Every file under `d`, at any depth. */
async function listFiles(d: string): Promise<string[]> {
  return (await readdir(d, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('finishClientCertification', () => {
  it('without the Allure page (allureHtml: false), leaves allure-results annotated with the verdict and no secret the traffic carried in any file', async () => {
    // The planted secrets: the client secret and the token in a query string, the client secret in a body member the observer does not know.
    const run = await recordSession(async (baseUrl, token, clientSecret) => {
      const res = await request(`${baseUrl}/customers?client_secret=${clientSecret}&access_token=${token}`, {
        method: 'POST',
        body: JSON.stringify({ name: 'Maria Souza', note: clientSecret }),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': 'k-1' },
      });
      await res.body.dump();
    });
    expect(run.secrets).toEqual(expect.arrayContaining([run.clientSecret, run.token]));
    // As sent: what an observer that missed them would have recorded.
    const planted = run.session.exchanges.at(-1)!;
    planted.rawQuery = `?client_secret=${run.clientSecret}&access_token=${run.token}`;
    planted.query = { client_secret: run.clientSecret, access_token: run.token };
    planted.body = { ...(planted.body as object), note: run.clientSecret };

    dir = await mkdtemp(path.join(tmpdir(), 'dinie-client-report-'));
    const out = await finishClientCertification({ session: run.session, reportDir: dir, secrets: run.secrets, credentials: run.partners, allureHtml: false });
    // The invalid request is the evidence of CLIENT-REQUEST-VALID, so its exchange is attached in allure-results.
    expect(out.report.verdict.passed).toBe(false);

    const files = await listFiles(dir);
    const results = files.filter((f) => f.includes(`${path.sep}allure-results${path.sep}`));
    expect(results.some((f) => f.endsWith('-attachment.json'))).toBe(true);
    for (const f of files) {
      const text = await readFile(f, 'utf8');
      for (const s of run.secrets) expect(text.includes(s), `${path.relative(dir, f)} carries a secret`).toBe(false);
    }
    // Annotated as a server run's: the verdict is a result of its own and an environment entry.
    const names = await Promise.all(
      results.filter((f) => f.endsWith('-result.json')).map(async (f) => (JSON.parse(await readFile(f, 'utf8')) as { name: string }).name),
    );
    expect(names).toContain('verdict: NOT CONFORMING');
    expect(await readFile(path.join(dir, 'allure-results', 'environment.properties'), 'utf8')).toMatch(/^verdict=NOT CONFORMING$/m);
    expect(files.some((f) => f.includes(`${path.sep}allure-report${path.sep}`))).toBe(false);
  });
});
