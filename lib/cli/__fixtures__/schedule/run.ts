// Runs the fixture suite through the CLI's runVitest, in its own process (vitest inside a vitest
// worker would share its globals), against a stub target whose clock "moves". Prints the results
// and the Allure results' names and statuses as one JSON line.
import { readdir, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeTargetSpec, TARGET_ENV, type TargetSpec } from '../../../targets/types.js';
import { runVitest } from '../../run-vitest.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"access_token":"t","expires_in":3600}'));
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const spec: TargetSpec = {
  name: 'schedule-stub', profile: 'url', baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3`,
  credentials: { A: { clientId: 'dinie_ci_test_schedule', clientSecret: 'schedule-secret' } }, capabilities: ['stateful', 'clock'], webhook: {}, mode: 'wait', auto: false,
} as TargetSpec;
const allure = path.join(tmpdir(), `dinie-schedule-allure-${process.pid}`);
const run = await runVitest({
  root: here, project: 'suites', allureResultsDir: allure,
  env: { [TARGET_ENV]: encodeTargetSpec(spec), DINIE_SEED: '1', DINIE_RUNS: '1', DINIE_ONLY: undefined },
});
const allureResults = [];
for (const f of (await readdir(allure).catch(() => [] as string[])).filter((f) => f.endsWith('-result.json'))) {
  const r = JSON.parse(await readFile(path.join(allure, f), 'utf8'));
  allureResults.push({ name: r.name, status: r.status });
}
await rm(allure, { recursive: true, force: true });
server.close();
process.stdout.write(`${JSON.stringify({
  checks: run.checks.map((c) => ({ id: c.id, outcome: c.outcome, message: c.message, span: c.evidence.notes.find((n) => n.startsWith('span ')) })),
  errors: run.errors, allure: allureResults,
})}\n`);
process.exit(0);
