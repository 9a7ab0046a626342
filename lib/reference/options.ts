// Options of the reference server, shared by index.ts (public API) and kernel.ts.
import type { FaultName } from './faults.js';

export interface PartnerCredentials { name: string; clientId: string; clientSecret: string }

export interface AutoTimings { kycMs: number; creditMs: number; loanStepMs: number }

export interface ReferenceServerOptions {
  /** 0 = a free port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  faults?: FaultName[];
  /** Automatic mode: the server advances KYC, credit analysis and loans on its own. */
  auto?: boolean | Partial<AutoTimings>;
  /** Default: DEMO_PARTNERS. */
  partners?: PartnerCredentials[];
  /** Budget of credentials created through POST /auth/credentials (default 30 per 60 s). */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Budget of the seeded partner credentials (default 100 000 per 60 s: more than any suite run uses). */
  seededRateLimit?: { limit: number; windowSeconds: number };
  /** Webhook retry policy (default 200 ms base, 5 attempts, 5 s per attempt). */
  webhookRetry?: { baseMs: number; maxAttempts: number; timeoutMs?: number };
}

export interface ResolvedOptions {
  host: string;
  port: number;
  faults: FaultName[];
  /** null in manual mode. */
  auto: AutoTimings | null;
  partners: PartnerCredentials[];
  rateLimit: { limit: number; windowSeconds: number };
  /** Budget of the seeded partner credentials: more than any suite run uses. */
  seededRateLimit: { limit: number; windowSeconds: number };
  webhookRetry: { baseMs: number; maxAttempts: number; timeoutMs?: number };
}

export const DEFAULT_AUTO: AutoTimings = { kycMs: 300, creditMs: 500, loanStepMs: 300 };
