// Reading the document: bundle with @redocly/openapi-core (external $refs pulled into
// components) and, on request, lint it with the `recommended` ruleset.
import { bundle, createConfig, getTotals, lint } from '@redocly/openapi-core';
import { isNode, type OpenApiDocument } from './openapi.js';
import { getAt } from './pointer.js';
import type { LintReport } from './types.js';

let configPromise: ReturnType<typeof createConfig> | undefined;
function recommended() {
  configPromise ??= createConfig({ extends: ['recommended'] });
  return configPromise;
}

export interface Bundled {
  document: OpenApiDocument;
  /** The files the bundle read besides the document itself (what it $refs). */
  files: string[];
}

/** Bundles the document; throws naming the file and JSON pointer of any unresolvable $ref. */
export async function bundleDocument(specPath: string): Promise<Bundled> {
  const config = await recommended();
  let result;
  try {
    result = await bundle({ ref: specPath, config });
  } catch (err) {
    throw new Error(`${specPath}: cannot read the OpenAPI document: ${(err as Error).message}`);
  }
  const document: unknown = result.bundle.parsed;
  const errors = result.problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const lines = errors.map((p) => {
      const loc = p.location[0];
      const file = loc?.source.absoluteRef ?? specPath;
      const ptr = loc?.pointer ?? '#';
      const node = getAt(document, ptr);
      const ref = isNode<{ $ref?: unknown }>(node) ? node.$ref : undefined;
      return `${file}${ptr}: ${p.message}${ref ? ` '${ref}'` : ''}`;
    });
    const shown = lines.slice(0, 15);
    if (lines.length > shown.length) shown.push(`… and ${lines.length - shown.length} more`);
    throw new Error(`OpenAPI document ${specPath} does not bundle (${lines.length} error${lines.length === 1 ? '' : 's'}):\n  ${shown.join('\n  ')}`);
  }
  if (!isNode<OpenApiDocument>(document) || typeof document.openapi !== 'string' || !/^3\./.test(document.openapi)) {
    throw new Error(`${specPath}: not an OpenAPI 3.x document (openapi: ${JSON.stringify(isNode<OpenApiDocument>(document) ? document.openapi : undefined)})`);
  }
  return { document, files: [...(result.fileDependencies ?? [])] };
}

export async function lintDocument(specPath: string): Promise<LintReport> {
  const config = await recommended();
  const problems = await lint({ ref: specPath, config });
  const totals = getTotals(problems);
  return {
    errors: totals.errors,
    warnings: totals.warnings,
    ran: true,
    problems: problems.map((p) => ({
      ruleId: p.ruleId,
      severity: p.severity,
      message: p.message,
      ...(p.location[0]?.pointer ? { pointer: p.location[0].pointer } : {}),
    })),
  };
}
