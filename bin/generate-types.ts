// npm run types: regenerates lib/spec/generated/<revision>.ts from each contract revision.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONTRACT_REVISION_NAMES } from '../lib/spec/revisions.js';
import { generatedTypesPath, generateTypes } from '../lib/spec/types-gen.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
for (const revision of CONTRACT_REVISION_NAMES) {
  const file = path.join(root, generatedTypesPath(revision));
  await writeFile(file, await generateTypes(revision));
  process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
}
