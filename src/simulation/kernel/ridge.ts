// The ridge simulator's WebAssembly kernel (AssemblyScript, f32x4 SIMD).
//
// Every cell of the grid (variant × α × λ) of one seed runs in lockstep on the same minibatch, so a step
// is two matrix products on a d × K weight matrix plus Adam's elementwise update:
//   residual:  R (rows × K) = A_batch (rows × d) · W (d × K) − b            (row-major, K contiguous)
//   adamStep:  G (d × K)    = A_batchᵀ · R / rows, fused with the update of W, M, V
// Everything that depends on the optimizer variant or the schedule is folded by the host into three
// per-cell coefficient vectors (decay, step, l2), so the kernel knows nothing of variants:
//   g ← g + l2·w;  m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²;  w ← decay·w − step·m / (√v·c2 + ε)
// The host pads d and K to multiples of 4 (zero columns, zero coefficients): the cells go 8 at a time, and
// a last 4.
// Memory is a bump heap (runtime stub): the host allocates its buffers once per job with `alloc`, and
// `reset` frees them all before the next job (a Node worker keeps its instance between runs).

const ZERO: v128 = f32x4.splat(0);

/** Allocates `bytes` bytes, 16-byte aligned, growing the memory if needed. */
export function alloc(bytes: i32): usize {
  return heap.alloc(<usize>bytes);
}

/** Frees every buffer `alloc` gave out: the next job lays its buffers out from the start of the heap. */
export function reset(): void {
  heap.reset();
}

/** Copies the rows `idx[0..rows)` of `a` (n × dPad) and of `b` into the batch buffers `ab`, `bb`. */
export function gather(a: usize, b: usize, dPad: i32, idx: usize, rows: i32, ab: usize, bb: usize): void {
  const rowBytes = <usize>dPad << 2;
  for (let i = 0; i < rows; i++) {
    const src = <usize>load<i32>(idx + (<usize>i << 2));
    memory.copy(ab + <usize>i * rowBytes, a + src * rowBytes, rowBytes);
    store<f32>(bb + (<usize>i << 2), load<f32>(b + (src << 2)));
  }
}

/** R = A·W − b for `rows` rows of `a` (rows × dPad), and loss[k] = 0.5·mean_i R[i,k]². */
export function residual(a: usize, b: usize, dPad: i32, rows: i32, w: usize, K: i32, r: usize, loss: usize): void {
  const rowBytes = <usize>dPad << 2;
  const kBytes = <usize>K << 2;
  for (let k = 0; k < K; k += 4) v128.store(loss + (<usize>k << 2), ZERO);
  let i = 0;
  // Four rows × eight cells at a time: 8 accumulators stay in registers while W streams through once.
  for (; i + 4 <= rows; i += 4) {
    const a0 = a + <usize>i * rowBytes;
    const a1 = a0 + rowBytes;
    const a2 = a1 + rowBytes;
    const a3 = a2 + rowBytes;
    const r0 = r + <usize>i * kBytes;
    const bp = b + (<usize>i << 2);
    const t0 = v128.load32_splat(bp);
    const t1 = v128.load32_splat(bp, 4);
    const t2 = v128.load32_splat(bp, 8);
    const t3 = v128.load32_splat(bp, 12);
    let k = 0;
    for (; k + 8 <= K; k += 8) {
      let s00 = ZERO, s01 = ZERO, s10 = ZERO, s11 = ZERO, s20 = ZERO, s21 = ZERO, s30 = ZERO, s31 = ZERO;
      let wp = w + (<usize>k << 2);
      for (let off: usize = 0; off < rowBytes; off += 4) {
        const w0 = v128.load(wp);
        const w1 = v128.load(wp, 16);
        const x0 = v128.load32_splat(a0 + off);
        const x1 = v128.load32_splat(a1 + off);
        const x2 = v128.load32_splat(a2 + off);
        const x3 = v128.load32_splat(a3 + off);
        s00 = f32x4.add(s00, f32x4.mul(x0, w0));
        s01 = f32x4.add(s01, f32x4.mul(x0, w1));
        s10 = f32x4.add(s10, f32x4.mul(x1, w0));
        s11 = f32x4.add(s11, f32x4.mul(x1, w1));
        s20 = f32x4.add(s20, f32x4.mul(x2, w0));
        s21 = f32x4.add(s21, f32x4.mul(x2, w1));
        s30 = f32x4.add(s30, f32x4.mul(x3, w0));
        s31 = f32x4.add(s31, f32x4.mul(x3, w1));
        wp += kBytes;
      }
      const ko = <usize>k << 2;
      s00 = f32x4.sub(s00, t0); s01 = f32x4.sub(s01, t0);
      s10 = f32x4.sub(s10, t1); s11 = f32x4.sub(s11, t1);
      s20 = f32x4.sub(s20, t2); s21 = f32x4.sub(s21, t2);
      s30 = f32x4.sub(s30, t3); s31 = f32x4.sub(s31, t3);
      v128.store(r0 + ko, s00); v128.store(r0 + ko, s01, 16);
      v128.store(r0 + kBytes + ko, s10); v128.store(r0 + kBytes + ko, s11, 16);
      v128.store(r0 + 2 * kBytes + ko, s20); v128.store(r0 + 2 * kBytes + ko, s21, 16);
      v128.store(r0 + 3 * kBytes + ko, s30); v128.store(r0 + 3 * kBytes + ko, s31, 16);
      const lp = loss + ko;
      let l0 = v128.load(lp);
      let l1 = v128.load(lp, 16);
      l0 = f32x4.add(l0, f32x4.add(f32x4.add(f32x4.mul(s00, s00), f32x4.mul(s10, s10)),
        f32x4.add(f32x4.mul(s20, s20), f32x4.mul(s30, s30))));
      l1 = f32x4.add(l1, f32x4.add(f32x4.add(f32x4.mul(s01, s01), f32x4.mul(s11, s11)),
        f32x4.add(f32x4.mul(s21, s21), f32x4.mul(s31, s31))));
      v128.store(lp, l0);
      v128.store(lp, l1, 16);
    }
    if (k < K) {
      // The last 4 cells: four rows × four cells.
      let s0 = ZERO, s1 = ZERO, s2 = ZERO, s3 = ZERO;
      let wp = w + (<usize>k << 2);
      for (let off: usize = 0; off < rowBytes; off += 4) {
        const w0 = v128.load(wp);
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + off), w0));
        s1 = f32x4.add(s1, f32x4.mul(v128.load32_splat(a1 + off), w0));
        s2 = f32x4.add(s2, f32x4.mul(v128.load32_splat(a2 + off), w0));
        s3 = f32x4.add(s3, f32x4.mul(v128.load32_splat(a3 + off), w0));
        wp += kBytes;
      }
      const ko = <usize>k << 2;
      s0 = f32x4.sub(s0, t0); s1 = f32x4.sub(s1, t1); s2 = f32x4.sub(s2, t2); s3 = f32x4.sub(s3, t3);
      v128.store(r0 + ko, s0);
      v128.store(r0 + kBytes + ko, s1);
      v128.store(r0 + 2 * kBytes + ko, s2);
      v128.store(r0 + 3 * kBytes + ko, s3);
      const lp = loss + ko;
      v128.store(lp, f32x4.add(v128.load(lp), f32x4.add(f32x4.add(f32x4.mul(s0, s0), f32x4.mul(s1, s1)),
        f32x4.add(f32x4.mul(s2, s2), f32x4.mul(s3, s3)))));
    }
  }
  for (; i < rows; i++) {
    const a0 = a + <usize>i * rowBytes;
    const r0 = r + <usize>i * kBytes;
    const t0 = v128.load32_splat(b + (<usize>i << 2));
    let k = 0;
    for (; k + 8 <= K; k += 8) {
      let s00 = ZERO, s01 = ZERO;
      let wp = w + (<usize>k << 2);
      for (let off: usize = 0; off < rowBytes; off += 4) {
        const x0 = v128.load32_splat(a0 + off);
        s00 = f32x4.add(s00, f32x4.mul(x0, v128.load(wp)));
        s01 = f32x4.add(s01, f32x4.mul(x0, v128.load(wp, 16)));
        wp += kBytes;
      }
      const ko = <usize>k << 2;
      s00 = f32x4.sub(s00, t0);
      s01 = f32x4.sub(s01, t0);
      v128.store(r0 + ko, s00);
      v128.store(r0 + ko, s01, 16);
      const lp = loss + ko;
      v128.store(lp, f32x4.add(v128.load(lp), f32x4.mul(s00, s00)));
      v128.store(lp, f32x4.add(v128.load(lp, 16), f32x4.mul(s01, s01)), 16);
    }
    if (k < K) {
      let s0 = ZERO;
      let wp = w + (<usize>k << 2);
      for (let off: usize = 0; off < rowBytes; off += 4) {
        s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(a0 + off), v128.load(wp)));
        wp += kBytes;
      }
      const ko = <usize>k << 2;
      s0 = f32x4.sub(s0, t0);
      v128.store(r0 + ko, s0);
      const lp = loss + ko;
      v128.store(lp, f32x4.add(v128.load(lp), f32x4.mul(s0, s0)));
    }
  }
  const half = f32x4.splat(<f32>0.5 / <f32>rows);
  for (let k = 0; k < K; k += 4) {
    const lp = loss + (<usize>k << 2);
    v128.store(lp, f32x4.mul(v128.load(lp), half));
  }
}

// One Adam update of four consecutive cells of one weight row.
// @ts-ignore: decorator
@inline function update(w: usize, m: usize, v: usize, g: v128, decay: v128, step: v128, l2: v128,
  b1: v128, c1: v128, b2: v128, c2: v128, ibc2: v128, eps: v128): void {
  const wv = v128.load(w);
  const gg = f32x4.add(g, f32x4.mul(l2, wv));
  const mv = f32x4.add(f32x4.mul(b1, v128.load(m)), f32x4.mul(c1, gg));
  const vv = f32x4.add(f32x4.mul(b2, v128.load(v)), f32x4.mul(c2, f32x4.mul(gg, gg)));
  const denom = f32x4.add(f32x4.mul(f32x4.sqrt(vv), ibc2), eps);
  v128.store(m, mv);
  v128.store(v, vv);
  v128.store(w, f32x4.sub(f32x4.mul(decay, wv), f32x4.div(f32x4.mul(step, mv), denom)));
}

/** G = A_batchᵀ·R·invRows fused with the Adam update of W, M, V (each dPad × K). `decay`, `step`, `l2`
 * hold one coefficient per cell; `ibc2` is 1/√(1−β2^t) and `step` already includes 1/(1−β1^t). */
export function adamStep(ab: usize, dPad: i32, rows: i32, r: usize, K: i32, w: usize, m: usize, v: usize,
  decay: usize, step: usize, l2: usize, beta1: f32, beta2: f32, invSqrtBc2: f32, eps: f32): void {
  const rowBytes = <usize>dPad << 2;
  const kBytes = <usize>K << 2;
  const scale = f32x4.splat(<f32>1 / <f32>rows);
  const b1 = f32x4.splat(beta1);
  const c1 = f32x4.splat(<f32>1 - beta1);
  const b2 = f32x4.splat(beta2);
  const c2 = f32x4.splat(<f32>1 - beta2);
  const ibc2 = f32x4.splat(invSqrtBc2);
  const ev = f32x4.splat(eps);
  // Four weight rows × eight cells at a time; R (rows × K) stays in L1 across the row blocks.
  for (let j = 0; j < dPad; j += 4) {
    const ap0 = ab + (<usize>j << 2);
    let k = 0;
    for (; k + 8 <= K; k += 8) {
      let g00 = ZERO, g01 = ZERO, g10 = ZERO, g11 = ZERO, g20 = ZERO, g21 = ZERO, g30 = ZERO, g31 = ZERO;
      let rp = r + (<usize>k << 2);
      let ap = ap0;
      for (let i = 0; i < rows; i++) {
        const r0 = v128.load(rp);
        const r1 = v128.load(rp, 16);
        const x0 = v128.load32_splat(ap);
        const x1 = v128.load32_splat(ap, 4);
        const x2 = v128.load32_splat(ap, 8);
        const x3 = v128.load32_splat(ap, 12);
        g00 = f32x4.add(g00, f32x4.mul(x0, r0));
        g01 = f32x4.add(g01, f32x4.mul(x0, r1));
        g10 = f32x4.add(g10, f32x4.mul(x1, r0));
        g11 = f32x4.add(g11, f32x4.mul(x1, r1));
        g20 = f32x4.add(g20, f32x4.mul(x2, r0));
        g21 = f32x4.add(g21, f32x4.mul(x2, r1));
        g30 = f32x4.add(g30, f32x4.mul(x3, r0));
        g31 = f32x4.add(g31, f32x4.mul(x3, r1));
        rp += kBytes;
        ap += rowBytes;
      }
      const ko = <usize>k << 2;
      const d0 = v128.load(decay + ko), d1 = v128.load(decay + ko, 16);
      const s0 = v128.load(step + ko), s1 = v128.load(step + ko, 16);
      const q0 = v128.load(l2 + ko), q1 = v128.load(l2 + ko, 16);
      let off = <usize>j * kBytes + ko;
      update(w + off, m + off, v + off, f32x4.mul(g00, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      update(w + off + 16, m + off + 16, v + off + 16, f32x4.mul(g01, scale), d1, s1, q1, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g10, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      update(w + off + 16, m + off + 16, v + off + 16, f32x4.mul(g11, scale), d1, s1, q1, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g20, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      update(w + off + 16, m + off + 16, v + off + 16, f32x4.mul(g21, scale), d1, s1, q1, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g30, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      update(w + off + 16, m + off + 16, v + off + 16, f32x4.mul(g31, scale), d1, s1, q1, b1, c1, b2, c2, ibc2, ev);
    }
    if (k < K) {
      // The last 4 cells: four weight rows × four cells.
      let g0 = ZERO, g1 = ZERO, g2 = ZERO, g3 = ZERO;
      let rp = r + (<usize>k << 2);
      let ap = ap0;
      for (let i = 0; i < rows; i++) {
        const r0 = v128.load(rp);
        g0 = f32x4.add(g0, f32x4.mul(v128.load32_splat(ap), r0));
        g1 = f32x4.add(g1, f32x4.mul(v128.load32_splat(ap, 4), r0));
        g2 = f32x4.add(g2, f32x4.mul(v128.load32_splat(ap, 8), r0));
        g3 = f32x4.add(g3, f32x4.mul(v128.load32_splat(ap, 12), r0));
        rp += kBytes;
        ap += rowBytes;
      }
      const ko = <usize>k << 2;
      const d0 = v128.load(decay + ko), s0 = v128.load(step + ko), q0 = v128.load(l2 + ko);
      let off = <usize>j * kBytes + ko;
      update(w + off, m + off, v + off, f32x4.mul(g0, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g1, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g2, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
      off += kBytes;
      update(w + off, m + off, v + off, f32x4.mul(g3, scale), d0, s0, q0, b1, c1, b2, c2, ibc2, ev);
    }
  }
}

/** Zeroes column k of W, M and V (a diverged cell is frozen at zero so it stays finite and cheap). */
export function resetCell(w: usize, m: usize, v: usize, dPad: i32, K: i32, k: i32): void {
  const kBytes = <usize>K << 2;
  let off = <usize>k << 2;
  for (let j = 0; j < dPad; j++) {
    store<f32>(w + off, 0);
    store<f32>(m + off, 0);
    store<f32>(v + off, 0);
    off += kBytes;
  }
}
