// Entry point of `npm test`, `npm run conformance` and `npm run certify` (see --help).
// The CLI owns the flags and drives vitest programmatically; lib/cli holds the flow.
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2));
