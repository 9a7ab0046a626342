// Proves the three verifiers agree: the standardwebhooks library, the receiver's verifier
// (lib/webhooks) and this suite's timestamp-free arithmetic, on Standard Webhooks' published test
// vector and on deliberately spoiled copies of it.

import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { verifyDelivery } from '../../lib/webhooks/verify.js';
import { sign, signedWith } from './signature.js';

// The Standard Webhooks specification's own example (secret, message id, timestamp, body, signature).
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};

const headers = (over: Partial<Record<string, string>> = {}): Record<string, string> => ({
  'webhook-id': VECTOR.id,
  'webhook-timestamp': String(VECTOR.timestamp),
  'webhook-signature': VECTOR.signature,
  ...over,
});

describe('Standard Webhooks verifiers agree on the published test vector', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date((VECTOR.timestamp + 10) * 1000));
  });
  afterEach(() => vi.useRealTimers());

  it('all three sign and accept the vector', () => {
    expect(sign(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
    expect(new Webhook(VECTOR.secret).sign(VECTOR.id, new Date(VECTOR.timestamp * 1000), VECTOR.body)).toBe(VECTOR.signature);
    expect(() => new Webhook(VECTOR.secret).verify(VECTOR.body, headers())).not.toThrow();
    expect(verifyDelivery(VECTOR.body, headers(), [VECTOR.secret]).verified).toBe(true);
    expect(signedWith(VECTOR.secret, headers(), VECTOR.body)).toBe(true);
  });

  it('all three reject a tampered body', () => {
    const tampered = VECTOR.body.replace('2432232314', '2432232315');
    expect(() => new Webhook(VECTOR.secret).verify(tampered, headers())).toThrow();
    expect(verifyDelivery(tampered, headers(), [VECTOR.secret]).verified).toBe(false);
    expect(signedWith(VECTOR.secret, headers(), tampered)).toBe(false);
  });

  it('all three reject a wrong secret', () => {
    const wrong = `whsec_${Buffer.from('another secret of 24 bytes!!').toString('base64')}`;
    expect(() => new Webhook(wrong).verify(VECTOR.body, headers())).toThrow();
    expect(verifyDelivery(VECTOR.body, headers(), [wrong]).verified).toBe(false);
    expect(signedWith(wrong, headers(), VECTOR.body)).toBe(false);
  });

  it('a rotation header with two tokens verifies with either secret', () => {
    const other = `whsec_${Buffer.from('the new secret, 24 bytes long').toString('base64')}`;
    const both = `${sign(other, VECTOR.id, VECTOR.timestamp, VECTOR.body)} ${VECTOR.signature}`;
    expect(verifyDelivery(VECTOR.body, headers({ 'webhook-signature': both }), [other]).verified).toBe(true);
    expect(verifyDelivery(VECTOR.body, headers({ 'webhook-signature': both }), [VECTOR.secret]).verified).toBe(true);
    expect(signedWith(other, headers({ 'webhook-signature': both }), VECTOR.body)).toBe(true);
  });

  it('the library and the receiver reject a stale timestamp; the arithmetic ignores time by design', () => {
    vi.setSystemTime(new Date((VECTOR.timestamp + 301) * 1000));
    expect(() => new Webhook(VECTOR.secret).verify(VECTOR.body, headers())).toThrow(/too old/);
    expect(verifyDelivery(VECTOR.body, headers(), [VECTOR.secret]).verified).toBe(false);
    expect(signedWith(VECTOR.secret, headers(), VECTOR.body)).toBe(true);
  });
});
