// A small seeded PRNG (mulberry32) so a failing randomized test can be replayed from its printed seed.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function seedFromEnv(): number {
  return process.env.PARAKEET_TEST_SEED ? Number(process.env.PARAKEET_TEST_SEED) : Math.floor(Math.random() * 2 ** 31);
}
