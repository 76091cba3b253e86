/**
 * Seeded random numbers for the tests' generated inputs: Park-Miller, whose products stay below
 * 2^53 so that every step is exact in a double. (The LCG these tests used before multiplied by
 * ~2^30 and lost its low bits: it cycled through some 280 states, so "50,000 cases" were 280.)
 */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed % 2147483647 || 1;
  return (n: number) => (state = (state * 48271) % 2147483647) % n;
}
