// `npm run bench`: runs every bench/<part>.ts module and prints one line per measurement with its target.
// Speed and memory are measured here, never in timed tests.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const dir = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = (await readdir(dir)).filter((f) => f.endsWith('.ts') && f !== 'index.ts' && !f.endsWith('.test.ts')).sort();

for (const file of files) {
  const part = file.replace(/\.ts$/, '');
  if (only.length && !only.includes(part)) continue;
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default: () => Promise<Measurement[]>; explicitOnly?: boolean };
  // A part that takes minutes (the whole `npm test`) runs only when named.
  if (mod.explicitOnly && !only.includes(part)) continue;
  console.log(`\n# ${part}`);
  const rows = await mod.default();
  for (const r of rows) {
    if (r.unit === '') {
      console.log(r.name); // a note, not a measurement
      continue;
    }
    const value = Number.isInteger(r.value) ? String(r.value) : r.value.toFixed(2);
    console.log(`${r.name.padEnd(52)} ${value.padStart(10)} ${r.unit.padEnd(12)} ${r.target ? `target ${r.target}` : ''}`);
  }
}
const mem = process.memoryUsage();
console.log(`\nmemory: rss ${(mem.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MiB`);
