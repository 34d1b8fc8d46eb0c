/**
 * A small seeded generator (mulberry32): the same seed gives the same shuffles in every
 * runtime, which makes SGD reproducible bit for bit. Not for cryptography.
 */
export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Object.defineProperty(next, "state", { get: () => state }) as SeededRandom;
}

/**
 * Numbers in [0, 1). `state` is the generator's whole state (a uint32): seededRandom(state)
 * continues the sequence exactly, which lets an incremental fit be saved and resumed.
 */
export interface SeededRandom {
  (): number;
  readonly state: number;
}

/** Fisher–Yates shuffle of `a` in place. */
export function shuffle(a: Int32Array, random: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}
