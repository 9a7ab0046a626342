// What a resolved target is, as plain JSON: the CLI resolves it once and hands it to every vitest
// worker through DINIE_CONFORMANCE_TARGET. It carries credentials, so it is never printed and
// never written to a report.
import type { Capability, Lack, Trigger } from '../types.js';

export interface Credentials {
  clientId: string;
  clientSecret: string;
}

export type Profile = 'local' | 'mock' | 'sandbox' | 'url' | 'named';

export interface TargetSpec {
  /** `local`, `mock`, `sandbox`, a config name, or the URL itself. */
  name: string;
  profile: Profile;
  /** Base URL of the API, including `/v3` (no trailing slash). */
  baseUrl: string;
  /** Simulation control API base (`<origin>/_simulation`) when the target has one. */
  controlUrl?: string;
  /** Partner A and, when available, partner B. */
  credentials: { A?: Credentials; B?: Credentials };
  capabilities: Capability[];
  /** Where deliveries reach our receiver: a public URL (remote targets) and/or a fixed local port. */
  webhook: { url?: string; port?: number };
  /** How async processes advance: the control API, waiting for the target, or not at all (static mock). */
  mode: 'control' | 'wait' | 'static';
  /** The target advances async processes by itself (reference server `--auto`, a sandbox). */
  auto: boolean;
  /** Faults injected into the embedded reference server (local profile only). */
  faults?: string[];
  /**
   * Value triggers declared for this target (project config): members merged into the request that
   * creates the resource, after which the target produces the outcome by itself.
   */
  triggers?: Partial<Record<Trigger, ValueTrigger>>;
  /**
   * What the target's profile or config declares it cannot do (the `sandbox` profile: `clock`). A
   * skipped MUST is excused from the exit code only by these (decision 19); the run stays incomplete.
   */
  declaredLacks?: Lack[];
  /** Words for skip reasons, e.g. which variables give the second partner. */
  hints?: { secondPartnerEnv?: string };
}

/** Where a value trigger goes and what it sets there. */
export interface ValueTrigger {
  /**
   * The request that carries it: `customer` (POST /customers body), `document` (the uploaded
   * file: `filename`), `simulation` (POST /credit-offers/{id}/simulations body), `loan` (POST /loans body).
   */
  on: 'customer' | 'document' | 'simulation' | 'loan';
  /** Members set on that request (strings; `{tag}` is replaced by a fresh random tag). */
  set: Record<string, string>;
}

/** A configuration the user must fix; `message` is one sentence fit to print as is. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** The environment variable the CLI passes the resolved target through. */
export const TARGET_ENV = 'DINIE_CONFORMANCE_TARGET';

export function encodeTargetSpec(spec: TargetSpec): string {
  return JSON.stringify(spec);
}

export function decodeTargetSpec(text: string): TargetSpec {
  const spec = JSON.parse(text) as TargetSpec;
  if (!spec || typeof spec.baseUrl !== 'string' || !Array.isArray(spec.capabilities)) {
    throw new ConfigError(`${TARGET_ENV} does not hold a resolved target.`);
  }
  return spec;
}

/** What may be shown or written about a target: everything but the credentials. */
export interface PublicTargetInfo {
  name: string;
  profile: Profile;
  baseUrl: string;
  controlUrl?: string;
  capabilities: Capability[];
  /** Which triggers were declared (names only). */
  triggers: Trigger[];
  declaredLacks?: Lack[];
  mode: TargetSpec['mode'];
  auto: boolean;
  faults?: string[];
  webhookUrl?: string;
  /** Which partners had credentials (never the credentials). */
  partners: string[];
}

export function publicTargetInfo(spec: TargetSpec): PublicTargetInfo {
  return {
    name: spec.name,
    profile: spec.profile,
    baseUrl: spec.baseUrl,
    ...(spec.controlUrl ? { controlUrl: spec.controlUrl } : {}),
    capabilities: [...spec.capabilities],
    triggers: Object.keys(spec.triggers ?? {}) as Trigger[],
    declaredLacks: [...(spec.declaredLacks ?? [])],
    mode: spec.mode,
    auto: spec.auto,
    ...(spec.faults?.length ? { faults: [...spec.faults] } : {}),
    ...(spec.webhook.url ? { webhookUrl: spec.webhook.url } : {}),
    partners: (['A', 'B'] as const).filter((p) => spec.credentials[p]),
  };
}
