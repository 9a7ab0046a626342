// Speed of lib/spec and lib/generate on the real contract: reading, linting and compiling the
// document, and how many requests per second can be generated and validated.
import fc from 'fast-check';
import { invalidRequest, type ValidRequest, validRequest } from '../lib/generate/requests.js';
import { bundleDocument, lintDocument } from '../lib/spec/bundle.js';
import { buildContract } from '../lib/spec/contract.js';
import { DEFAULT_SPEC_PATH } from '../lib/spec/index.js';

interface Measurement {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

const NO_LINT = { errors: 0, warnings: 0, problems: [], ran: false };

async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export default async function bench(): Promise<Measurement[]> {
  const path = process.env.DINIE_SPEC ?? DEFAULT_SPEC_PATH;
  const bundled = await timed(() => bundleDocument(path));
  // Default load: every schema checked, validators generated on first use.
  const lazy = await timed(() => buildContract(path, bundled.value.document, NO_LINT));
  // The whole document compiled (fresh Ajv, cold): what `{ compile: 'eager' }` costs.
  const compiledCold = await timed(() => buildContract(path, bundled.value.document, NO_LINT, { compile: 'eager' }));
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = await timed(() => buildContract(path, bundled.value.document, NO_LINT, { compile: 'eager' }));
    warm.push(t.ms);
    warmCpu.push(t.cpuMs);
  }
  const linted = await timed(() => lintDocument(path));
  const contract = compiledCold.value;

  // Generated-and-validated requests per second, round-robin over every operation with input.
  const withFiles = (r: ValidRequest) => (r.files ? { ...(r.body as object), ...Object.fromEntries(r.files.map((f) => [f, new Uint8Array(4)])) } : r.body);
  const ops = contract.operations.filter((o) => o.requestBody || o.parameters.some((p) => p.in === 'query')).map((o) => o.id);
  const valid = ops.map((id) => ({ id, arb: validRequest(contract, id) }));
  const invalid = ops.map((id) => ({ id, arb: invalidRequest(contract, id) }));
  const rate = (cases: { id: string; arb: fc.Arbitrary<ValidRequest> }[], budgetMs: number) => {
    let n = 0;
    let rejected = 0;
    let seed = 1;
    const cpu0 = process.cpuUsage();
    // Warm-up round so the JIT has seen every generator and validator.
    for (const { arb } of cases) fc.sample(arb, { numRuns: 300, seed });
    const t0 = performance.now();
    while (performance.now() - t0 < budgetMs) {
      for (const { id, arb } of cases) {
        for (const r of fc.sample(arb, { numRuns: 50, seed: seed++ })) {
          const body = r.contentType ? contract.validateRequestBody(id, r.contentType, withFiles(r)) : { valid: true };
          const query = contract.validateQuery(id, r.query);
          if (!body.valid || !query.valid) rejected++;
          n++;
        }
      }
    }
    const cpu = process.cpuUsage(cpu0);
    return { perSecond: (n / (performance.now() - t0)) * 1000, perCpuSecond: (n / ((cpu.user + cpu.system) / 1000)) * 1000, n, rejected };
  };
  const v = rate(valid, 2000);
  const inv = rate(invalid, 2000);

  return [
    { name: 'spec: bundle the document', value: bundled.ms, unit: 'ms' },
    { name: 'spec: check schemas and index operations (lazy load)', value: lazy.ms, unit: 'ms' },
    { name: 'spec: lazy build, CPU time', value: lazy.cpuMs, unit: 'ms' },
    { name: 'spec: load (bundle + lazy build)', value: bundled.ms + lazy.ms, unit: 'ms', target: '< 1000' },
    { name: 'spec: compile the whole document (eager, cold)', value: compiledCold.ms, unit: 'ms', target: '< 1000' },
    { name: 'spec: compile, CPU time (cold)', value: compiledCold.cpuMs, unit: 'ms' },
    { name: 'spec: compile (warm, median of 3)', value: median(warm), unit: 'ms' },
    { name: 'spec: compile, CPU time (warm, median of 3)', value: median(warmCpu), unit: 'ms' },
    { name: 'spec: load + compile everything (bundle + eager)', value: bundled.ms + compiledCold.ms, unit: 'ms' },
    { name: 'spec: lint (recommended ruleset)', value: linted.ms, unit: 'ms' },
    { name: `generate: valid requests generated+validated (${ops.length} ops)`, value: v.perSecond, unit: 'req/s', target: '>= 10000' },
    { name: 'generate: valid requests per CPU-second', value: v.perCpuSecond, unit: 'req/cpu-s' },
    { name: 'generate: valid requests the validators refused', value: v.rejected, unit: 'count', target: '0' },
    { name: 'generate: invalid requests generated+validated', value: inv.perSecond, unit: 'req/s', target: '>= 10000' },
    { name: 'generate: invalid requests per CPU-second', value: inv.perCpuSecond, unit: 'req/cpu-s' },
    { name: 'generate: invalid requests the validators accepted', value: inv.n - inv.rejected, unit: 'count', target: '0' },
  ];
}
