// A stand-in for the repository's `suites` project (for run-vitest.test.ts): one small suite file
// whose checks only record when they ran.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [{ extends: true, test: { name: 'suites', include: ['*.check.ts'] } }],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
