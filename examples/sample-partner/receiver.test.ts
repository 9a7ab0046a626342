// The sample receiver: genuine deliveries (signed with the standardwebhooks library, as Dinie signs
// them) are acknowledged and acted on once; anything else is refused. Then every fault is shown to
// change exactly the behaviours it is meant to break, and nothing else.
import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECEIVER_FAULTS, type ReceiverFault, type SampleReceiver, startSampleReceiver } from './receiver.js';

const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
const SECRET = newSecret();
const OLD_SECRET = newSecret();

interface Delivery {
  id?: string;
  type?: string;
  /** Seconds from now of webhook-timestamp (default 0). */
  skewSeconds?: number;
  /** Secrets that sign it, in header order (default [SECRET]). */
  signedWith?: string[];
  /** Headers to leave out. */
  omit?: ('webhook-id' | 'webhook-timestamp' | 'webhook-signature')[];
  payload?: Record<string, unknown>;
}

/** Sends one delivery as Dinie would; returns its status, how long the answer took, and its webhook-id. */
async function deliver(url: string, d: Delivery = {}): Promise<{ status: number; ms: number; id: string }> {
  const id = d.id ?? `msg_${randomUUID()}`;
  const at = new Date(Date.now() + (d.skewSeconds ?? 0) * 1000);
  const body = JSON.stringify(
    d.payload ?? {
      type: d.type ?? 'customer.active',
      timestamp: at.toISOString(),
      data: { id: `cust_${randomBytes(16).toString('hex')}`, status: 'active', external_id: 'partner-ref-123' },
    },
  );
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': (d.signedWith ?? [SECRET]).map((s) => new Webhook(s).sign(id, at, body)).join(' '),
  };
  for (const h of d.omit ?? []) delete headers[h];
  const started = Date.now();
  const res = await fetch(url, { method: 'POST', headers, body });
  await res.text();
  return { status: res.status, ms: Date.now() - started, id };
}

const ok = (status: number) => status >= 200 && status < 300;

async function processedCount(url: string, id: string): Promise<number> {
  const res = await fetch(`${url}/processed?webhook_id=${encodeURIComponent(id)}`);
  return ((await res.json()) as { count: number }).count;
}

describe('the sample receiver without faults', () => {
  let r: SampleReceiver;
  beforeAll(async () => {
    r = await startSampleReceiver({ secret: SECRET });
  });
  afterAll(async () => r.close());

  it('acknowledges a genuine delivery and acts on it once', async () => {
    const d = await deliver(r.url);
    expect(d.status).toBe(200);
    expect(r.processed(d.id)).toBe(1);
    expect(await processedCount(r.url, d.id)).toBe(1);
    expect(r.events()).toContainEqual({ id: d.id, type: 'customer.active' });
  });

  it('refuses a forged delivery (signed with another secret) and does not act on it', async () => {
    const d = await deliver(r.url, { signedWith: [newSecret()] });
    expect(d.status).toBe(401);
    expect(r.processed(d.id)).toBe(0);
  });

  it('refuses a delivery whose body was changed after signing', async () => {
    const id = `msg_${randomUUID()}`;
    const at = new Date();
    const signed = JSON.stringify({ type: 'loan.active', timestamp: at.toISOString(), data: { id: 'ln_1', status: 'active' } });
    const res = await fetch(r.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': new Webhook(SECRET).sign(id, at, signed),
      },
      body: signed.replace('"active"', '"finished"'),
    });
    expect(res.status).toBe(401);
    expect(r.processed(id)).toBe(0);
  });

  it('answers the observation hook for unknown ids with 0, and refuses it without webhook_id', async () => {
    expect(await processedCount(r.url, 'msg_never_sent')).toBe(0);
    expect((await fetch(`${r.url}/processed`)).status).toBe(400);
    expect((await fetch(r.url)).status).toBe(405);
    expect((await fetch(new URL('/elsewhere', r.url))).status).toBe(404);
  });

  it('accepts a delivery signed with any of its secrets (rotation)', async () => {
    const both = await startSampleReceiver({ secret: [SECRET, OLD_SECRET] });
    try {
      expect((await deliver(both.url, { signedWith: [OLD_SECRET] })).status).toBe(200);
      expect((await deliver(both.url, { signedWith: [SECRET] })).status).toBe(200);
      expect((await deliver(both.url, { signedWith: [newSecret()] })).status).toBe(401);
    } finally {
      await both.close();
    }
  });

  it('refuses to start with a secret that is not whsec_ + base64, or with an unknown fault', async () => {
    await expect(startSampleReceiver({ secret: 'whsec_' })).rejects.toThrow();
    await expect(startSampleReceiver({ secret: [] })).rejects.toThrow(/at least one secret/);
    await expect(startSampleReceiver({ secret: SECRET, faults: ['nope' as ReceiverFault] })).rejects.toThrow(/Unknown receiver fault/);
  });
});

// Each behaviour a receiver certification judges (decision 16), as a probe answering "did the
// receiver behave as it should?".
// Far apart, so a busy machine never makes the receiver without the fault look slow.
const SLOW_ACK_MS = 3000;
const PROBES = {
  'acknowledges a genuine delivery': async (url: string) => ok((await deliver(url)).status),
  'refuses a forged signature': async (url: string) => !ok((await deliver(url, { signedWith: [newSecret()] })).status),
  'refuses a timestamp 10 minutes old': async (url: string) => !ok((await deliver(url, { skewSeconds: -600 })).status),
  'refuses a timestamp 10 minutes ahead': async (url: string) => !ok((await deliver(url, { skewSeconds: 600 })).status),
  'refuses a delivery missing a webhook-* header': async (url: string) => {
    const answers = await Promise.all((['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const).map((h) => deliver(url, { omit: [h] })));
    return answers.every((a) => !ok(a.status));
  },
  'accepts when its valid signature is the second of two': async (url: string) => ok((await deliver(url, { signedWith: [OLD_SECRET, SECRET] })).status),
  'acknowledges an unknown event type': async (url: string) => ok((await deliver(url, { type: 'partner.something_new' })).status),
  'acknowledges unknown members': async (url: string) =>
    ok(
      (
        await deliver(url, {
          payload: {
            type: 'loan.active',
            timestamp: new Date().toISOString(),
            api_version: '2026-03-01',
            surprise: [1],
            data: { id: 'ln_1', status: 'active', brand_new: { x: 1 } },
          },
        })
      ).status,
    ),
  'acts once on a redelivery': async (url: string) => {
    const first = await deliver(url);
    const again = await deliver(url, { id: first.id });
    return ok(first.status) && ok(again.status) && (await processedCount(url, first.id)) === 1;
  },
  'acts once on concurrent duplicates': async (url: string) => {
    const id = `msg_${randomUUID()}`;
    const answers = await Promise.all([deliver(url, { id }), deliver(url, { id }), deliver(url, { id })]);
    return answers.every((a) => ok(a.status)) && (await processedCount(url, id)) === 1;
  },
  'answers fast': async (url: string) => (await deliver(url)).ms < SLOW_ACK_MS / 2,
} as const;
type Probe = keyof typeof PROBES;

const BREAKS: Record<ReceiverFault, Probe[]> = {
  'no-signature-check': [
    'refuses a forged signature',
    'refuses a timestamp 10 minutes old',
    'refuses a timestamp 10 minutes ahead',
    'refuses a delivery missing a webhook-* header',
  ],
  'no-timestamp-tolerance': ['refuses a timestamp 10 minutes old', 'refuses a timestamp 10 minutes ahead'],
  'single-signature-only': ['accepts when its valid signature is the second of two'],
  '500-on-unknown-event': ['acknowledges an unknown event type'],
  'processes-duplicates': ['acts once on a redelivery', 'acts once on concurrent duplicates'],
  'slow-ack': ['answers fast'],
  'accepts-missing-headers': ['refuses a delivery missing a webhook-* header'],
};

async function probeAll(faults: ReceiverFault[]): Promise<Record<Probe, boolean>> {
  const r = await startSampleReceiver({ secret: SECRET, faults, slowAckMs: SLOW_ACK_MS });
  try {
    const entries = await Promise.all(Object.entries(PROBES).map(async ([name, probe]) => [name, await probe(r.url)] as const));
    return Object.fromEntries(entries) as Record<Probe, boolean>;
  } finally {
    await r.close();
  }
}

describe('receiver faults', () => {
  it('without faults every probe passes', async () => {
    const got = await probeAll([]);
    expect(
      Object.entries(got)
        .filter(([, passed]) => !passed)
        .map(([name]) => name),
    ).toEqual([]);
  });

  it('every fault is listed with the probes it breaks', () => {
    expect(Object.keys(BREAKS).sort()).toEqual(Object.keys(RECEIVER_FAULTS).sort());
  });

  it.concurrent.each(Object.keys(RECEIVER_FAULTS) as ReceiverFault[])('%s breaks exactly its behaviours', async (fault) => {
    const got = await probeAll([fault]);
    const failing = Object.entries(got)
      .filter(([, passed]) => !passed)
      .map(([name]) => name);
    expect(failing.sort()).toEqual([...BREAKS[fault]].sort());
  });

  it('slow-ack acts on the delivery before its late answer, and close() does not wait for it', async () => {
    const r = await startSampleReceiver({ secret: SECRET, faults: ['slow-ack'], slowAckMs: 60_000 });
    const pending = deliver(r.url).catch(() => 'cut');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(r.events()).toHaveLength(1);
    const started = Date.now();
    await r.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBe('cut');
  });
});
