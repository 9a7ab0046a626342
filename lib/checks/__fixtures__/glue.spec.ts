// Fixture for vitest.test.ts (named .spec.ts so no project of the repository runs it by itself):
// one check per outcome (three skips: a missing capability, a thrown skip naming a trigger, a check
// that judged nothing), registered through the real glue.
import { registerChecks } from '../vitest.js';
import type { CheckContext } from '../context.js';

registerChecks([
  {
    id: 'GLUE-PASS', level: 'MUST', area: 'contract', title: 'passes.', source: 'fixture',
    async run(ctx: CheckContext) {
      const res = await ctx.api.request({ method: 'GET', path: '/ping' });
      ctx.ensure(res.status === 200, 'ping failed', 200, res.status);
    },
  },
  {
    // Asks the target and judges nothing: skipped as having found nothing to judge, on this path too.
    id: 'GLUE-NOTHING', level: 'MUST', area: 'contract', title: 'judges nothing.', source: 'fixture',
    async run(ctx: CheckContext) {
      await ctx.api.request({ method: 'GET', path: '/ping' });
    },
  },
  {
    id: 'GLUE-FAIL', level: 'MUST', area: 'contract', title: 'fails.', source: 'fixture',
    async run(ctx: CheckContext) {
      const res = await ctx.api.request({ method: 'GET', path: '/ping' });
      ctx.fail('the answer was wrong', 201, res);
    },
  },
  {
    id: 'GLUE-WARN', level: 'SHOULD', area: 'contract', title: 'warns.', source: 'fixture',
    async run(ctx: CheckContext) {
      ctx.fail('a good practice is missing');
    },
  },
  {
    id: 'GLUE-SKIP', level: 'MUST', area: 'contract', title: 'is skipped.', source: 'fixture', needs: ['control'],
    async run() {},
  },
  {
    id: 'GLUE-SKIP-TRIGGER', level: 'MUST', area: 'loans', title: 'is skipped for a trigger.', source: 'fixture',
    async run(ctx: CheckContext) {
      ctx.skip('needs loan cancel: the target has no control API and no trigger is declared', ['trigger:loan.cancel']);
    },
  },
]);
