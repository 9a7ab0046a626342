// Fixture checks that only wait and note when they ran (`span <start> <end>`, ms since the epoch,
// comparable across worker processes).
import type { CheckContext } from '../../../checks/context.js';
import type { Check } from '../../../checks/types.js';

export function span(id: string, ms: number, extra: Partial<Check> = {}): Check {
  return {
    id, level: 'MUST', area: 'contract', title: `waits ${ms} ms.`, source: 'fixture', ...extra,
    async run(ctx: CheckContext) {
      const start = Date.now();
      await new Promise((r) => setTimeout(r, ms));
      const end = Date.now();
      ctx.note(`span ${start} ${end}`);
      // A check that judges nothing is skipped, not passed: this one judges its own wait.
      ctx.ensure(end >= start, 'the span ends after it starts', start, end);
    },
  };
}
