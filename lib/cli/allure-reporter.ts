// allure-vitest's reporter with a writer that does not fsync. Its own writer (FileSystemWriter)
// writes every result and attachment synchronously, each through a temporary file, fsync and a
// rename: on the CLI's main thread, which also serves the embedded reference server, so every
// check's results stalled the target for a disk flush. The results are read only once the run
// has ended (writeRunReports), so they are written asynchronously instead, in the same files and
// the same formats, and `flush()` waits for them.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringifyEnvInfo, type Writer } from 'allure-js-commons/sdk/reporter';
import AllureVitestReporter from 'allure-vitest/reporter';
import type { Vitest } from 'vitest/node';

/** Writes allure-results files without blocking; writes to one file land in the order they were made. */
export class AsyncResultsWriter implements Writer {
  private readonly ready: Promise<unknown>;
  /** The last write of each file: a later write of the same file waits for it. */
  private readonly last = new Map<string, Promise<void>>();
  private readonly errors: unknown[] = [];

  constructor(readonly resultsDir: string) {
    this.ready = mkdir(resultsDir, { recursive: true });
  }

  private put(name: string, write: (file: string) => Promise<void>): void {
    const file = path.join(this.resultsDir, name);
    const next = (this.last.get(file) ?? this.ready).then(() => write(file)).catch((e) => void this.errors.push(e));
    this.last.set(file, next);
  }

  writeResult(result: { uuid: string }): void {
    this.put(`${result.uuid}-result.json`, (f) => writeFile(f, JSON.stringify(result)));
  }

  writeGroup(result: { uuid: string }): void {
    this.put(`${result.uuid}-container.json`, (f) => writeFile(f, JSON.stringify(result)));
  }

  writeAttachment(distFileName: string, content: Buffer): void {
    this.put(distFileName, (f) => writeFile(f, content));
  }

  writeAttachmentFromPath(distFileName: string, from: string): void {
    this.put(distFileName, (f) => copyFile(from, f));
  }

  writeEnvironmentInfo(info: Record<string, string | undefined>): void {
    this.put('environment.properties', (f) => writeFile(f, stringifyEnvInfo(info)));
  }

  writeCategoriesDefinitions(categories: unknown): void {
    this.put('categories.json', (f) => writeFile(f, JSON.stringify(categories)));
  }

  writeGlobals(distFileName: string, info: unknown): void {
    this.put(distFileName, (f) => writeFile(f, JSON.stringify(info)));
  }

  /** Resolves once every write made so far has landed; rejects with the first that failed. */
  async flush(): Promise<void> {
    await this.ready;
    await Promise.all(this.last.values());
    if (this.errors.length) throw this.errors[0];
  }
}

/** The allure-vitest reporter writing through `writer` (its results dir is the writer's). */
export function allureReporter(writer: AsyncResultsWriter): AllureVitestReporter {
  return new (class extends AllureVitestReporter {
    override onInit(vitest: Vitest): void {
      super.onInit(vitest);
      // The reporter builds its writer itself and takes none from its options.
      const runtime = (this as unknown as { allureReporterRuntime?: { writer: Writer } }).allureReporterRuntime;
      if (!runtime || typeof runtime.writer?.writeResult !== 'function') {
        throw new Error('allure-vitest changed: its reporter runtime has no writer to replace (lib/cli/allure-reporter.ts)');
      }
      // From here on (what onInit wrote, the environment and categories, went through its own).
      runtime.writer = writer;
    }
  })({ resultsDir: writer.resultsDir });
}
