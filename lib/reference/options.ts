// Options of the reference server, shared by index.ts (public API) and kernel.ts.
import type { FaultName } from './faults.js';
import type { ObserveSchedule } from './observe/types.js';
import type { WireRevision } from './wire/types.js';

export interface PartnerCredentials {
  name: string;
  clientId: string;
  clientSecret: string;
}

export interface AutoTimings {
  kycMs: number;
  creditMs: number;
  loanStepMs: number;
}

export interface RateBudget {
  limit: number;
  windowSeconds: number;
}

/**
 * Sandbox mode (docs/sandbox.md): behaves like Dinie's shared sandbox. Everything advances on its
 * own one step apart (auto mode with KYC reviewed one item per step), there is no control API,
 * every credential is rate-limited, partner A starts with thousands of customers, and the
 * documented trigger values produce rejections, corrections, cancellations, errors, payments and
 * expiries.
 */
export interface SandboxOptions {
  /** One step of the sandbox's own progress (default 1000 ms): a KYC review decision, a loan move, a payment. */
  stepMs: number;
  /** Added to every API response (/v3/…), default 0 ms. */
  latencyMs: number;
  /** Budget of every credential, seeded or created (default 600 requests per 60 s). */
  rateLimit: RateBudget;
  /** Pre-existing customers of demo partner A, created at start-up (default 5000). */
  seedCustomers: number;
  /** Seed of the generator of those customers (default 1): the same seed makes the same data. */
  seed: number;
}

export interface ReferenceServerOptions {
  /**
   * The contract revision the server speaks (default `docs`): every response, header, status and
   * webhook delivery follows that revision's document (lib/reference/wire).
   */
  contract?: WireRevision;
  /** 0 = a free port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  faults?: FaultName[];
  /** Automatic mode: the server advances KYC, credit analysis and loans on its own. */
  auto?: boolean | Partial<AutoTimings>;
  /**
   * Sandbox mode (implies auto mode, timed by `stepMs`: KYC and loan steps one step, credit
   * analysis two; an `auto` object still overrides those timings). No control API.
   */
  sandbox?: boolean | Partial<SandboxOptions>;
  /** Default: DEMO_PARTNERS. */
  partners?: PartnerCredentials[];
  /**
   * Budget of every credential, the seeded demo ones and those created through POST
   * /auth/credentials alike (default `DEFAULT_RATE_LIMIT`: 1,000 requests per second).
   */
  rateLimit?: { limit: number; windowSeconds: number };
  /**
   * Another budget for the seeded demo credentials only (default: `rateLimit`, like every other
   * credential). For benchmarks of the server itself and tests of something else than pacing.
   */
  seededRateLimit?: { limit: number; windowSeconds: number };
  /** Webhook retry policy (default 200 ms base, 5 attempts, 5 s per attempt). */
  webhookRetry?: { baseMs: number; maxAttempts: number; timeoutMs?: number };
  /**
   * Observe mode (lib/reference/observe): the server is a partner's sandbox; it records the
   * partner application's traffic and disturbs it on a schedule (members override the default
   * schedule). Implies auto mode unless in sandbox mode.
   */
  observe?: boolean | Partial<ObserveSchedule>;
}

export interface ResolvedOptions {
  contract: WireRevision;
  host: string;
  port: number;
  faults: FaultName[];
  /** null in manual mode. */
  auto: AutoTimings | null;
  /** null unless in sandbox mode. */
  sandbox: SandboxOptions | null;
  partners: PartnerCredentials[];
  rateLimit: { limit: number; windowSeconds: number };
  /** Budget of the seeded demo credentials: `rateLimit` unless given another. */
  seededRateLimit: { limit: number; windowSeconds: number };
  webhookRetry: { baseMs: number; maxAttempts: number; timeoutMs?: number };
  /** The disturbance schedule in observe mode; null otherwise. */
  observe: ObserveSchedule | null;
}

export const DEFAULT_AUTO: AutoTimings = { kycMs: 300, creditMs: 500, loanStepMs: 300 };

/**
 * Every credential's budget outside sandbox mode, the demo ones included (a real server exempts
 * no credential): 1,000 requests per one-second window. The Dinie pages state no figure (api-facts
 * 1.9), so it is ours: high enough that a main job (~4,700 requests, most on one demo credential)
 * is not dominated by pacing, low enough that the rate-limit checks reach a 429 well within the
 * requests they may spend (suites/rate-limits/checks.ts). Sandbox mode keeps 600 per 60 s.
 */
export const DEFAULT_RATE_LIMIT: RateBudget = { limit: 1_000, windowSeconds: 1 };

export const DEFAULT_SANDBOX: SandboxOptions = {
  stepMs: 1000,
  latencyMs: 0,
  rateLimit: { limit: 600, windowSeconds: 60 },
  seedCustomers: 5000,
  seed: 1,
};
