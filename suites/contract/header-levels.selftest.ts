// Checks carry a level from the documentation's own words: for response headers those words are
// each header's `x-level` (MUST / SHOULD) in the contract. Every header a document levels is judged
// by the checks named here, at its level, in both revisions: a document that raises or lowers a
// header's level, or levels a new header, turns this red until the checks follow it.
import { describe, expect, it } from 'vitest';
import { headerLevel } from '../../lib/flows/operations.js';
import { type Contract, loadContract } from '../../lib/spec/index.js';
import { loadCatalogue } from '../catalogue.js';

const catalogue = await loadCatalogue();
const levelOf = (id: string) => {
  const check = catalogue.find((c) => c.id === id);
  if (!check) throw new Error(`no check ${id}`);
  return check.level;
};

/** The checks judging each levelled header (lower-case name). Location is judged by two, by its level (below). */
const JUDGED_BY: Record<string, string[]> = {
  'x-request-id': ['CONTRACT-REQUEST-ID'],
  'x-ratelimit-limit': ['RATE-HEADERS-PRESENT'],
  'x-ratelimit-remaining': ['RATE-HEADERS-PRESENT', 'RATE-REMAINING-COUNTS-DOWN'],
  'x-ratelimit-reset': ['RATE-HEADERS-PRESENT'],
  'retry-after': ['RATE-429-RETRY-AFTER'],
  allow: ['CONTRACT-UNDOCUMENTED-METHOD-405'],
};
/** A 201's Location: a MUST one (customers, documents, loans) is CONTRACT-LOCATION-CREATED's, a SHOULD one CONTRACT-LOCATION-OTHER-201's. */
const LOCATION_BY_LEVEL: Record<string, string> = { MUST: 'CONTRACT-LOCATION-CREATED', SHOULD: 'CONTRACT-LOCATION-OTHER-201' };

/** Every response header the document gives a level: where, its name, its level, whether it is required. */
function levelledHeaders(contract: Contract) {
  const out: { at: string; name: string; level: string; required: boolean }[] = [];
  for (const op of contract.operations)
    for (const res of op.responses)
      for (const h of res.headers) {
        const level = headerLevel(contract, op, res.status, h.name);
        if (level) out.push({ at: `${op.method} ${op.path} ${res.status}`, name: h.name.toLowerCase(), level, required: h.required });
      }
  return out;
}

describe.each(['docs', 'sdk'] as const)('response header levels, %s revision', (revision) => {
  it('every levelled header is judged by its checks at its level', async () => {
    const headers = levelledHeaders(await loadContract(revision));
    expect(headers.length).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (const h of headers) {
      const ids = h.name === 'location' ? [LOCATION_BY_LEVEL[h.level] ?? `(no check for a ${h.level} Location)`] : JUDGED_BY[h.name];
      if (!ids) {
        wrong.push(`${h.at}: ${h.name} is levelled ${h.level}, but no check is named for it here`);
        continue;
      }
      for (const id of ids) if (levelOf(id) !== h.level) wrong.push(`${h.at}: ${h.name} is ${h.level}, but ${id} is ${levelOf(id)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a MUST Location is required and a SHOULD one is not (the Location checks pick their headers by `required`)', async () => {
    const locations = levelledHeaders(await loadContract(revision)).filter((h) => h.name === 'location');
    expect(locations.length).toBeGreaterThan(0);
    expect(locations.filter((h) => h.required !== (h.level === 'MUST')).map((h) => `${h.at}: ${h.level}, required ${h.required}`)).toEqual([]);
  });
});
