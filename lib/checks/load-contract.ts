// One loaded contract per process and path: bundling and compiling validators is the costly part
// of a run, and every check of a worker reads the same document.
import type { Contract } from '../spec/index.js';

const cache = new Map<string, Promise<Contract>>();

export function loadContractCached(path?: string): Promise<Contract> {
  const key = path ?? '';
  let p = cache.get(key);
  if (!p) {
    p = import('../spec/index.js').then((m) => m.loadContract(path));
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}
