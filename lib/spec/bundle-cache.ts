// Bundled contract documents cached on disk. Importing @redocly/openapi-core costs over a second of
// CPU, paid by every process that loads a contract (the CLI, each vitest worker, each self-test
// process) although the bundle of an unchanged document is always the same. An entry records the
// content hash of every file the bundle read (the document and what it $refs) and is used only
// while each still hashes the same; it is written atomically and never required (a read-only or
// missing cache directory just means bundling again).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Bumped when the entry's shape or the way documents are bundled changes. */
const FORMAT = 1;

interface Entry {
  format: number;
  bundler: string;
  path: string;
  /** Every file the bundle read → sha256 of its content. */
  files: Record<string, string>;
  document: unknown;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

let bundlerVersion: string | undefined;
/** The bundler's version (an entry made by another version is not used). */
function bundler(): string {
  if (bundlerVersion === undefined) {
    try {
      const require = createRequire(import.meta.url);
      let dir = path.dirname(require.resolve('@redocly/openapi-core'));
      while (!dir.endsWith(`${path.sep}openapi-core`) && path.dirname(dir) !== dir) dir = path.dirname(dir);
      bundlerVersion = `@redocly/openapi-core@${JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version}`;
    } catch {
      bundlerVersion = '@redocly/openapi-core@unknown';
    }
  }
  return bundlerVersion;
}

/** Where the entry of the document at `absPath` lives (DINIE_BUNDLE_CACHE overrides the directory). */
export function bundleCacheFile(absPath: string, dir = process.env.DINIE_BUNDLE_CACHE || path.join(tmpdir(), 'dinie-conformance-bundles')): string {
  return path.join(dir, `${sha256(absPath).slice(0, 32)}.json`);
}

/** The cached bundle of `absPath`, or undefined when there is none or any file it read has changed. */
export async function readCachedBundle(absPath: string): Promise<unknown | undefined> {
  let entry: Entry;
  try {
    entry = JSON.parse(await readFile(bundleCacheFile(absPath), 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  if (entry.format !== FORMAT || entry.path !== absPath || entry.bundler !== bundler() || !entry.files[absPath]) return undefined;
  for (const [file, hash] of Object.entries(entry.files)) {
    try {
      if (sha256(await readFile(file)) !== hash) return undefined;
    } catch {
      return undefined;
    }
  }
  return entry.document;
}

/** Records the bundle of `absPath`, made from `files` (the document itself is always among them). */
export async function writeCachedBundle(absPath: string, document: unknown, files: Iterable<string>): Promise<void> {
  try {
    const hashes: Record<string, string> = {};
    for (const file of new Set([absPath, ...files])) {
      // Only files on disk can be checked again later; a bundle that read anything else is not cached.
      if (!path.isAbsolute(file)) return;
      hashes[file] = sha256(await readFile(file));
    }
    const entry: Entry = { format: FORMAT, bundler: bundler(), path: absPath, files: hashes, document };
    const target = bundleCacheFile(absPath);
    await mkdir(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
    await writeFile(temp, JSON.stringify(entry));
    await rename(temp, target);
  } catch {
    // A cache that cannot be written is only a slower next load.
  }
}
