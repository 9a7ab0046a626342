// Requirements that do not exist in the contract revision a run judged by (issue 12): reported
// skipped with these words, in every report, never a pass; the verdict leaves them out, so they
// neither count as checked nor make the run incomplete.

/** `not applicable to the sdk revision: the requirement exists only in the docs revision (why)` */
export function notApplicableMessage(revision: string, existsIn: readonly string[], why?: string): string {
  const where = existsIn.length
    ? `the requirement exists only in the ${existsIn.join(' and ')} revision${existsIn.length > 1 ? 's' : ''}`
    : 'the requirement exists in no revision';
  return `not applicable to the ${revision} revision: ${where}${why ? ` (${why})` : ''}`;
}

const NOT_APPLICABLE = /^not applicable to the \S+ revision: /;

/** Whether a result is a requirement the judged revision does not have. */
export function isNotApplicable(r: { outcome: string; message?: string }): boolean {
  return r.outcome === 'skipped' && NOT_APPLICABLE.test(r.message ?? '');
}
