import { configDefaults, defineConfig } from 'vitest/config';

// Projects: `unit` holds the self-tests of lib/ (beside the code they test, plus the fault
// self-tests), `unit-serial` those of them that time themselves or a run against a deadline;
// `suites` holds the conformance checks run against a target. The CLI (bin/dinie-conformance.ts)
// picks which to run (`test` runs both unit projects) and passes the target through the environment.
//
// Self-test files whose assertions bound a duration, so they run after the others, one at a time
// (each in a fresh process as before), on a machine no other test file is loading.
// (The sample receiver's self-test judges its answer times. suites/sandbox.selftest.ts runs whole
// catalogues side by side in one process, each with its own servers: the rate-limit checks' bursts
// give each request 15 s, which a process starved by two other busy workers can miss.)
const SERIAL = [
  'bin/hostile-target.test.ts',
  'examples/sample-partner/receiver.test.ts',
  'lib/http/bounds.test.ts',
  'lib/reference/observe/observe.test.ts',
  'lib/reference/sandbox/sandbox.test.ts',
  'lib/reference/sandbox/seed.test.ts',
  'suites/sandbox.selftest.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        // Not isolated: a worker imports the modules and compiles the contract once for all the
        // files it runs, instead of a fresh process per file (most of the time `npm test` took).
        // Three workers on two cores: much of a self-test's time is spent waiting on the servers
        // and CLI runs it starts. Every file still starts its own servers and restores its timers.
        test: {
          name: 'unit',
          include: ['lib/**/*.test.ts', 'bin/**/*.test.ts', 'suites/**/*.selftest.ts', 'examples/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SERIAL],
          isolate: false,
          maxWorkers: 3,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'unit-serial', include: SERIAL, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        // Not isolated: the suite files run one after the other in the same worker, which imports
        // the suite's modules and compiles the contract once instead of once per file (each file
        // still creates its own context, and its checks run ahead, a few at once).
        test: { name: 'suites', include: ['suites/**/*.test.{ts,js}'], isolate: false, sequence: { groupOrder: 2 } }, // .js: compiled, in the npm package (dist/)
      },
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
