import { loadContract } from '../index.js';
for (const f of ['unresolved-ref', 'invalid-schema', 'bad-pattern', 'unknown-keyword']) {
  try { await loadContract(`fixtures/broken/${f}.yaml`); console.log(f, 'LOADED?!'); } catch (e) { console.log(f, '=>', (e as Error).message); }
}
