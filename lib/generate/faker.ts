// One Faker instance driven by a tiny PRNG that fast-check seeds per value: every generated name
// or e-mail is a pure function of an fc.integer, so runs replay and shrink. (Faker's default
// Mersenne Twister costs ~130 µs per re-seed, which would dominate generation.)

import type { Faker, Randomizer } from '@faker-js/faker';
// One locale's entry, not the package's root: the root loads every locale Faker ships (~0.75 s of a
// worker's start-up, against ~0.1 s). Its instance speaks pt_BR with en and base as fallbacks.
import { faker as ptBR } from '@faker-js/faker/locale/pt_BR';
import fc from 'fast-check';

let state = 0;
const randomizer: Randomizer = {
  // mulberry32
  next() {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  },
  seed(seed: number | number[]) {
    state = (Array.isArray(seed) ? seed.reduce((a, b) => (a * 31 + b) | 0, 0) : seed) | 0;
  },
};

// The same definitions (pt_BR, then en, then base: what `new Faker({ locale: [pt_BR, en, base] })` had)
// with our randomizer, which only a new instance can take.
const FakerOf = ptBR.constructor as typeof Faker;
const faker = new FakerOf({ locale: ptBR.rawDefinitions, randomizer });

/** An arbitrary of `make(faker)` with Faker seeded from fast-check's random source. */
export function fromFaker<T>(make: (faker: Faker) => T): fc.Arbitrary<T> {
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => {
    faker.seed(seed);
    return make(faker);
  });
}
