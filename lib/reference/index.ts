// The embedded reference Dinie server: the suite's default target. With no fault it conforms;
// with a named fault it breaks exactly one documented rule.
import { buildApp } from './app.js';
import { addCredential } from './auth.js';
import { createKernel } from './kernel.js';
import { DEFAULT_AUTO, type PartnerCredentials, type ReferenceServerOptions, type ResolvedOptions } from './options.js';
import { DEMO_PARTNERS } from './partners.js';
import { isFaultName } from './faults.js';

export type { ReferenceServerOptions, PartnerCredentials } from './options.js';
export { DEMO_PARTNERS } from './partners.js';

export interface ReferenceServer {
  /** http://127.0.0.1:PORT/v3 */
  baseUrl: string;
  /** http://127.0.0.1:PORT/_simulation */
  controlUrl: string;
  partners: PartnerCredentials[];
  close(): Promise<void>;
}

export function resolveOptions(opts: ReferenceServerOptions = {}): ResolvedOptions {
  for (const f of opts.faults ?? []) if (!isFaultName(f)) throw new Error(`Unknown fault: ${String(f)}`);
  return {
    host: opts.host ?? '127.0.0.1',
    port: opts.port ?? 0,
    faults: [...new Set(opts.faults ?? [])],
    auto: opts.auto ? { ...DEFAULT_AUTO, ...(typeof opts.auto === 'object' ? opts.auto : {}) } : null,
    partners: opts.partners ?? DEMO_PARTNERS,
    rateLimit: opts.rateLimit ?? { limit: 30, windowSeconds: 60 },
    seededRateLimit: opts.seededRateLimit ?? { limit: 100_000, windowSeconds: 60 },
    webhookRetry: opts.webhookRetry ?? { baseMs: 200, maxAttempts: 5 },
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
  const app = await buildApp(kernel);
  const address = await app.listen({ port: options.port, host: options.host });
  const origin = address.replace('://localhost', '://127.0.0.1');
  kernel.origin = origin;
  return {
    baseUrl: `${origin}/v3`,
    controlUrl: `${origin}/_simulation`,
    partners: options.partners.map((p) => ({ ...p })),
    async close() {
      await kernel.close();
      await app.close();
    },
  };
}
