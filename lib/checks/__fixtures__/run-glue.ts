// Runs glue.spec.ts through vitest's node API in its own process and prints, per test, vitest's
// state, the skip note and the conformance meta, as one JSON line.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const vitest = await startVitest('test', [path.join(here, 'glue.spec.ts')], {
  root: here,
  config: false,
  run: true,
  watch: false,
  reporters: [],
});
const rows = [];
for (const mod of vitest.state.getTestModules()) {
  for (const tc of mod.children.allTests()) {
    const r = tc.result();
    rows.push({ name: tc.name, state: r.state, note: r.state === 'skipped' ? r.note : undefined, error: r.errors?.[0]?.message, meta: tc.meta().conformance });
  }
}
await vitest.close();
process.stdout.write(`${JSON.stringify(rows)}\n`);
process.exit(0);
