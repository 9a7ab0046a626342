// Standard Webhooks verification against every secret a sink accepts (a rotation leaves two valid
// secrets, and a delivery may carry one `v1,` signature per secret). The library does the
// cryptography and the 5-minute timestamp tolerance; we only try each secret in turn.
import { Webhook } from 'standardwebhooks';

/** Standard Webhooks' tolerance either side of "now", seconds (decision 2). */
export const TIMESTAMP_TOLERANCE_S = 5 * 60;

/**
 * The library judges `webhook-timestamp` against this machine's clock; a target whose clock the
 * control API moved stamps its deliveries on its own clock, so "now" is ours plus that offset.
 */
class WebhookAt extends Webhook {
  constructor(
    secret: string,
    readonly nowMs: number,
  ) {
    super(secret);
  }
}
(WebhookAt.prototype as unknown as { verifyTimestamp(h: string): Date }).verifyTimestamp = function verifyTimestamp(this: WebhookAt, header: string): Date {
  const now = Math.floor(this.nowMs / 1000);
  const timestamp = Number.parseInt(header, 10);
  if (Number.isNaN(timestamp)) throw new Error('Invalid Signature Headers');
  if (now - timestamp > TIMESTAMP_TOLERANCE_S) throw new Error('Message timestamp too old');
  if (timestamp > now + TIMESTAMP_TOLERANCE_S) throw new Error('Message timestamp too new');
  return new Date(timestamp * 1000);
};

export interface Verification {
  verified: boolean;
  /** Why it failed (the library's words, or ours when no secret is known). */
  error?: string;
}

/** `nowMs`: the moment the delivery is judged at, on the sender's clock (default: ours). */
export function verifyDelivery(rawBody: string, headers: Record<string, string>, secrets: readonly string[], nowMs?: number): Verification {
  if (secrets.length === 0) return { verified: false, error: 'no secret is known for this sink' };
  let error = 'no secret matched';
  for (const secret of secrets) {
    try {
      // jsonParse off: a correctly signed non-JSON body is a payload problem, not a signature one.
      (nowMs === undefined ? new Webhook(secret) : new WebhookAt(secret, nowMs)).verify(rawBody, headers, { jsonParse: false });
      return { verified: true };
    } catch (e) {
      error = (e as Error).message || String(e);
    }
  }
  return { verified: false, error };
}
