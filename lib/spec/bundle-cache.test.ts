import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleDocument } from './bundle.js';
import { bundleCacheFile, readCachedBundle, writeCachedBundle } from './bundle-cache.js';
import { clearContractCache, loadContract } from './index.js';

const doc = (title: string) => `openapi: 3.1.0
info: { title: ${title}, version: '1' }
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { $ref: './thing.yaml' }
`;

describe('bundle cache', () => {
  it('serves a bundle only while the document and every file it $refs are unchanged', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dinie-bundle-cache-'));
    const main = path.join(dir, 'api.yaml');
    const ref = path.join(dir, 'thing.yaml');
    try {
      await writeFile(main, doc('Cached'));
      await writeFile(ref, 'type: object\nproperties: { id: { type: string } }\n');
      const bundled = await bundleDocument(main);
      expect(bundled.files).toContain(ref);
      await writeCachedBundle(main, bundled.document, bundled.files);
      expect(existsSync(bundleCacheFile(main))).toBe(true);
      expect(await readCachedBundle(main)).toEqual(bundled.document);

      // loadContract reads it back: the same document, so the same digest as a fresh bundle.
      clearContractCache();
      const fromCache = await loadContract(main);
      expect(fromCache.title).toBe('Cached');

      // A referenced file changes: the entry is stale and a load bundles again.
      await writeFile(ref, 'type: object\nproperties: { id: { type: integer } }\n');
      expect(await readCachedBundle(main)).toBeUndefined();
      clearContractCache();
      const rebundled = await loadContract(main);
      expect(rebundled.digest).not.toBe(fromCache.digest);
      expect(await readCachedBundle(main)).toEqual((await bundleDocument(main)).document);

      // The document itself changes: stale as well.
      await writeFile(main, doc('Changed'));
      expect(await readCachedBundle(main)).toBeUndefined();
    } finally {
      clearContractCache();
      await rm(dir, { recursive: true, force: true });
      await rm(bundleCacheFile(main), { force: true });
    }
  });

  it('gives the built-in revision the same digest from the cache as from a fresh bundle', async () => {
    clearContractCache();
    const first = await loadContract('docs');
    const fresh = await bundleDocument(first.path);
    clearContractCache();
    const again = await loadContract('docs');
    expect(again.digest).toBe(first.digest);
    expect(await readCachedBundle(again.path)).toEqual(fresh.document);
  });
});
