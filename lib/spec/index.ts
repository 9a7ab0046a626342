// lib/spec: the contract document turned into operations and validators.
//
// Choosing a contract revision (decision 18), e.g. for a `--contract docs|sdk|PATH` option:
//   const contract = await loadContract(resolveContractPath(value)); // throws one sentence on a bad value
//   contract.revision // 'docs' | 'sdk' | 'custom'
// `loadContract('docs')` / `loadContract('sdk')` take a revision name directly too.
import path from 'node:path';
import { readCachedBundle, writeCachedBundle } from './bundle-cache.js';
import { buildContract } from './contract.js';
import { isRevisionName, revisionOfPath, revisionPath } from './revisions.js';

export { type ContractChange, type ContractDiff, diffContracts, diffDocuments, formatContractDiff, type Impact } from './diff.js';

import type { Contract } from './types.js';

export { fieldPath, toIssues } from './errors.js';
export { checkExample, collectExamples, type Example } from './examples.js';
export { isCnpj, isCpf } from './formats.js';
export { essence, isJson, matchMedia } from './media.js';
export {
  CONTRACT_REVISION_NAMES,
  CONTRACT_REVISIONS,
  type ContractRevision,
  type ContractRevisionName,
  customerRevisionOf,
  customerRevisionSigns,
  isRevisionName,
  type RevisionSign,
  resolveContractPath,
  revisionOfPath,
  revisionPath,
} from './revisions.js';
export type { Contract, Issue, LintProblem, LintReport, Operation, Parameter, ResponseSpec, ValidationResult } from './types.js';

/** Absolute path of fixtures/openapi/dinie-v3.yaml, the documentation revision (the default contract). */
export const DEFAULT_SPEC_PATH: string = revisionPath('docs');

const loaded = new Map<string, Promise<Contract>>();
const linted = new Map<string, Promise<Contract>>();
const compiled = new Map<string, Promise<Contract>>();

/**
 * Loads, bundles and compiles a contract: a revision name (`docs`, `sdk`) or a document path (one
 * Contract per absolute path, cached in-process: the same arguments return the same promise).
 * The Contract says which revision it is (`contract.revision`). `{ lint: true }` also lints it with the recommended ruleset
 * and fills `contract.lint` on the same Contract object. Every schema is checked at load (a broken
 * one rejects the promise, naming file and pointer); validators are generated on first use, or
 * all at once with `{ compile: 'eager' }` (or `contract.compileAll()`).
 */
export function loadContract(specPath: string = DEFAULT_SPEC_PATH, opts: { lint?: boolean; compile?: 'lazy' | 'eager' } = {}): Promise<Contract> {
  const abs = isRevisionName(specPath) ? revisionPath(specPath) : path.resolve(specPath);
  let base = loaded.get(abs);
  if (!base) {
    base = (async () => {
      // The bundler (./bundle.js, @redocly/openapi-core) is imported only when the cache misses.
      let document = await readCachedBundle(abs);
      if (document === undefined) {
        const { bundleDocument } = await import('./bundle.js');
        const bundled = await bundleDocument(abs);
        document = bundled.document;
        await writeCachedBundle(abs, document, bundled.files);
      }
      return buildContract(abs, document, { errors: 0, warnings: 0, problems: [], ran: false }, { revision: revisionOfPath(abs) });
    })();
    loaded.set(abs, base);
    // A failed load is not cached: the document may be fixed and loaded again.
    base.catch(() => loaded.delete(abs));
  }
  let result = base;
  if (opts.lint) {
    let withLint = linted.get(abs);
    if (!withLint) {
      withLint = base.then(async (contract) => {
        if (!contract.lint.ran) contract.lint = await (await import('./bundle.js')).lintDocument(abs);
        return contract;
      });
      linted.set(abs, withLint);
      withLint.catch(() => linted.delete(abs));
    }
    result = withLint;
  }
  if (opts.compile !== 'eager') return result;
  // Same Contract again; generating every validator now is idempotent.
  const key = `${abs}|${opts.lint ? 'lint' : ''}`;
  let eager = compiled.get(key);
  if (!eager) {
    eager = result.then((c) => (c.compileAll(), c));
    compiled.set(key, eager);
    eager.catch(() => compiled.delete(key));
  }
  return eager;
}

/** Forgets cached contracts (for tests that rewrite a document on disk). */
export function clearContractCache(): void {
  loaded.clear();
  linted.clear();
  compiled.clear();
}
