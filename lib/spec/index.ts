// lib/spec: the contract document turned into operations and validators.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDocument, lintDocument } from './bundle.js';
import { buildContract } from './contract.js';
import type { Contract } from './types.js';

export type { Contract, Operation, Parameter, ResponseSpec, ValidationResult, LintReport, LintProblem, Issue } from './types.js';
export { fieldPath, toIssues } from './errors.js';
export { isCpf, isCnpj } from './formats.js';
export { essence, isJson, matchMedia } from './media.js';
export { collectExamples, checkExample, type Example } from './examples.js';

/** Absolute path of fixtures/openapi/dinie-v3.yaml. */
export const DEFAULT_SPEC_PATH: string = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/openapi/dinie-v3.yaml');

const loaded = new Map<string, Promise<Contract>>();
const linted = new Map<string, Promise<Contract>>();
const compiled = new Map<string, Promise<Contract>>();

/**
 * Loads, bundles and compiles a contract (one per absolute path, cached in-process: the same
 * arguments return the same promise). `{ lint: true }` also lints it with the recommended ruleset
 * and fills `contract.lint` on the same Contract object. Every schema is checked at load (a broken
 * one rejects the promise, naming file and pointer); validators are generated on first use, or
 * all at once with `{ compile: 'eager' }` (or `contract.compileAll()`).
 */
export function loadContract(specPath: string = DEFAULT_SPEC_PATH, opts: { lint?: boolean; compile?: 'lazy' | 'eager' } = {}): Promise<Contract> {
  const abs = path.resolve(specPath);
  let base = loaded.get(abs);
  if (!base) {
    base = (async () => {
      const { document } = await bundleDocument(abs);
      return buildContract(abs, document, { errors: 0, warnings: 0, problems: [], ran: false });
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
        if (!contract.lint.ran) contract.lint = await lintDocument(abs);
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
