// A small seeded PRNG (xoshiro128** seeded through splitmix32): deterministic across Node and browsers,
// so every worker regenerates the same data and the same minibatch order for a seed.

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | undefined;

  constructor(seed: number) {
    let x = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next() | 1;
  }

  /** Uniform 32-bit unsigned integer. (State kept as int32; same stream as the textbook xoshiro128**.) */
  nextUint32(): number {
    const s0 = this.s0 | 0;
    const s1 = this.s1 | 0;
    const x = Math.imul(s1, 5);
    const result = Math.imul((x << 7) | (x >>> 25), 9) >>> 0;
    const s2 = (this.s2 ^ s0) | 0;
    const s3 = (this.s3 ^ s1) | 0;
    this.s1 = s1 ^ s2;
    this.s0 = s0 ^ s3;
    this.s2 = s2 ^ (s1 << 9);
    this.s3 = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5;
    const lo = this.nextUint32() >>> 6;
    return (hi * 67108864 + lo) * (1 / 9007199254740992);
  }

  /** Standard normal (Box–Muller, both values used). */
  normal(): number {
    if (this.spare !== undefined) {
      const value = this.spare;
      this.spare = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /**
   * Fills `out` with normal() + `shift`: the very values, and the generator left in the very state, of as many
   * calls to normal(). One loop with the generator's steps written out: a synthetic set draws 400 000 numbers,
   * and method calls cost it ~40 ms more than this before the JIT has warmed up (the first seed waits for it).
   */
  fillNormals(out: Float64Array, shift = 0): void {
    let i = 0;
    if (this.spare !== undefined && out.length > 0) {
      out[i++] = this.spare + shift;
      this.spare = undefined;
    }
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    const n = out.length;
    while (i < n) {
      // u = uniform() until it is not 0, then v = uniform(): two 32-bit draws each (nextUint32, inlined).
      let u = 0;
      let v = 0;
      for (let k = 0; k < 2; k++) {
        let w = 0;
        do {
          let x = Math.imul(s1, 5);
          const hi = Math.imul((x << 7) | (x >>> 25), 9) >>> 5;
          let t2 = s2 ^ s0;
          let t3 = s3 ^ s1;
          s2 = t2 ^ (s1 << 9);
          s1 ^= t2;
          s0 ^= t3;
          s3 = (t3 << 11) | (t3 >>> 21);
          x = Math.imul(s1, 5);
          const lo = Math.imul((x << 7) | (x >>> 25), 9) >>> 6;
          t2 = s2 ^ s0;
          t3 = s3 ^ s1;
          s2 = t2 ^ (s1 << 9);
          s1 ^= t2;
          s0 ^= t3;
          s3 = (t3 << 11) | (t3 >>> 21);
          w = (hi * 67108864 + lo) * (1 / 9007199254740992);
        } while (k === 0 && w === 0);
        if (k === 0) u = w;
        else v = w;
      }
      const radius = Math.sqrt(-2 * Math.log(u));
      out[i++] = radius * Math.cos(2 * Math.PI * v) + shift;
      const second = radius * Math.sin(2 * Math.PI * v);
      if (i < n) out[i++] = second + shift;
      else this.spare = second;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Sets out[i] to 0 where a fresh uniform() is not below `keep`, for every i in order (as a loop of
   * `if (!(uniform() < keep)) out[i] = 0` would), with the generator's steps written out (see fillNormals). */
  keepBelow(out: Float64Array, keep: number): void {
    let s0 = this.s0 | 0;
    let s1 = this.s1 | 0;
    let s2 = this.s2 | 0;
    let s3 = this.s3 | 0;
    for (let i = 0; i < out.length; i++) {
      let x = Math.imul(s1, 5);
      const hi = Math.imul((x << 7) | (x >>> 25), 9) >>> 5;
      let t2 = s2 ^ s0;
      let t3 = s3 ^ s1;
      s2 = t2 ^ (s1 << 9);
      s1 ^= t2;
      s0 ^= t3;
      s3 = (t3 << 11) | (t3 >>> 21);
      x = Math.imul(s1, 5);
      const lo = Math.imul((x << 7) | (x >>> 25), 9) >>> 6;
      t2 = s2 ^ s0;
      t3 = s3 ^ s1;
      s2 = t2 ^ (s1 << 9);
      s1 ^= t2;
      s0 ^= t3;
      s3 = (t3 << 11) | (t3 >>> 21);
      if (!((hi * 67108864 + lo) * (1 / 9007199254740992) < keep)) out[i] = 0;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Uniform integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.uniform() * bound);
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}

