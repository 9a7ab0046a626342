import { loadContract, collectExamples, checkExample } from '../index.js';
const t0 = performance.now();
const c = await loadContract(undefined, { lint: true });
console.log('load ms', performance.now() - t0, c.lint.errors, c.lint.warnings, c.lint.problems.slice(0, 10).map(p => p.ruleId + ':' + p.message + ' ' + p.pointer));
console.log(c.operations.map(o => `${o.id} ${o.method} ${o.path} sec=${o.secured} idem=${o.idempotencyKey} body=${o.requestBody?.contentTypes} q=${o.parameters.filter(p => p.in === 'query').map(p => p.name)}`).join('\n'));
console.log(c.events);
const ex = collectExamples(c);
console.log('examples', ex.length, ex.reduce((a, e) => ({ ...a, [e.kind]: (a[e.kind] ?? 0) + 1 }), {} as any));
for (const e of ex) { const r = checkExample(c, e); if (!r.valid) console.log('BAD', e.where, r.errors); }
