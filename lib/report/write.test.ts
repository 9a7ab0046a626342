import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeScrubber } from './redact.js';
import { syntheticReport } from './testing.js';
import { writeRunReports } from './write.js';

const SECRET = 'planted-Secret-0f9e8d7c6b5a';

/** allure-results holding a check's result with the secret in it, and an environment.properties the annotation cannot write (a directory). */
async function unwritableResults(): Promise<{ dir: string; results: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dinie-write-'));
  const results = path.join(dir, 'allure-results');
  await mkdir(path.join(results, 'environment.properties'), { recursive: true });
  await writeFile(path.join(results, 'a-result.json'), JSON.stringify({ uuid: 'a', name: 'AUTH-A', statusDetails: { message: `echoed ${SECRET}` } }));
  return { dir, results };
}

/** Every file under `dir`, at any depth. */
async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('writeRunReports', () => {
  // Annotating allure-results can fail (a disk full, a path taken): the results must be scrubbed
  // all the same, the other reports written, and the failure said, on either path.
  for (const renderAllure of [false, true]) {
    it(`scrubs allure-results even when annotating them fails, and says so (${renderAllure ? 'page rendered' : 'no page'})`, async () => {
      const { dir, results } = await unwritableResults();
      const written = await writeRunReports({ report: syntheticReport(), dir, scrub: makeScrubber([SECRET]), allureResultsDir: results, renderAllure });
      expect(written.allureError).toMatch(/EISDIR|illegal operation on a directory/);
      for (const f of await filesUnder(dir)) expect(await readFile(f, 'utf8'), f).not.toContain(SECRET);
      expect(await readFile(path.join(results, 'a-result.json'), 'utf8')).toContain('[redacted');
      for (const f of [written.json, written.html, written.junit]) expect(await readFile(f, 'utf8')).toContain('conform');
    });
  }
});
