// One Faker instance driven by a tiny PRNG that fast-check seeds per value: every generated name
// or e-mail is a pure function of an fc.integer, so runs replay and shrink. (Faker's default
// Mersenne Twister costs ~130 µs per re-seed, which would dominate generation.)

import { base, en, Faker, pt_BR, type Randomizer } from '@faker-js/faker';
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

const faker = new Faker({ locale: [pt_BR, en, base], randomizer });

/** An arbitrary of `make(faker)` with Faker seeded from fast-check's random source. */
export function fromFaker<T>(make: (faker: Faker) => T): fc.Arbitrary<T> {
  return fc.integer({ min: 0, max: 0x7fffffff }).map((seed) => {
    faker.seed(seed);
    return make(faker);
  });
}
