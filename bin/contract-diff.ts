// npm run contract:diff -- A B [--json]: what changed between two contract documents (revision
// names `docs`, `sdk`, or paths), each change marked breaking or not for a client and a server.
// Exit 0 when compared (whatever the differences), 2 on a bad argument or a document that cannot be loaded.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffContracts, formatContractDiff } from '../lib/spec/diff.js';

const USAGE = 'Usage: npm run contract:diff -- A B [--json]   (A, B: docs, sdk or the path of an OpenAPI document)';

export async function main(
  argv: string[],
  out: (s: string) => void = (s) => process.stdout.write(s),
  err: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const json = argv.includes('--json');
  if (argv.includes('--help') || argv.includes('-h')) {
    out(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((a) => a.startsWith('-') && a !== '--json');
  const names = argv.filter((a) => !a.startsWith('-'));
  if (unknown.length || names.length !== 2) {
    err(`${unknown.length ? `Unknown option ${unknown[0]}. ` : `Expected two contracts, got ${names.length}. `}${USAGE}\n`);
    return 2;
  }
  let diff;
  try {
    diff = await diffContracts(names[0]!, names[1]!);
  } catch (e) {
    err(`${((e as Error).message ?? String(e)).split('\n')[0]}\n`);
    return 2;
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  out(json ? `${JSON.stringify(diff, null, 2)}\n` : formatContractDiff(diff, { relativeTo: root }));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
