// Which requirements exist in the contract revision a run judges by (issue 12). The catalogue
// marks a check with the revisions it exists in (`Check.revisions`, absent = all); against a
// named revision outside that list the check is not run and is reported not applicable. A custom
// document (`--contract PATH`) is judged by every check: only the named revisions are marked.

import { notApplicableMessage } from '../report/not-applicable.js';
import type { Contract } from '../spec/index.js';
import type { Check } from './types.js';

/** Why `check` does not apply to the contract's revision, or undefined when it does. */
export function notApplicableReason(check: Pick<Check, 'revisions' | 'revisionNote'>, contract: Pick<Contract, 'revision'> | undefined): string | undefined {
  const revision = contract?.revision;
  if (!check.revisions || !revision || revision === 'custom') return undefined;
  if ((check.revisions as readonly string[]).includes(revision)) return undefined;
  return notApplicableMessage(revision, check.revisions, check.revisionNote);
}

/** Whether the check exists in the named revision (the catalogue's marking). */
export function existsIn(check: Pick<Check, 'revisions'>, revision: 'docs' | 'sdk'): boolean {
  return !check.revisions || check.revisions.includes(revision);
}
