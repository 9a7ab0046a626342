// --baseline FILE: failures a team already knows about. Known ones don't fail the run, new ones
// do, and a known one that passes now is reported so the baseline gets tightened.
import { readFile } from 'node:fs/promises';
import type { BaselineFile, BaselineOutcome, CheckResult } from './types.js';
import { isViolation } from './verdict.js';

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** Accepts `{ target, known: [{id, note?} | "ID"] }`; anything else is a one-sentence error. */
export function parseBaseline(text: string, file: string): BaselineFile {
  let raw: { target?: unknown; known?: unknown } | null;
  try {
    raw = JSON.parse(text) as typeof raw;
  } catch {
    throw new BaselineError(`The baseline ${file} is not valid JSON.`);
  }
  if (!raw || typeof raw !== 'object' || typeof raw.target !== 'string' || !Array.isArray(raw.known)) {
    throw new BaselineError(`The baseline ${file} must be an object {"target": "...", "known": [{"id": "...", "note": "..."}]}.`);
  }
  const known: BaselineFile['known'] = [];
  for (const entry of raw.known as unknown[]) {
    const k = (typeof entry === 'string' ? { id: entry } : entry) as { id?: unknown; note?: unknown } | null;
    if (!k || typeof k !== 'object' || typeof k.id !== 'string' || (k.note !== undefined && typeof k.note !== 'string')) {
      throw new BaselineError(`The baseline ${file} has an entry without a string "id".`);
    }
    known.push(typeof k.note === 'string' ? { id: k.id, note: k.note } : { id: k.id });
  }
  return { target: raw.target, known };
}

export async function loadBaseline(file: string): Promise<BaselineFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new BaselineError(`The baseline file ${file} cannot be read.`);
  }
  return parseBaseline(text, file);
}

export function applyBaseline(results: readonly CheckResult[], baseline: BaselineFile, opts: { strict: boolean; file: string }): BaselineOutcome {
  const listed = new Set(baseline.known.map((k) => k.id));
  const known: string[] = [];
  const newFailures: string[] = [];
  const fixed: string[] = [];
  for (const r of results) {
    const violated = isViolation(r, opts.strict);
    if (violated && listed.has(r.id)) known.push(r.id);
    else if (violated) newFailures.push(r.id);
    else if (listed.has(r.id) && r.outcome === 'passed') fixed.push(r.id);
  }
  return { file: opts.file, target: baseline.target, known, newFailures, fixed };
}
