// The demo partners seeded into every reference server. Their credentials are documented (they
// are printed by `npm run serve`) and can be replaced with env DINIE_REF_PARTNERS (a JSON array of
// {name, clientId, clientSecret}).
import type { PartnerCredentials } from './options.js';

const BUILT_IN: PartnerCredentials[] = [
  { name: 'Demo Partner A', clientId: 'dinie_ci_test_demopartnera0001', clientSecret: 'dinie_cs_test_demo_secret_partner_a' },
  { name: 'Demo Partner B', clientId: 'dinie_ci_test_demopartnerb0002', clientSecret: 'dinie_cs_test_demo_secret_partner_b' },
];

function fromEnv(): PartnerCredentials[] | undefined {
  const raw = process.env.DINIE_REF_PARTNERS;
  if (!raw) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('DINIE_REF_PARTNERS must be a JSON array of {name, clientId, clientSecret}.');
  }
  const ok =
    Array.isArray(parsed) &&
    parsed.length > 0 &&
    parsed.every(
      (p) =>
        p &&
        typeof p.name === 'string' &&
        typeof p.clientId === 'string' &&
        /^dinie_ci_(live|test)_[A-Za-z0-9]+$/.test(p.clientId) &&
        typeof p.clientSecret === 'string',
    );
  if (!ok) throw new Error('DINIE_REF_PARTNERS must be a non-empty JSON array of {name, clientId (dinie_ci_test_…), clientSecret}.');
  return parsed as PartnerCredentials[];
}

export const DEMO_PARTNERS: PartnerCredentials[] = fromEnv() ?? BUILT_IN;
