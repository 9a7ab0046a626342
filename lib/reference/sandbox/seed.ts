// The sandbox's accumulated state: thousands of customers other integrations left behind, written
// straight into the store at start-up (no events, no timers). Deterministic for a given seed:
// valid CPFs/CNPJs, every customer status with consistent KYC items, created_at spread over the
// past eight weeks, external_ids of other systems (never `dinie-conformance…`), and one offer per
// active customer (available, or expired once its 30 days ran out). Ids are random; the rest is
// the same for the same seed.

import { DEFAULT_TERMS } from '../credit/offers.js';
import { creditStore, type OfferRecord } from '../credit/records.js';
import { initialKyc } from '../customers/kyc.js';
import type { Kernel } from '../kernel.js';
import type { CustomerRecord, CustomerStatus, KycItem } from '../model.js';

const DAY_MS = 86_400_000;
const SPREAD_DAYS = 56;

const FIRST = [
  'Ana',
  'Bruno',
  'Carla',
  'Daniel',
  'Eduarda',
  'Felipe',
  'Gabriela',
  'Henrique',
  'Isabela',
  'João',
  'Juliana',
  'Lucas',
  'Mariana',
  'Mateus',
  'Natália',
  'Otávio',
  'Paula',
  'Rafael',
  'Sofia',
  'Thiago',
  'Vitória',
  'Wesley',
  'Yasmin',
  'Caio',
  'Larissa',
  'Marcos',
  'Fernanda',
  'Pedro',
  'Beatriz',
  'Gustavo',
  'Letícia',
  'Rodrigo',
  'Camila',
  'André',
  'Patrícia',
  'Leonardo',
];
const LAST = [
  'Silva',
  'Santos',
  'Oliveira',
  'Souza',
  'Rodrigues',
  'Ferreira',
  'Alves',
  'Pereira',
  'Lima',
  'Gomes',
  'Costa',
  'Ribeiro',
  'Martins',
  'Carvalho',
  'Almeida',
  'Lopes',
  'Soares',
  'Fernandes',
  'Vieira',
  'Barbosa',
  'Rocha',
  'Dias',
  'Nascimento',
  'Andrade',
  'Moreira',
  'Nunes',
  'Marques',
  'Machado',
  'Mendes',
  'Freitas',
  'Cardoso',
  'Ramos',
  'Gonçalves',
  'Santana',
  'Teixeira',
  'Araújo',
];
const TRADES = ['Doces', 'Oficina', 'Salão', 'Marmitaria', 'Papelaria', 'Ateliê', 'Pet Shop', 'Mercadinho', 'Açaí', 'Costura', 'Reformas', 'Fotografia'];
const DOMAINS = ['example.com', 'example.com.br', 'exemplo.com.br', 'example.net'];

/** mulberry32: a small, fast, seedable generator (the data only needs to look varied and be reproducible). */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(xs: readonly T[]) => xs[int(xs.length)]!, hex: (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join('') };
}

function checkDigit(digits: number[], weights: number[]): number {
  const sum = digits.reduce((acc, d, i) => acc + d * weights[i]!, 0);
  const r = sum % 11;
  return r < 2 ? 0 : 11 - r;
}

function cpfOf(base: number[]): string {
  const d1 = checkDigit(base, [10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = checkDigit([...base, d1], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
  const s = [...base, d1, d2].join('');
  return `${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6, 9)}-${s.slice(9)}`;
}

function cnpjOf(base: number[]): string {
  const d1 = checkDigit(base, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const d2 = checkDigit([...base, d1], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
  const s = [...base, d1, d2].join('');
  return `${s.slice(0, 2)}.${s.slice(2, 5)}.${s.slice(5, 8)}/${s.slice(8, 12)}-${s.slice(12)}`;
}

function plain(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

/** Names as they appear in e-mail addresses (no accents), computed once. */
const PLAIN = new Map([...FIRST, ...LAST].map((n) => [n, plain(n)]));

/** Plain loops, no closures per customer: keeps 5000 customers well under the start-up budget. */
function digits(rnd: ReturnType<typeof generator>, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(rnd.int(10));
  return out;
}

/**
 * Writes `count` customers into `partnerId`'s partition (indexed for registration idempotency like
 * registered ones) and an offer for each active one. Returns the customers, oldest first.
 */
export function seedCustomers(kernel: Kernel, partnerId: string, count: number, seed: number): CustomerRecord[] {
  const rnd = generator(seed);
  const part = kernel.store.partition(partnerId);
  const byCpf = part.collection<CustomerRecord[]>('customersByCpf');
  const byCnpj = part.collection<CustomerRecord[]>('customersByCnpj');
  const offers = creditStore(kernel, partnerId).offers;
  const nowMs = kernel.clock.nowMs();
  const seenCpf = new Set<string>();
  const seenCnpj = new Set<string>();
  const made: CustomerRecord[] = [];

  for (let n = 0; n < count; n++) {
    let cpf: string;
    do {
      const base = digits(rnd, 9);
      if (base[0] === base[1] && base.join('') === String(base[0]).repeat(9)) base[8] = (base[0]! + 1) % 10; // 111.111.111-11 and the like are not CPFs
      cpf = cpfOf(base);
    } while (seenCpf.has(cpf));
    seenCpf.add(cpf);
    let cnpj: string | null = null;
    if (rnd.next() < 0.25) {
      do {
        const base = digits(rnd, 8);
        base.push(0, 0, 0, 1);
        cnpj = cnpjOf(base);
      } while (seenCnpj.has(cnpj));
      seenCnpj.add(cnpj);
    }
    const first = rnd.pick(FIRST);
    const last = rnd.pick(LAST);
    const name = rnd.next() < 0.03 ? null : `${first} ${rnd.pick(LAST)} ${last}`;
    // The SDK revision's read model always has an e-mail and a phone (the rolls are drawn either way, so a seed makes the same data).
    const email = rnd.next() < 0.05 && !kernel.wire.contactRequired ? null : `${PLAIN.get(first)}.${PLAIN.get(last)}${rnd.int(1000)}@${rnd.pick(DOMAINS)}`;
    const phone = rnd.next() < 0.05 && !kernel.wire.contactRequired ? null : `+55${11 + rnd.int(89)}9${String(rnd.int(1e8)).padStart(8, '0')}`;
    const roll = rnd.next();
    const externalId = roll < 0.45 ? `crm-${String(100000 + n).padStart(7, '0')}` : roll < 0.85 ? `erp:${rnd.hex(8)}-${rnd.hex(4)}` : null;

    const createdMs = nowMs - Math.floor(rnd.next() * SPREAD_DAYS * DAY_MS) - 60_000;
    const statusRoll = rnd.next();
    const status: CustomerStatus = statusRoll < 0.5 ? 'active' : statusRoll < 0.65 ? 'under_review' : 'pending_kyc';
    const { kyc, lastUploadMs } = kycFor(initialKyc(kernel.wire.kycTemplates(cnpj !== null)), status, createdMs, nowMs, rnd);
    const updatedMs = Math.min(nowMs, Math.max(lastUploadMs, createdMs + Math.floor(rnd.next() * 3 * DAY_MS)));
    const customer: CustomerRecord = {
      id: kernel.newId('cust'),
      partnerId,
      status,
      cpf,
      cnpj,
      name,
      email,
      phone,
      trading_name: cnpj && rnd.next() < 0.8 ? `${rnd.pick(TRADES)} ${first}` : null,
      external_id: externalId,
      kyc,
      createdAt: new Date(createdMs),
      updatedAt: new Date(updatedMs),
    };
    made.push(customer);
  }

  made.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  const madeOffers: OfferRecord[] = [];
  for (const c of made) {
    part.customers.set(c.id, c);
    byCpf.set(c.cpf, [c]);
    if (c.cnpj) byCnpj.set(c.cnpj, [c]);
    if (c.status === 'active') {
      const createdMs = c.updatedAt.getTime();
      const validUntil = new Date(createdMs + DEFAULT_TERMS.validDays * DAY_MS);
      const expired = validUntil.getTime() <= nowMs;
      const approvedCents = (5 + rnd.int(46)) * 100_000;
      const offer: OfferRecord = {
        id: kernel.newId('co'),
        customerId: c.id,
        status: expired ? 'expired' : 'available',
        approvedCents,
        minCents: DEFAULT_TERMS.minCents,
        monthlyRatePct: rnd.pick([2.49, 2.99, 3.5, 3.99, 4.5]),
        minInstallments: DEFAULT_TERMS.minInstallments,
        maxInstallments: rnd.pick([12, 18, 24]),
        validUntil,
        latestSimulationId: null,
        createdAt: new Date(createdMs),
        updatedAt: expired ? validUntil : new Date(createdMs),
      };
      madeOffers.push(offer);
    }
  }
  // The offer lists show the newest last inserted first.
  madeOffers.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  for (const o of madeOffers) offers.set(o.id, o);
  return made;
}

/** KYC items consistent with the customer's status: pending_kyc still misses something, under_review has all in, active has all approved. */
function kycFor(items: KycItem[], status: CustomerStatus, createdMs: number, nowMs: number, rnd: ReturnType<typeof generator>) {
  const missing = status === 'pending_kyc' ? 1 + rnd.int(items.length) : 0;
  let lastUploadMs = createdMs;
  for (let i = 0; i < items.length - missing; i++) {
    // Whole seconds, as the API writes instants.
    const at = Math.floor(Math.min(nowMs, createdMs + rnd.next() * DAY_MS) / 1000) * 1000;
    if (at > lastUploadMs) lastUploadMs = at;
    const item = items[i]!;
    item.status = status === 'active' || (status === 'under_review' && rnd.next() < 0.5) ? 'approved' : 'submitted';
    item.uploaded_at = new Date(at).toISOString().replace('.000Z', 'Z');
  }
  return { kyc: items, lastUploadMs };
}
