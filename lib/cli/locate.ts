// Finds which suite folders mention the requirement ids given to --only, by reading the files'
// text (no import), so vitest loads only those folders. Purely an optimisation: DINIE_ONLY still
// does the selecting, and when an id cannot be placed every folder is loaded.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) out.push(...filesUnder(file));
    else if (name.endsWith('.ts') || name.endsWith('.js')) out.push(file); // .js: compiled, in the npm package
  }
  return out;
}

/** Suite folders (relative, e.g. `suites/auth/`) holding every id, or undefined when one is not found. */
export function suiteFoldersFor(root: string, ids: readonly string[]): string[] | undefined {
  const suitesDir = path.join(root, 'suites');
  let folders: string[];
  try {
    folders = readdirSync(suitesDir).filter((f) => statSync(path.join(suitesDir, f)).isDirectory());
  } catch {
    return undefined;
  }
  const texts = new Map(
    folders.map((f) => [
      f,
      filesUnder(path.join(suitesDir, f))
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n'),
    ]),
  );
  const found = new Set<string>();
  for (const id of ids) {
    const needle = id.replace(/\*$/, '').toUpperCase();
    const quoted = id.endsWith('*')
      ? new RegExp(`['"\`]${needle.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}`)
      : new RegExp(`['"\`]${needle.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}['"\`]`);
    const where = folders.filter((f) => quoted.test(texts.get(f)!));
    if (!where.length) return undefined;
    for (const w of where) found.add(w);
  }
  return [...found].sort().map((f) => `suites/${f}/`);
}
