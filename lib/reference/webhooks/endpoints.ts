// Webhook endpoints of a partner: records, their wire form (never the secret, except on create),
// validation of create/update bodies, and secret rotation with a grace period (decision 7).

import { closedObject, collect, integerIn } from '../credit/body.js';
import type { Kernel } from '../kernel.js';
import { type FieldError, notFound } from '../problem.js';
import { isKnownFilterIn } from './catalogue.js';
import { newSecret } from './signing.js';

export interface EndpointRecord {
  id: string;
  url: string;
  events: string[];
  description: string;
  status: 'active' | 'disabled';
  secret: string;
  /** Rotated-out secrets that still sign until they expire (server clock). */
  previous: { secret: string; expiresAt: Date }[];
  createdAt: Date;
  updatedAt: Date;
}

export const ROTATION_DEFAULT_S = 3600;
export const ROTATION_MAX_S = 86_400;

export function endpointStore(kernel: Kernel, partnerId: string): Map<string, EndpointRecord> {
  return kernel.store.partition(partnerId).collection<EndpointRecord>('webhookEndpoints');
}

export function endpointWire(kernel: Kernel, e: EndpointRecord) {
  return {
    id: e.id,
    url: e.url,
    events: [...e.events],
    description: e.description,
    status: e.status,
    created_at: kernel.toIso(e.createdAt),
    updated_at: kernel.toIso(e.updatedAt),
  };
}

/** The secrets a delivery is signed with now: the current one and any still in its grace period. */
export function signingSecrets(kernel: Kernel, e: EndpointRecord): string[] {
  const { faults } = kernel;
  const now = kernel.clock.nowMs();
  // Fault `webhook-rotation-no-grace`: the rotated-out secret stops signing at once.
  if (faults.has('webhook-rotation-no-grace')) return [e.secret];
  // Fault `webhook-old-secret-never-expires`: previous_secret_expires_at is never enforced.
  const previous = e.previous.filter((p) => p.expiresAt.getTime() > now || faults.has('webhook-old-secret-never-expires')).map((p) => p.secret);
  // Fault `webhook-rotation-new-secret-unused`: the new secret only signs once the old one has expired.
  if (faults.has('webhook-rotation-new-secret-unused') && previous.length > 0) return previous;
  return [e.secret, ...previous];
}

function urlError(v: unknown, anyCase = false): FieldError | undefined {
  if (v === undefined) return undefined;
  // The contract's pattern `^https?://` is case-sensitive, so `HTTPS://…` is refused too
  // (fault `webhook-url-scheme-any-case`: the scheme is compared case-insensitively).
  if (typeof v === 'string' && (anyCase ? /^https?:\/\//i : /^https?:\/\//).test(v)) {
    try {
      const u = new URL(v);
      // http is accepted: this is not production, and the suite's receiver is plain http (decision 11).
      if ((u.protocol === 'https:' || u.protocol === 'http:') && u.hostname) return undefined;
    } catch {
      /* reported below */
    }
  }
  return { field: 'url', message: 'must be an absolute http(s) URL' };
}

function eventsErrors(kernel: Kernel, v: unknown, anyName = false): FieldError[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return [{ field: 'events', message: 'must be an array of event types' }];
  return v.flatMap((name, i) =>
    typeof name === 'string' && (isKnownFilterIn(name, kernel.wire.eventTypes) || (anyName && /^[a-z_]+\.[a-z_*]+$/.test(name)))
      ? []
      : [{ field: `events[${i}]`, message: 'is not a known event type, resource wildcard or *' }],
  );
}

function descriptionError(v: unknown): FieldError | undefined {
  return v === undefined || typeof v === 'string' ? undefined : { field: 'description', message: 'must be a string' };
}

/** Fault `webhook-unknown-members-ignored`: members the contract does not declare are dropped, not refused. */
function knownMembersOnly(raw: unknown, allowed: readonly string[]): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => allowed.includes(k)));
}

export function createEndpoint(kernel: Kernel, partnerId: string, raw: unknown) {
  const { faults } = kernel;
  const members = ['url', 'events', 'description'];
  // Fault `webhook-url-not-required`: an endpoint may be registered without a url.
  const body = closedObject(
    faults.has('webhook-unknown-members-ignored') ? knownMembersOnly(raw, members) : raw,
    members,
    faults.has('webhook-url-not-required') ? [] : ['url'],
  );
  // Fault `endpoint-invalid-url-500`: the url is parsed with `new URL` before validation, so text that is no URL throws (500).
  if (faults.has('endpoint-invalid-url-500') && typeof body.url === 'string') void new URL(body.url);
  const now = kernel.clock.now();
  const record = (): EndpointRecord => ({
    id: kernel.newId('we'),
    // Fault `webhook-url-trailing-slash`: the url is canonicalised with a trailing `/` when stored.
    url: withTrailingSlash(kernel.faults.has('webhook-url-trailing-slash'), (body.url as string | undefined) ?? ''),
    events: Array.isArray(body.events) ? [...(body.events as string[])] : [],
    description: typeof body.description === 'string' ? body.description : '',
    status: 'active',
    // Fault `webhook-secret-short`: an 8-byte signing key.
    secret: newSecret(kernel.faults.has('webhook-secret-short') ? 8 : 32),
    previous: [],
    createdAt: now,
    updatedAt: now,
  });
  try {
    // Fault `webhook-unknown-event-accepted`: any `resource.event`-shaped name is accepted.
    collect([
      urlError(body.url, faults.has('webhook-url-scheme-any-case')),
      ...eventsErrors(kernel, body.events, faults.has('webhook-unknown-event-accepted')),
      descriptionError(body.description),
    ]);
  } catch (err) {
    // Fault `refused-endpoint-stored`: the record is written before validation and not rolled back.
    if (faults.has('refused-endpoint-stored')) {
      const stored = record();
      endpointStore(kernel, partnerId).set(stored.id, stored);
    }
    throw err;
  }
  const e = record();
  endpointStore(kernel, partnerId).set(e.id, e);
  return {
    ...kernel.wire.endpoint(kernel, e),
    // Fault `webhook-created-shown-disabled`: the answer's status comes from a last-delivery record a new endpoint lacks.
    ...(faults.has('webhook-created-shown-disabled') ? { status: 'disabled' } : {}),
    id: e.id,
    // Fault `webhook-secret-without-prefix`: the secret is shown as its bare base64 key (it still signs with that key).
    secret: faults.has('webhook-secret-without-prefix') ? e.secret.slice('whsec_'.length) : e.secret,
  };
}

/** `url` with a `/` appended to its path when `on` (the canonical form faults store instead of the url given). */
function withTrailingSlash(on: boolean, url: string): string {
  return on && url !== '' && !url.endsWith('/') ? `${url}/` : url;
}

export function getEndpoint(kernel: Kernel, partnerId: string, id: string, opts: { read?: boolean } = {}): EndpointRecord {
  const store = endpointStore(kernel, partnerId);
  let e = store.get(id);
  // Fault `webhook-id-prefix-ignored`: GET finds an endpoint by the hex part of its id, whatever the prefix.
  if (!e && opts.read && kernel.faults.has('webhook-id-prefix-ignored')) {
    const hex = id.slice(id.indexOf('_') + 1);
    e = [...store.values()].find((x) => x.id.slice(x.id.indexOf('_') + 1) === hex);
  }
  if (!e) throw notFound('Webhook endpoint');
  return e;
}

export function updateEndpoint(kernel: Kernel, partnerId: string, id: string, raw: unknown) {
  const e = getEndpoint(kernel, partnerId, id);
  const body = closedObject(raw ?? {}, ['url', 'events', 'description', 'status']);
  // Fault `webhook-status-unchecked`: any status text is stored.
  const statusError =
    body.status === undefined ||
    body.status === 'active' ||
    body.status === 'disabled' ||
    (kernel.faults.has('webhook-status-unchecked') && typeof body.status === 'string')
      ? undefined
      : { field: 'status', message: 'must be one of: active, disabled' };
  // Fault `webhook-description-null-accepted`: a null description is read as "no description".
  if (body.description === null && kernel.faults.has('webhook-description-null-accepted')) body.description = '';
  collect([urlError(body.url), ...eventsErrors(kernel, body.events), descriptionError(body.description), statusError]);
  if (body.url !== undefined) e.url = body.url as string;
  // Fault `webhook-patch-rewrites-url`: every PATCH re-saves the url canonicalised, sent or not.
  else e.url = withTrailingSlash(kernel.faults.has('webhook-patch-rewrites-url'), e.url);
  // Fault `webhook-patch-events-ignored`: PATCH drops the `events` member.
  if (body.events !== undefined && !kernel.faults.has('webhook-patch-events-ignored')) e.events = [...(body.events as string[])];
  // Fault `webhook-patch-description-ignored`: PATCH answers 200 but keeps the old description.
  if (body.description !== undefined && !kernel.faults.has('webhook-patch-description-ignored')) e.description = body.description as string;
  if (body.status !== undefined) e.status = body.status as EndpointRecord['status'];
  // Fault `webhook-patch-status-absent-disables`: an absent `status` is read as "not active".
  else if (kernel.faults.has('webhook-patch-status-absent-disables')) e.status = 'disabled';
  e.updatedAt = kernel.clock.now();
  return kernel.wire.endpoint(kernel, e);
}

export function deleteEndpoint(kernel: Kernel, partnerId: string, id: string): void {
  const e = getEndpoint(kernel, partnerId, id);
  endpointStore(kernel, partnerId).delete(id);
  // Fault `webhook-rotate-finds-deleted`: rotate-secret looks endpoints up in a table the delete does not clear.
  if (kernel.faults.has('webhook-rotate-finds-deleted')) tombstonedEndpoints(kernel, partnerId).set(id, e);
  // Fault `webhook-deleted-still-delivers`: a deleted endpoint stays in the dispatcher's view.
  if (kernel.faults.has('webhook-deleted-still-delivers')) deletedEndpoints(kernel, partnerId).set(id, e);
  // Fault `deleted-endpoint-listed`: a soft delete the list query does not filter out.
  if (kernel.faults.has('deleted-endpoint-listed')) softDeletedEndpoints(kernel, partnerId).set(id, e);
  // Fault `webhook-rotate-restores-deleted`: the rotation's upsert still knows the deleted row.
  if (kernel.faults.has('webhook-rotate-restores-deleted')) upsertableEndpoints(kernel, partnerId).set(id, e);
}

/** Endpoints deleted under fault `webhook-rotate-restores-deleted`, which a rotation writes back (empty otherwise). */
function upsertableEndpoints(kernel: Kernel, partnerId: string): Map<string, EndpointRecord> {
  return kernel.store.partition(partnerId).collection<EndpointRecord>('webhookEndpointsUpsertable');
}

/** Endpoints deleted under fault `deleted-endpoint-listed`, which the list still shows (empty otherwise). */
export function softDeletedEndpoints(kernel: Kernel, partnerId: string): Map<string, EndpointRecord> {
  return kernel.store.partition(partnerId).collection<EndpointRecord>('webhookEndpointsSoftDeleted');
}

/** Endpoints deleted under fault `webhook-deleted-still-delivers` (empty otherwise). */
export function deletedEndpoints(kernel: Kernel, partnerId: string): Map<string, EndpointRecord> {
  return kernel.store.partition(partnerId).collection<EndpointRecord>('webhookEndpointsDeleted');
}

/** Seconds of grace of a rotation body in the documentation revision (a closed object); throws a 422. */
export function docsRotationGrace(raw: unknown): number {
  const body = closedObject(raw, ['expire_current_in']);
  // The contract allows 0: the current secret stops verifying at once.
  collect([integerIn(body, 'expire_current_in', 0, ROTATION_MAX_S)]);
  return (body.expire_current_in as number | undefined) ?? ROTATION_DEFAULT_S;
}

/** Endpoints deleted under fault `webhook-rotate-finds-deleted`, which rotate-secret still finds (empty otherwise). */
function tombstonedEndpoints(kernel: Kernel, partnerId: string): Map<string, EndpointRecord> {
  return kernel.store.partition(partnerId).collection<EndpointRecord>('webhookEndpointsTombstoned');
}

export function rotateSecret(kernel: Kernel, partnerId: string, id: string, raw: unknown) {
  // Fault `webhook-rotate-restores-deleted`: the new secret is upserted before the endpoint is looked
  // up, so a deleted endpoint is written back (with that secret) and the lookup then answers 404.
  const gone = upsertableEndpoints(kernel, partnerId).get(id);
  if (gone && !endpointStore(kernel, partnerId).has(id)) {
    upsertableEndpoints(kernel, partnerId).delete(id);
    gone.secret = newSecret();
    gone.updatedAt = kernel.clock.now();
    endpointStore(kernel, partnerId).set(id, gone);
    throw notFound('Webhook endpoint');
  }
  const e = tombstonedEndpoints(kernel, partnerId).get(id) ?? getEndpoint(kernel, partnerId, id);
  const seconds = kernel.wire.rotationGrace(rotationFaults(kernel, raw));
  const now = kernel.clock.now();
  const expiresAt = new Date(now.getTime() + seconds * 1000);
  // Fault `webhook-rotation-keeps-secret`: the rotation answers 200 but changes nothing (the current secret comes back).
  if (kernel.faults.has('webhook-rotation-keeps-secret')) return rotationAnswer(kernel, e, expiresAt);
  e.previous = [{ secret: e.secret, expiresAt }, ...e.previous.filter((p) => p.expiresAt.getTime() > now.getTime())];
  e.secret = newSecret();
  e.updatedAt = now;
  return rotationAnswer(kernel, e, expiresAt);
}

function rotationAnswer(kernel: Kernel, e: EndpointRecord, expiresAt: Date) {
  const answer = kernel.wire.rotation(kernel, e, expiresAt) as Record<string, unknown>;
  // Fault `webhook-rotation-expiry-other-form`: a generic serialiser writes the instant in the other
  // form, Unix seconds where the contract writes date-time text and text where it writes seconds.
  if (kernel.faults.has('webhook-rotation-expiry-other-form')) {
    answer.previous_secret_expires_at =
      typeof answer.previous_secret_expires_at === 'string' ? Math.floor(expiresAt.getTime() / 1000) : expiresAt.toISOString();
  }
  return answer;
}

/**
 * Faults of the rotation body, applied before the revision validates it: `rotate-expiry-text-accepted`
 * reads a numeric string as its number; `rotate-expiry-unbounded` silently caps a grace above 86400.
 */
function rotationFaults(kernel: Kernel, raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const body = { ...(raw as Record<string, unknown>) };
  const v = body.expire_current_in;
  if (typeof v === 'string' && /^\d+$/.test(v) && kernel.faults.has('rotate-expiry-text-accepted')) body.expire_current_in = Number(v);
  if (typeof body.expire_current_in === 'number' && body.expire_current_in > ROTATION_MAX_S && kernel.faults.has('rotate-expiry-unbounded'))
    body.expire_current_in = ROTATION_MAX_S;
  return body;
}
