// Standard Webhooks verification against every secret a sink accepts (a rotation leaves two valid
// secrets, and a delivery may carry one `v1,` signature per secret). The library does the
// cryptography and the 5-minute timestamp tolerance; we only try each secret in turn.
import { Webhook } from 'standardwebhooks';

export interface Verification {
  verified: boolean;
  /** Why it failed (the library's words, or ours when no secret is known). */
  error?: string;
}

export function verifyDelivery(rawBody: string, headers: Record<string, string>, secrets: readonly string[]): Verification {
  if (secrets.length === 0) return { verified: false, error: 'no secret is known for this sink' };
  let error = 'no secret matched';
  for (const secret of secrets) {
    try {
      // jsonParse off: a correctly signed non-JSON body is a payload problem, not a signature one.
      new Webhook(secret).verify(rawBody, headers, { jsonParse: false });
      return { verified: true };
    } catch (e) {
      error = (e as Error).message || String(e);
    }
  }
  return { verified: false, error };
}
