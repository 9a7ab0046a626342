import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, isKnownFilter, matches } from './catalogue.js';
import { newSecret, signDelivery } from './signing.js';

describe('event filters', () => {
  it('knows the 16 catalogue events', () => {
    expect(EVENT_TYPES).toHaveLength(16);
  });
  it('accepts exact names, resource wildcards and *', () => {
    expect(['loan.active', 'loan.*', 'customer.*', 'credit_offer.*', '*'].every(isKnownFilter)).toBe(true);
    expect(['loan.disbursed', 'loans.*', 'loan', '', 'customer.denied', '**'].some(isKnownFilter)).toBe(false);
  });
  it('matches by exact name, wildcard, star and empty list', () => {
    expect(matches([], 'loan.active')).toBe(true);
    expect(matches(['*'], 'customer.created')).toBe(true);
    expect(matches(['loan.*'], 'loan.active')).toBe(true);
    expect(matches(['loan.*'], 'credit_offer.available')).toBe(false);
    expect(matches(['customer.active'], 'customer.active')).toBe(true);
    expect(matches(['customer.active'], 'customer.created')).toBe(false);
  });
});

describe('signing', () => {
  it('signs with every given secret; each verifies on its own', () => {
    const a = newSecret();
    const b = newSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(a.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const body = JSON.stringify({ type: 'loan.active', timestamp: new Date().toISOString(), data: {} });
    const headers = signDelivery([a, b], 'msg_1', new Date(), body);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(a).verify(body, { ...headers })).toBeTruthy();
    expect(new Webhook(b).verify(body, { ...headers })).toBeTruthy();
    expect(() => new Webhook(newSecret()).verify(body, { ...headers })).toThrow();
  });
});
