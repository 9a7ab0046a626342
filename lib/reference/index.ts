// The embedded reference Dinie server: the suite's default target. With no fault it conforms;
// with a named fault it breaks exactly one documented rule.
import { buildApp } from './app.js';
import { addCredential } from './auth.js';
import { isFaultName } from './faults.js';
import { createKernel } from './kernel.js';
import { createObserver, type Observer, resolveSchedule } from './observe/index.js';
import {
  DEFAULT_AUTO,
  DEFAULT_RATE_LIMIT,
  DEFAULT_SANDBOX,
  type PartnerCredentials,
  type RateBudget,
  type ReferenceServerOptions,
  type ResolvedOptions,
  type SandboxOptions,
} from './options.js';
import { DEMO_PARTNERS } from './partners.js';
import { seedCustomers } from './sandbox/seed.js';
import { WIRE_REVISIONS, type WireRevision } from './wire/index.js';

export type { PartnerCredentials, ReferenceServerOptions, SandboxOptions } from './options.js';
export { DEFAULT_SANDBOX } from './options.js';
export { DEMO_PARTNERS } from './partners.js';
export { SANDBOX_TRIGGERS, type SandboxTrigger } from './sandbox/triggers.js';
export { WIRE_REVISIONS, type WireRevision } from './wire/index.js';

export interface ReferenceServer {
  /** http://127.0.0.1:PORT/v3 */
  baseUrl: string;
  /** The contract revision it speaks (`docs` unless started with `contract: 'sdk'`). */
  contract: WireRevision;
  /** http://127.0.0.1:PORT/_simulation; undefined in sandbox mode, which has no control API. */
  controlUrl: string | undefined;
  /** manual (driven by the control API), auto (advances on its own) or sandbox (docs/sandbox.md). */
  mode: 'manual' | 'auto' | 'sandbox';
  /** The resolved sandbox settings in sandbox mode, else null. */
  sandbox: SandboxOptions | null;
  /** Observe mode: the recording of the partner's traffic and the end of the session; else undefined. */
  observer: Observer | undefined;
  partners: PartnerCredentials[];
  close(): Promise<void>;
}

function checkBudget(b: RateBudget, what: string): RateBudget {
  if (!Number.isInteger(b.limit) || b.limit < 1 || !Number.isInteger(b.windowSeconds) || b.windowSeconds < 1) {
    throw new Error(`${what} needs a whole limit ≥ 1 and a whole windowSeconds ≥ 1.`);
  }
  return { limit: b.limit, windowSeconds: b.windowSeconds };
}

function resolveSandbox(opt: ReferenceServerOptions['sandbox']): SandboxOptions | null {
  if (!opt) return null;
  const s = { ...DEFAULT_SANDBOX, ...(typeof opt === 'object' ? opt : {}) };
  const whole = (v: number, min: number) => Number.isInteger(v) && v >= min;
  if (!whole(s.stepMs, 1)) throw new Error('sandbox.stepMs must be a whole number of milliseconds ≥ 1.');
  if (!whole(s.latencyMs, 0)) throw new Error('sandbox.latencyMs must be a whole number of milliseconds ≥ 0.');
  if (!whole(s.seedCustomers, 0) || s.seedCustomers > 1_000_000) throw new Error('sandbox.seedCustomers must be a whole number from 0 to 1,000,000.');
  if (!Number.isInteger(s.seed)) throw new Error('sandbox.seed must be an integer.');
  return { ...s, rateLimit: checkBudget(s.rateLimit, 'sandbox.rateLimit') };
}

export function resolveOptions(opts: ReferenceServerOptions = {}): ResolvedOptions {
  for (const f of opts.faults ?? []) if (!isFaultName(f)) throw new Error(`Unknown fault: ${String(f)}`);
  const contract = opts.contract ?? 'docs';
  if (!WIRE_REVISIONS.includes(contract)) throw new Error(`Unknown contract revision: ${String(contract)} (choose ${WIRE_REVISIONS.join(' or ')}).`);
  // Observe mode judges a partner's client against the documentation revision's recording model.
  if (opts.observe && contract !== 'docs') throw new Error('Observe mode speaks the docs revision only.');
  const sandbox = resolveSandbox(opts.sandbox);
  const rateLimit = opts.rateLimit ?? sandbox?.rateLimit ?? DEFAULT_RATE_LIMIT;
  const observe = opts.observe ? resolveSchedule(typeof opts.observe === 'object' ? opts.observe : {}) : null;
  const timings = typeof opts.auto === 'object' ? opts.auto : {};
  // Sandbox mode is auto mode timed by its step: KYC and loans one step, the credit analysis two.
  const auto = sandbox
    ? { kycMs: sandbox.stepMs, creditMs: 2 * sandbox.stepMs, loanStepMs: sandbox.stepMs, ...timings }
    : opts.auto || observe
      ? { ...DEFAULT_AUTO, ...timings }
      : null;
  return {
    contract,
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    faults: [...new Set(opts.faults ?? [])],
    auto,
    sandbox,
    partners: opts.partners ?? DEMO_PARTNERS,
    // Every credential, seeded or created, has one budget (the sandbox's in sandbox mode); only an
    // explicit seededRateLimit gives the demo credentials another.
    rateLimit,
    seededRateLimit: opts.seededRateLimit ?? rateLimit,
    webhookRetry: opts.webhookRetry ?? { baseMs: 200, maxAttempts: 5 },
    observe,
  };
}

export async function startReferenceServer(opts: ReferenceServerOptions = {}): Promise<ReferenceServer> {
  const options = resolveOptions(opts);
  const kernel = createKernel(options);
  options.partners.forEach((p, i) => {
    const partnerId = `partner_${i + 1}`;
    kernel.store.partners.set(partnerId, { id: partnerId, name: p.name });
    addCredential(kernel, partnerId, { name: `${p.name} (seeded)`, clientId: p.clientId, secret: p.clientSecret, rateLimit: options.seededRateLimit });
  });
  // Sandbox mode: partner A starts with the customers other integrations left behind.
  if (options.sandbox && options.partners.length > 0) seedCustomers(kernel, 'partner_1', options.sandbox.seedCustomers, options.sandbox.seed);
  // Observe mode: every partner starts with a few customers, so its lists run longer than a page.
  if (options.observe && !options.sandbox) options.partners.forEach((_, i) => seedCustomers(kernel, `partner_${i + 1}`, options.observe!.seedCustomers, i + 1));
  const observer = options.observe ? createObserver(kernel, options.observe) : undefined;
  const app = await buildApp(kernel, observer ? { observer } : {});
  const address = await app.listen({ port: options.port, host: options.host });
  const origin = address.replace('://localhost', '://127.0.0.1');
  kernel.origin = origin;
  return {
    baseUrl: `${origin}/v3`,
    contract: options.contract,
    controlUrl: options.sandbox ? undefined : `${origin}/_simulation`,
    mode: options.sandbox ? 'sandbox' : options.auto ? 'auto' : 'manual',
    sandbox: options.sandbox ? { ...options.sandbox, rateLimit: { ...options.sandbox.rateLimit } } : null,
    observer,
    partners: options.partners.map((p) => ({ ...p })),
    async close() {
      await kernel.close();
      await app.close();
    },
  };
}
