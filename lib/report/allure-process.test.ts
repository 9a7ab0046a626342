import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAllureProcess } from './allure-process.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function results(): Promise<{ dir: string; config: string; out: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'allure-process-'));
  dirs.push(dir);
  await writeFile(
    path.join(dir, 'a-result.json'),
    JSON.stringify({
      uuid: 'a',
      name: 'AUTH-A passes',
      fullName: 'AUTH-A',
      historyId: 'a',
      status: 'passed',
      stage: 'finished',
      start: 1,
      stop: 2,
      labels: [],
    }),
  );
  const out = path.join(dir, 'report');
  const config = path.join(dir, 'allurerc.mjs');
  await writeFile(config, `export default ${JSON.stringify({ name: 't', output: out, plugins: { awesome: { options: { singleFile: true } } } })};\n`);
  return { dir, config, out };
}

describe('startAllureProcess', () => {
  it('loads Allure, then renders when given the arguments', { timeout: 60_000 }, async () => {
    const { dir, config, out } = await results();
    const allure = startAllureProcess();
    // Meanwhile the run goes on; the arguments come at the end.
    await new Promise((r) => setTimeout(r, 200));
    await allure.run(['generate', dir, '--config', config, '--cwd', dir]);
    expect(await readFile(path.join(out, 'index.html'), 'utf8')).toContain('<html');
    await expect(allure.run(['generate', dir])).rejects.toThrow('already ran');
  });

  it("fails with Allure's own words when the CLI fails", { timeout: 60_000 }, async () => {
    const allure = startAllureProcess();
    await expect(allure.run(['no-such-command'])).rejects.toThrow(/^allure generate failed: /);
  });

  it('ends when disposed unused, and never holds the process up', { timeout: 30_000 }, async () => {
    const allure = startAllureProcess();
    allure.dispose();
    allure.dispose();
    await expect(allure.run(['generate'])).rejects.toThrow('already ran');
  });
});
