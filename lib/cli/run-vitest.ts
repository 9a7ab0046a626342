// Runs vitest programmatically (the CLI owns the flags; vitest only sees project and name
// filters) and returns what the Collector gathered. The target reaches the workers through env.
import { startVitest } from 'vitest/node';
import { Collector, type Progress } from './collector.js';

export interface VitestRunInput {
  root: string;
  project: 'unit' | 'suites';
  /** File filters, e.g. `suites/auth/`. */
  files?: string[];
  testNamePattern?: string;
  /** Set in process.env for the run's duration (workers inherit it). */
  env: Record<string, string | undefined>;
  /** Where allure-vitest writes its results; omitted = no allure reporter. */
  allureResultsDir?: string;
  onProgress?: (p: Progress) => void;
  /** One test file at a time: each suite file starts its own webhook receiver, and a fixed
   *  `--webhook-port` can only be listened on by one of them at once. */
  sequential?: boolean;
  /** Called every few seconds with the latest progress (heartbeat lines in CI). */
  onTick?: (p: Progress) => void;
}

export async function runVitest(input: VitestRunInput): Promise<Collector> {
  const collector = new Collector(input.root, input.onProgress);
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(input.env)) {
    saved[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  const exitCode = process.exitCode;
  const ticker = input.onTick ? setInterval(() => input.onTick!(collector.snapshot()), 5_000) : undefined;
  ticker?.unref();
  try {
    const reporters: any[] = [collector];
    if (input.allureResultsDir) reporters.push(['allure-vitest/reporter', { resultsDir: input.allureResultsDir }]);
    const vitest = await startVitest('test', input.files ?? [], {
      root: input.root,
      run: true,
      watch: false,
      project: [input.project],
      reporters,
      passWithNoTests: true,
      ...(input.sequential ? { fileParallelism: false } : {}),
      ...(input.testNamePattern ? { testNamePattern: input.testNamePattern } : {}),
    });
    await vitest.close();
  } finally {
    if (ticker) clearInterval(ticker);
    // startVitest sets process.exitCode on failures; the CLI decides the exit code itself.
    process.exitCode = exitCode;
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  return collector;
}
