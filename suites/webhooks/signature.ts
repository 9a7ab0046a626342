// Standard Webhooks signature arithmetic without the timestamp window: which secrets a delivery's
// `webhook-signature` was made with. The rotation checks need this because the target's clock may
// have been moved on purpose, which the library's 5-minute tolerance would reject first.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The HMAC key of a `whsec_` secret (base64 after the prefix). */
export function secretKey(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** `v1,<base64 HMAC-SHA256(id.timestamp.body)>` for the given secret. */
export function sign(secret: string, id: string, timestamp: string | number, body: string): string {
  const mac = createHmac('sha256', secretKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64');
  return `v1,${mac}`;
}

/** The `v1` signatures of a `webhook-signature` header (space-separated tokens; other versions ignored). */
export function v1Signatures(header: string | undefined): string[] {
  return (header ?? '')
    .split(' ')
    .map((t) => t.trim())
    .filter((t) => t.startsWith('v1,'))
    .map((t) => t.slice(3));
}

/** Whether the delivery carries a v1 signature made with `secret` (timestamp not judged). */
export function signedWith(secret: string, headers: Record<string, string>, rawBody: string): boolean {
  const id = headers['webhook-id'];
  const ts = headers['webhook-timestamp'];
  if (!id || !ts) return false;
  const expected = Buffer.from(sign(secret, id, ts, rawBody).slice(3), 'base64');
  return v1Signatures(headers['webhook-signature']).some((s) => {
    const got = Buffer.from(s, 'base64');
    return got.length === expected.length && timingSafeEqual(got, expected);
  });
}
