// What the observing server prints once a session is judged: a message quoting a request as the
// application sent it (here the token in a list request's query string) is printed scrubbed. The
// observer already replaces the secrets it knows in what it records; the scrubber is the last line
// for one the recording still carries, so this test plants them back in it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request } from 'undici';
import { expect, it } from 'vitest';
import { recordSession } from './observed.test-helper.js';
import { finishClientCertification } from './report.js';
import { clientSummaryLines } from './summary.js';

it('prints a line per requirement, the verdict, the reports and the counts, and no secret a message quotes', async () => {
  // Planted in the query under names no pattern knows: the client secret (short: whole within a line's
  // 240 characters of message) and the token (long: cut by them, and then no longer recognisable as a JWT).
  const run = await recordSession(async (baseUrl, token, clientSecret) => {
    const res = await request(`${baseUrl}/customers?offset=0&key=${clientSecret}&t=${token}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.body.dump();
  });
  // As sent: what an observer that missed them would have recorded.
  const planted = run.session.exchanges.at(-1)!;
  planted.rawQuery = `?offset=0&key=${run.clientSecret}&t=${run.token}`;
  planted.query = { offset: '0', key: run.clientSecret, t: run.token };
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-client-summary-'));
  try {
    const out = await finishClientCertification({ session: run.session, reportDir: dir, secrets: run.secrets, credentials: run.partners, allureHtml: false });
    const cursor = out.report.requirements.find((r) => r.id === 'CLIENT-LIST-CURSOR');
    expect(cursor?.message, 'the judged message quotes the request as sent').toContain(`key=${run.clientSecret}&t=${run.token}`);

    const lines = clientSummaryLines(out, { color: false, cwd: dir });
    const text = lines.join('\n');
    for (const s of run.secrets) expect(text.includes(s), 'a secret is printed').toBe(false);
    expect(text.includes(run.token.slice(0, 40)), "the token's beginning is printed").toBe(false);
    expect(text).toMatch(
      /failed\s+MUST\s+CLIENT-LIST-CURSOR\s+1 list request not walked with starting_after; first: #2 GET \/v3\/customers\?offset=0&key=\[redacted\]&t=\[redacted\]/,
    );
    expect(text).toMatch(/^\nNOT CONFORMING: /m);
    // Without the page (allureHtml: false), the allure-results stand in for it.
    expect(lines).toContain('reports: conformance.html, conformance.json, junit.xml, allure-results, client-session.json');
    expect(lines.at(-1)).toMatch(/^client: \d+ passed, [1-9]\d* failed, \d+ skipped/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
