// `npm run build` (and prepack): compiles the run-time code to dist/ with tsc and puts beside it
// what that code reads relative to itself: the contract revisions, the sample upload files, the
// report schema and the example target configs (dist/fixtures), and a package.json naming the
// suite and its version (the CLI reads ROOT/package.json; ROOT is dist/ in the package).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const RUNTIME_FIXTURES = ['openapi/dinie-v3.yaml', 'openapi/dinie-v3-sdk.yaml', 'files', 'targets', 'conformance-report.schema.json'];

rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const f of RUNTIME_FIXTURES) {
  mkdirSync(path.dirname(path.join(dist, 'fixtures', f)), { recursive: true });
  cpSync(path.join(root, 'fixtures', f), path.join(dist, 'fixtures', f), { recursive: true });
}
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
writeFileSync(path.join(dist, 'package.json'), `${JSON.stringify({ name: pkg.name, version: pkg.version, type: 'module', private: true }, null, 2)}\n`);
