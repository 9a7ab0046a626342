// Turns `--target` and friends into a TargetSpec, after a preflight that ends a bad configuration
// in one clear sentence within seconds, and with capabilities detected rather than assumed.
import type { Capability, Lack, Trigger } from '../types.js';
import { startReceiver } from '../webhooks/receiver.js';
import { declaredLacksOf, loadProjectConfig, type NamedTarget } from './config-file.js';
import { defaultControlUrl, detectStateful, discoverControl, orderCapabilities } from './detect.js';
import { isLoopback, ProbeError, probe, tokenStatus } from './probe.js';
import { ConfigError, type Credentials, type Profile, type TargetSpec, type ValueTrigger } from './types.js';

export const MOCK_URL = 'https://dinie.nexaedge.dev/_mock/apis/openapi';
export const SANDBOX_URL = 'https://sandbox.api.dinie.com.br/v3';
export const BUILTIN_TARGETS = ['local', 'mock', 'sandbox'] as const;

export interface ResolveOptions {
  /** `local` (default), `mock`, `sandbox`, an http(s) URL, or a name from the project config. */
  target?: string;
  /** Faults for the embedded reference server (local only). */
  faults?: string[];
  /**
   * The contract revision the embedded reference server speaks (local only; default `docs`): the
   * run's `--contract` when it names a revision, so the local target follows the chosen contract.
   */
  contract?: 'docs' | 'sdk';
  /** Automatic mode: the local server advances on its own; for a URL target, says it does. */
  auto?: boolean;
  /** Every credential's rate limit on the embedded reference server (local only; default its own). */
  rateLimit?: { limit: number; windowSeconds: number };
  /** Public URL the target delivers webhooks to (remote targets). */
  webhookUrl?: string;
  /** Local port of the receiver behind `webhookUrl`. */
  webhookPort?: number;
  /** Preflight timeout per probe, ms (default 5000). */
  timeoutMs?: number;
  configPath?: string;
  /** Environment to read credentials from (default process.env). */
  env?: Record<string, string | undefined>;
}

export interface ResolvedTarget {
  spec: TargetSpec;
  /**
   * When the statefulness probe ran on a target it judged stateful: the customer it created and
   * read back, or why none was read. It tells which contract revision the target speaks
   * (revision-probe.ts) without another request.
   */
  probed?: { customer: unknown } | { unread: string };
  /** Stops what resolving started (the embedded server). */
  close(): Promise<void>;
}

interface ReferenceServer {
  baseUrl: string;
  controlUrl: string;
  partners: { name: string; clientId: string; clientSecret: string }[];
  close(): Promise<void>;
}

async function startLocal(opts: Pick<ResolveOptions, 'faults' | 'auto' | 'contract' | 'rateLimit'>): Promise<ReferenceServer> {
  // Variable specifier: lib/targets depends on the reference server only at run time.
  const specifier = '../reference/index.js';
  const mod = (await import(specifier)) as { startReferenceServer(o: object): Promise<ReferenceServer> };
  return mod.startReferenceServer({
    port: 0,
    faults: opts.faults ?? [],
    auto: !!opts.auto,
    contract: opts.contract ?? 'docs',
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
}

/**
 * A URL as it may be printed: any `user:password@` removed, also from text that is not a valid URL
 * (`user:pw@host/v3`, `http://user:p w@host`), so a password typed into a URL never reaches a message.
 */
export function withoutUserinfo(raw: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? '';
  const rest = raw.slice(scheme.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  return at === -1 ? raw : scheme + rest.slice(at + 1);
}

/**
 * Checks a configured URL and returns it without a trailing slash. `credentialEnv` names the
 * variables that hold credentials for it: a URL carrying `user:password@` is refused, naming them
 * (and never printing the password); without it (e.g. --webhook-url) the userinfo is refused alone.
 */
function checkUrl(raw: string, what: string, credentialEnv?: [string, string]): string {
  const shown = withoutUserinfo(raw);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${what} "${shown}" is not a valid URL (expected e.g. http://127.0.0.1:4010/v3).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${what} "${shown}" must be an http or https URL.`);
  if (url.username || url.password || shown !== raw) {
    url.username = '';
    url.password = '';
    const clean = url.toString().replace(/\/+$/, '');
    throw new ConfigError(
      credentialEnv
        ? `${what} ${clean} must not carry credentials (user:password@): set ${credentialEnv[0]} and ${credentialEnv[1]} instead.`
        : `${what} ${clean} must not carry credentials (user:password@).`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * `Cannot reach target <url>: <sentence>.` for a failed preflight probe (a named target is called by
 * its name and URL), ending `; did you mean http://…?` when https:// met a port without TLS.
 */
function unreachable(name: string, profile: Profile, baseUrl: string, what: string | undefined, e: unknown): ConfigError {
  const target = profile === 'url' ? baseUrl : `${name} at ${baseUrl}`;
  const why = (e as Error)?.message ?? String(e);
  const hint = e instanceof ProbeError && e.tlsNotSpoken && /^https:/i.test(baseUrl) ? `; did you mean ${baseUrl.replace(/^https:/i, 'http:')}?` : '.';
  return new ConfigError(`Cannot reach target ${target}${what ? ` (${what})` : ''}: ${why}${hint}`);
}

function credsFrom(env: Record<string, string | undefined>, idVar: string, secretVar: string): Credentials | undefined {
  const clientId = env[idVar];
  const clientSecret = env[secretVar];
  return clientId && clientSecret ? { clientId, clientSecret } : undefined;
}

export async function resolveTarget(opts: ResolveOptions = {}): Promise<ResolvedTarget> {
  const env = opts.env ?? process.env;
  const timeoutMs = opts.timeoutMs ?? 5_000;
  const name = opts.target ?? 'local';
  let closeFn = async () => {};

  let profile: Profile;
  let baseUrl: string;
  let controlUrl: string | undefined;
  let credA: Credentials | undefined;
  let credB: Credentials | undefined;
  let configured: Capability[] | undefined;
  let secondPartnerEnv = 'DINIE_CLIENT_ID_2/DINIE_CLIENT_SECRET_2';
  let credentialEnv = 'DINIE_CLIENT_ID/DINIE_CLIENT_SECRET';
  let knownStateful: boolean | undefined;
  // What the profile or config says the target cannot do (decision 19), and its value triggers.
  let declaredLacks: Lack[] = [];
  let triggers: Partial<Record<Trigger, ValueTrigger>> | undefined;

  if (opts.faults?.length && name !== 'local') throw new ConfigError('Faults can only be injected into the local reference server (--target=local).');

  if (name === 'local') {
    profile = 'local';
    const server = await startLocal(opts);
    closeFn = () => server.close();
    baseUrl = server.baseUrl.replace(/\/+$/, '');
    controlUrl = server.controlUrl;
    credA = server.partners[0];
    credB = server.partners[1];
    knownStateful = true; // our own in-memory server: no need to leave a probe customer in it
  } else if (name === 'mock') {
    profile = 'mock';
    baseUrl = checkUrl(env.DINIE_MOCK_URL ?? MOCK_URL, 'DINIE_MOCK_URL', ['DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET']);
    credA = credsFrom(env, 'DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET') ?? { clientId: 'dinie_ci_test_mock', clientSecret: 'mock' };
    knownStateful = false; // documented as returning examples
    declaredLacks = ['stateful', 'control', 'clock', 'webhooks'];
  } else if (name === 'sandbox') {
    profile = 'sandbox';
    baseUrl = checkUrl(env.DINIE_SANDBOX_URL ?? SANDBOX_URL, 'DINIE_SANDBOX_URL', ['DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET']);
    credA = credsFrom(env, 'DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET');
    if (!credA) throw new ConfigError('The sandbox needs credentials: set DINIE_CLIENT_ID and DINIE_CLIENT_SECRET.');
    credB = credsFrom(env, 'DINIE_CLIENT_ID_2', 'DINIE_CLIENT_SECRET_2');
    declaredLacks = ['control', 'clock']; // Dinie's sandbox documents no way to move its clock
    // The sandbox's test values (and what else it cannot do) may be declared in the project config
    // under the name `sandbox`; its URL and credentials stay the profile's.
    const declared = (await loadProjectConfig(opts.configPath))?.targets.sandbox;
    if (declared) {
      declaredLacks.push(...declaredLacksOf(declared.cannot));
      triggers = declared.triggers;
    }
  } else if (/^[a-z][a-z0-9+.-]*:/i.test(name) || name.includes('/')) {
    profile = 'url';
    baseUrl = checkUrl(name, 'The target URL', ['DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET']);
    credA = credsFrom(env, 'DINIE_CLIENT_ID', 'DINIE_CLIENT_SECRET');
    credB = credsFrom(env, 'DINIE_CLIENT_ID_2', 'DINIE_CLIENT_SECRET_2');
  } else {
    const config = await loadProjectConfig(opts.configPath);
    const named: NamedTarget | undefined = config?.targets[name];
    if (!named) {
      const known = [...BUILTIN_TARGETS, ...Object.keys(config?.targets ?? {})];
      throw new ConfigError(`Unknown target "${name}": use one of ${known.join(', ')}, or an http(s):// URL.`);
    }
    profile = 'named';
    const idVar = named.clientIdEnv ?? 'DINIE_CLIENT_ID';
    const secretVar = named.clientSecretEnv ?? 'DINIE_CLIENT_SECRET';
    baseUrl = checkUrl(named.baseUrl, `The baseUrl of target "${name}"`, [idVar, secretVar]);
    controlUrl = named.controlUrl ? checkUrl(named.controlUrl, `The controlUrl of target "${name}"`, [idVar, secretVar]) : undefined;
    const id2Var = named.clientId2Env ?? 'DINIE_CLIENT_ID_2';
    const secret2Var = named.clientSecret2Env ?? 'DINIE_CLIENT_SECRET_2';
    credentialEnv = `${idVar}/${secretVar}`;
    secondPartnerEnv = `${id2Var}/${secret2Var}`;
    credA = credsFrom(env, idVar, secretVar);
    credB = credsFrom(env, id2Var, secret2Var);
    configured = named.capabilities;
    declaredLacks = declaredLacksOf(named.cannot);
    triggers = named.triggers;
  }
  if (opts.webhookUrl) checkUrl(opts.webhookUrl, '--webhook-url');

  try {
    // Reachable at all? Any HTTP answer will do; only transport failures end the run here.
    try {
      await probe(`${baseUrl}/`, { timeoutMs });
    } catch (e) {
      throw unreachable(name, profile, baseUrl, undefined, e);
    }

    // Credentials: a 401 here would turn every check red for a reason that is not the target's.
    const placeholder = !credA;
    const a = credA ?? { clientId: 'dinie_ci_test_anonymous', clientSecret: 'anonymous' };
    const tokenA = await tokenStatus(baseUrl, a.clientId, a.clientSecret, timeoutMs).catch((e: unknown) => {
      throw unreachable(name, profile, baseUrl, 'POST /auth/token', e);
    });
    if (tokenA.status === 401 || tokenA.status === 403) {
      throw new ConfigError(
        placeholder
          ? `Target ${name} needs credentials: set ${credentialEnv}.`
          : `Target ${name} refused the credentials in ${credentialEnv} (POST /auth/token answered ${tokenA.status}).`,
      );
    }
    if (tokenA.status !== 200 || typeof (tokenA.body as { access_token?: unknown } | null)?.access_token !== 'string') {
      throw new ConfigError(
        `Target ${name} does not look like the Dinie API: POST ${baseUrl}/auth/token answered ${tokenA.status} without an access token (the base URL should end in /v3).`,
      );
    }
    let secondAccepted = false;
    if (credB) {
      const tokenB = await tokenStatus(baseUrl, credB.clientId, credB.clientSecret, timeoutMs).catch(() => undefined);
      secondAccepted = tokenB?.status === 200;
      if (!secondAccepted) secondPartnerEnv += ' (the ones given were refused)';
    }

    // Control API and automatic mode. A named target with configured capabilities uses the
    // control API only when it lists `control`.
    const useControl = !configured || configured.includes('control');
    const discovery = useControl ? await discoverControl(controlUrl ?? defaultControlUrl(baseUrl), timeoutMs) : undefined;
    if (discovery) controlUrl = controlUrl ?? defaultControlUrl(baseUrl);
    else if (!configured?.includes('control')) controlUrl = undefined;
    const auto = discovery ? discovery.mode === 'auto' : !!opts.auto;

    // Webhooks from a remote target reach us only through a public URL someone answers on.
    let webhookReachable = isLoopback(baseUrl);
    if (opts.webhookUrl) {
      await probeWebhookUrl(opts.webhookUrl, opts.webhookPort, timeoutMs);
      webhookReachable = true;
    }

    let caps: Capability[];
    let probed: ResolvedTarget['probed'];
    if (configured) {
      caps = orderCapabilities(configured);
      if (credB && !secondAccepted) caps = caps.filter((c) => c !== 'second-partner');
      if (!controlUrl) caps = caps.filter((c) => c !== 'control' && c !== 'clock');
    } else {
      // Only a target that positively behaves as a mock is stateless; an error while probing is
      // not a reason to skip: the checks meet it again and fail with their evidence.
      const detected = knownStateful === undefined ? await detectStateful(baseUrl, a, timeoutMs * 2) : undefined;
      if (detected?.stateful) probed = detected.customer !== undefined ? { customer: detected.customer } : { unread: detected.unread ?? detected.why };
      const stateful = knownStateful ?? detected!.stateful;
      const set = new Set<Capability>();
      if (stateful) set.add('stateful');
      if (discovery) set.add('control').add('clock');
      // Advancement is observed by the checks that need it (they wait, bounded), never assumed.
      if (stateful) set.add('advances');
      if (stateful && webhookReachable) set.add('webhooks');
      if (secondAccepted) set.add('second-partner');
      caps = orderCapabilities(set);
    }
    const stateful = caps.includes('stateful');
    const controlled = caps.includes('control') && !!controlUrl && (discovery?.mode ?? 'manual') === 'manual';
    const mode: TargetSpec['mode'] = controlled ? 'control' : stateful ? 'wait' : 'static';

    const spec: TargetSpec = {
      name,
      profile,
      baseUrl,
      ...(controlUrl ? { controlUrl } : {}),
      credentials: { ...(credA ? { A: credA } : {}), ...(credB && secondAccepted ? { B: credB } : {}) },
      capabilities: caps,
      declaredLacks: [...new Set(declaredLacks)],
      ...(triggers && Object.keys(triggers).length ? { triggers } : {}),
      webhook: { ...(opts.webhookUrl ? { url: opts.webhookUrl.replace(/\/+$/, '') } : {}), ...(opts.webhookPort ? { port: opts.webhookPort } : {}) },
      mode,
      auto,
      ...(opts.faults?.length ? { faults: [...opts.faults] } : {}),
      hints: { secondPartnerEnv },
    };
    return { spec, ...(probed ? { probed } : {}), close: closeFn };
  } catch (e) {
    await closeFn();
    throw e;
  }
}

/**
 * Sends a probe to the public webhook URL and expects our own receiver (listening on the given
 * port) to see it: proof that deliveries to that URL end up here.
 */
async function probeWebhookUrl(webhookUrl: string, port: number | undefined, timeoutMs: number): Promise<void> {
  let receiver;
  try {
    receiver = await startReceiver({ port: port ?? 0, host: port ? '0.0.0.0' : '127.0.0.1', publicUrl: webhookUrl, timeoutMs });
  } catch (e) {
    throw new ConfigError(`Cannot listen for webhooks on port ${port}: ${(e as Error).message}.`);
  }
  try {
    const sink = receiver.sink();
    const seen = sink
      .waitFor(() => true, { timeoutMs })
      .then(
        () => true,
        () => false,
      );
    await probe(sink.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'dinie_conformance.probe' }),
      timeoutMs,
    }).catch(() => undefined);
    if (!(await seen)) {
      throw new ConfigError(
        `Nothing that reaches our webhook receiver answers on --webhook-url ${webhookUrl}: forward it to port ${receiver.port} of this machine${port ? '' : ' (set --webhook-port to fix the port)'}.`,
      );
    }
  } finally {
    await receiver.close();
  }
}
