// Webhook endpoint management for the webhooks checks: create one pointing at a receiver sink,
// and always delete it afterwards (the receiver cleans only what `subscribe` made).
import type { ApiResponse, CheckContext, Sink } from '../../lib/checks/context.js';
import { precondition } from '../../lib/checks/preconditions.js';
import type { WebhookEndpointWithSecret } from '../../lib/flows/resources.js';

export interface OwnEndpoint {
  sink: Sink;
  id: string;
  secret: string;
  /** The 201 answer, its body typed by the contract's WebhookEndpointWithSecret (id and secret checked here). */
  created: ApiResponse<WebhookEndpointWithSecret>;
}

export const createEndpoint = precondition(async function createEndpoint(
  ctx: CheckContext,
  body: { events?: string[]; description?: string } = {},
): Promise<OwnEndpoint> {
  const sink = ctx.webhooks.sink();
  const created = await ctx.api.request<WebhookEndpointWithSecret>({
    method: 'POST',
    path: '/webhooks/endpoints',
    json: { url: sink.url, description: body.description ?? 'dinie-conformance webhooks check', ...(body.events ? { events: body.events } : {}) },
    idempotencyKey: true,
  });
  ctx.ensure(created.status === 201, `POST /webhooks/endpoints did not create the endpoint: it answered ${answered(created)}`, 201, {
    status: created.status,
    body: created.body,
  });
  const { id, secret } = (created.body ?? {}) as { id?: unknown; secret?: unknown };
  ctx.ensure(typeof id === 'string' && typeof secret === 'string', 'the created endpoint lacks `id` or `secret`', 'id and secret', created.body);
  sink.setSecrets([secret]);
  return { sink, id, secret, created };
});

/** What a refusal said, short: `HTTP 429 rate_limit_exceeded: <detail>`, or the start of its body. */
function answered(res: ApiResponse): string {
  const b = res.body as { code?: unknown; detail?: unknown; title?: unknown } | undefined;
  const said = b && typeof b === 'object' ? [b.code, b.detail ?? b.title].filter((x) => typeof x === 'string').join(': ') : '';
  return `HTTP ${res.status}${said ? ` ${said}` : res.text ? ` ${res.text.slice(0, 200)}` : ''}`;
}

export async function deleteQuietly(ctx: CheckContext, id: string): Promise<void> {
  try {
    await ctx.api.request({ method: 'DELETE', path: `/webhooks/endpoints/${encodeURIComponent(id)}` });
  } catch {
    // clean-up only
  }
}

/** Runs `fn` with endpoints that are deleted whatever happens. */
export async function withEndpoints<T>(
  ctx: CheckContext,
  specs: { events?: string[]; description?: string }[],
  fn: (eps: OwnEndpoint[]) => Promise<T>,
): Promise<T> {
  const eps: OwnEndpoint[] = [];
  try {
    for (const s of specs) eps.push(await createEndpoint(ctx, s));
    return await fn(eps);
  } finally {
    for (const e of eps) await deleteQuietly(ctx, e.id);
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** How long to keep listening for a delivery that must not come, after a sibling endpoint got its event. */
export const ABSENCE_GRACE_MS = 500;
