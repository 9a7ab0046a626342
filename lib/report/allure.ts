// Renders the Allure HTML report (Allure Report 3, Node only, offline) from allure-results.
// Single-file mode so it opens from file://; the analytics <script> the awesome plugin embeds is
// stripped (it would only try to reach the network). History accumulates in a JSONL file.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface AllureRenderOptions {
  resultsDir: string;
  outDir: string;
  /** Allure's history file (JSONL); kept between runs so trends show. */
  historyPath: string;
  name: string;
  timeoutMs?: number;
}

/** Removes every <script> that loads from the network or calls the analytics tag. */
export function stripAnalytics(html: string): string {
  return html
    .replace(/<script\b[^>]*\bsrc=["']https?:\/\/[^"']*["'][^>]*>\s*<\/script>/gi, '')
    .replace(/<script\b[^>]*>(?:(?!<\/script>)[\s\S])*?\bgtag\((?:(?!<\/script>)[\s\S])*?<\/script>/gi, '');
}

export async function renderAllureReport(opts: AllureRenderOptions): Promise<string> {
  const require = createRequire(import.meta.url);
  // The package exports only its API; its CLI sits beside dist/ (allure/cli.js).
  const cli = path.join(path.dirname(require.resolve('allure')), '..', 'cli.js');
  const tmp = await mkdtemp(path.join(tmpdir(), 'dinie-allure-'));
  try {
    const config = path.join(tmp, 'allurerc.mjs');
    await writeFile(config, `export default ${JSON.stringify({
      name: opts.name,
      output: path.resolve(opts.outDir),
      historyPath: path.resolve(opts.historyPath),
      plugins: { awesome: { options: { singleFile: true, reportLanguage: 'en', reportName: opts.name } } },
    })};\n`);
    await new Promise<void>((resolve, reject) => {
      execFile(process.execPath, [cli, 'generate', path.resolve(opts.resultsDir), '--config', config, '--cwd', tmp],
        { timeout: opts.timeoutMs ?? 120_000, env: { ...process.env, ALLURE_NO_ANALYTICS: '1' }, maxBuffer: 16 * 2 ** 20 },
        (err, _stdout, stderr) => (err ? reject(new Error(`allure generate failed: ${String(stderr).trim().split('\n').at(-1) ?? err.message}`)) : resolve()));
    });
    const index = path.join(path.resolve(opts.outDir), 'index.html');
    await writeFile(index, stripAnalytics(await readFile(index, 'utf8')));
    return index;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
