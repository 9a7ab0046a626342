// The partner's webhook signing secret (`whsec_` + base64, Standard Webhooks), read from
// DINIE_WEBHOOK_SECRET. It is never printed or written: errors describe it without quoting it, and
// the run's scrubber removes it (with and without its prefix, in every encoding) from everything.
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../../targets/types.js';

export const SECRET_ENV = 'DINIE_WEBHOOK_SECRET';

export interface WebhookSecret {
  /** `whsec_…` as the partner configured it. */
  secret: string;
  /** The base64 part after `whsec_`: the HMAC key, base64-encoded. */
  key: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Reads and checks the secret; a missing or malformed one is a ConfigError that never quotes it. */
export function parseWebhookSecret(value: string | undefined, name = SECRET_ENV): WebhookSecret {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(`--receiver needs the secret your receiver verifies deliveries with: set ${name} to its whsec_… value.`);
  }
  const secret = value.trim();
  if (!secret.startsWith('whsec_')) {
    throw new ConfigError(`${name} must be a Standard Webhooks secret: whsec_ followed by base64 (the value given does not start with whsec_).`);
  }
  const key = secret.slice('whsec_'.length);
  if (key.length < 4 || key.length % 4 !== 0 || !BASE64.test(key) || Buffer.from(key, 'base64').length === 0) {
    throw new ConfigError(`${name} must be a Standard Webhooks secret: whsec_ followed by base64 (the part after whsec_ is not valid base64).`);
  }
  return { secret, key };
}

/** A throwaway secret of our own (a "secret of another endpoint"): safe to print, never the partner's. */
export function otherSecret(): WebhookSecret {
  const key = randomBytes(32).toString('base64');
  return { secret: `whsec_${key}`, key };
}
