import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileSystemWriter } from 'allure-js-commons/sdk/reporter';
import { describe, expect, it } from 'vitest';
import { AsyncResultsWriter } from './allure-reporter.js';

async function contents(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = await readFile(path.join(dir, name), 'utf8');
  return out;
}

describe('AsyncResultsWriter', () => {
  it('writes the same files, with the same contents, as allure-js-commons FileSystemWriter', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'dinie-allure-writer-'));
    try {
      const source = path.join(base, 'source.txt');
      await writeFile(source, 'copied attachment');
      const feed = (w: { [K in keyof FileSystemWriter]: FileSystemWriter[K] }) => {
        w.writeResult({ uuid: 'r1', name: 'CHECK-1 first', status: 'passed' } as never);
        w.writeGroup({ uuid: 'g1', children: ['r1'] } as never);
        w.writeAttachment('a1-attachment.json', Buffer.from('{"exchanges":[]}'));
        w.writeAttachmentFromPath('a2-attachment.txt', source);
        w.writeEnvironmentInfo({ target: 'local', seed: '7' });
        w.writeCategoriesDefinitions([{ name: 'broken', matchedStatuses: ['broken'] }] as never);
        w.writeGlobals('x-globals.json', { errors: [], attachments: [] } as never);
      };
      const reference = path.join(base, 'reference');
      feed(new FileSystemWriter({ resultsDir: reference }));
      const ours = new AsyncResultsWriter(path.join(base, 'ours'));
      feed(ours);
      await ours.flush();
      expect(await contents(ours.resultsDir)).toEqual(await contents(reference));
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('lands the last of several writes of one file, and flush reports a write that failed', async () => {
    const base = await mkdtemp(path.join(tmpdir(), 'dinie-allure-writer-'));
    try {
      const w = new AsyncResultsWriter(base);
      for (let i = 0; i < 50; i++) w.writeResult({ uuid: 'same', step: i } as never);
      await w.flush();
      expect(JSON.parse(await readFile(path.join(base, 'same-result.json'), 'utf8'))).toEqual({ uuid: 'same', step: 49 });

      w.writeAttachmentFromPath('missing.txt', path.join(base, 'no-such-file'));
      await expect(w.flush()).rejects.toThrow(/no-such-file/);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
