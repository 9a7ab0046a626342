// Validates conformance.json against fixtures/conformance-report.schema.json before it is written:
// a report that breaks its own schema is a bug of this suite, so it fails loudly.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsNs from 'ajv-formats';
import type { RunReport } from './types.js';

export const REPORT_SCHEMA_PATH = fileURLToPath(new URL('../../fixtures/conformance-report.schema.json', import.meta.url));

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true });
    addFormatsNs.default(ajv);
    compiled = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')));
  }
  return compiled;
}

/** Readable errors (`/requirements/3/outcome must be equal to one of the allowed values`); empty when valid. */
export function reportSchemaErrors(report: unknown): string[] {
  const validate = validator();
  if (validate(report)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

export class InvalidReportError extends Error {
  override name = 'InvalidReportError';
  constructor(readonly errors: string[]) {
    super(`conformance.json does not match its schema: ${errors.slice(0, 5).join('; ')}`);
  }
}

export function assertValidReport(report: RunReport): void {
  const errors = reportSchemaErrors(report);
  if (errors.length) throw new InvalidReportError(errors);
}
