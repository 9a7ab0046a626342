// Test fixture: the reference server in its own process, so a test can treat it as a remote URL
// target. Prints one JSON line {baseUrl, partners} and runs until killed. `--auto` for automatic mode.
import { startReferenceServer } from '../../reference/index.js';

const server = await startReferenceServer({ port: 0, auto: process.argv.includes('--auto') });
process.stdout.write(`${JSON.stringify({ baseUrl: server.baseUrl, partners: server.partners })}\n`);
const stop = () => void server.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
