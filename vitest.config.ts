import { defineConfig } from 'vitest/config';

// Two projects: `unit` holds the self-tests of lib/ (beside the code they test, plus the fault
// self-tests); `suites` holds the conformance checks run against a target. The CLI
// (bin/dinie-conformance.ts) picks which to run and passes the target through the environment.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['lib/**/*.test.ts', 'bin/**/*.test.ts', 'suites/**/*.selftest.ts', 'examples/**/*.test.ts'] },
      },
      {
        extends: true,
        // Not isolated: the suite files run one after the other in the same worker, which imports
        // the suite's modules and compiles the contract once instead of once per file (each file
        // still creates its own context, and its checks run ahead, a few at once).
        test: { name: 'suites', include: ['suites/**/*.test.{ts,js}'], isolate: false }, // .js: compiled, in the npm package (dist/)
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
