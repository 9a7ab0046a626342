// Entry point of `npm test`, `npm run conformance` and `npm run certify` (see --help).
// The CLI owns the flags and drives vitest programmatically; lib/cli holds the flow.
import { main } from '../lib/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Every report is written by now. An interrupted run ends at once; any other run ends as soon as
// nothing is left to do, and within 2 s even if something (a killed worker's pipe, a socket a
// hanging target never closed) would keep the process alive.
if (code === 130 || code === 143) process.exit(code);
setTimeout(() => process.exit(code), 2_000).unref();
