#!/usr/bin/env node
// The `dinie-conformance` command of the npm package (`npx dinie-conformance …`): `serve` runs the
// reference server (bin/serve.ts), anything else goes to the CLI (bin/dinie-conformance.ts), with
// `conformance` when no command is given, so `npx dinie-conformance --target=sandbox` is a run.
// From the repository the npm scripts call those two files directly.
const [first] = process.argv.slice(2);

if (first === 'serve') {
  process.argv.splice(2, 1);
  await import('./serve.js');
} else {
  if (first === undefined || first.startsWith('-')) process.argv.splice(2, 0, 'conformance');
  // The self-tests (lib/**/*.test.ts, the fault self-tests) are not shipped: say so rather than let
  // `self-tests: 0 passed` pass for a proof.
  if (first === 'test' && !process.argv.includes('--help')) {
    process.stderr.write('dinie-conformance: the self-tests live in the repository, not in the npm package: here `test` runs the conformance suites only\n');
  }
  if (process.argv.slice(2).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(
      'Installed from npm: npx dinie-conformance [command] [options], each command below (`npm test -- …` is\n' +
        '  `npx dinie-conformance test …`; no command: conformance), and `serve` for the reference server (serve --help)\n\n',
    );
  }
  await import('./dinie-conformance.js');
}
