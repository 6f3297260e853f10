/**
 * Sparse vectors over term ids, and the small helpers the index and the ranking share.
 */

/** A sparse vector: parallel arrays of term ids and weights. */
export interface SparseVector {
  ids: Uint32Array;
  weights: Float32Array;
}

export const EMPTY_VECTOR: SparseVector = { ids: new Uint32Array(0), weights: new Float32Array(0) };

/** Build a sparse vector from a term-id -> weight map, dropping zeros (and non-finite weights). */
export function fromMap(map: Map<number, number>): SparseVector {
  const ids = new Uint32Array(map.size);
  let n = 0;
  for (const [id, w] of map) if (w !== 0 && Number.isFinite(w)) ids[n++] = id;
  const sorted = ids.subarray(0, n).sort();
  const weights = new Float32Array(n);
  for (let i = 0; i < n; i++) weights[i] = map.get(sorted[i])!;
  return { ids: n === ids.length ? sorted : sorted.slice(), weights };
}

/** Accumulate `scale * vector` into `into`. */
export function addScaled(into: Map<number, number>, vector: SparseVector, scale: number): void {
  for (let i = 0; i < vector.ids.length; i++) {
    const id = vector.ids[i];
    into.set(id, (into.get(id) ?? 0) + scale * vector.weights[i]);
  }
}

/** Euclidean length. */
export function norm(vector: SparseVector): number {
  let sum = 0;
  for (const w of vector.weights) sum += w * w;
  return Math.sqrt(sum);
}

/** Scale to unit length (a zero vector stays zero). */
export function normalize(vector: SparseVector): SparseVector {
  const length = norm(vector);
  if (length === 0) return vector;
  return { ids: vector.ids, weights: vector.weights.map((w) => w / length) };
}

/**
 * Keep the `n` entries with the largest absolute weight (profiles stay small and fast to score); among equal
 * weights at the cut, the lower term ids stay. The result is sorted by term id.
 */
export function truncate(vector: SparseVector, n: number): SparseVector {
  const length = vector.ids.length;
  if (length <= n) return vector;
  if (n <= 0) return EMPTY_VECTOR;
  const magnitudes = new Float64Array(length);
  for (let i = 0; i < length; i++) magnitudes[i] = Math.abs(vector.weights[i]);
  const cut = magnitudes.slice().sort()[length - n];
  let above = 0;
  for (let i = 0; i < length; i++) if (magnitudes[i] > cut) above++;
  let ties = n - above;
  const ids = new Uint32Array(n);
  const weights = new Float32Array(n);
  let k = 0;
  for (let i = 0; i < length && k < n; i++) {
    if (magnitudes[i] > cut || (magnitudes[i] === cut && ties-- > 0)) {
      ids[k] = vector.ids[i];
      weights[k++] = vector.weights[i];
    }
  }
  return { ids, weights };
}

/**
 * A bounded heap that keeps the `k` best items: higher score first, and among equal scores the lower item, so
 * the result does not depend on the order items are pushed in (a pruned search pushes fewer of them).
 */
export class TopK {
  private readonly scores: Float64Array;
  private readonly items: Int32Array;
  private size = 0;
  constructor(private readonly k: number) {
    this.scores = new Float64Array(Math.max(1, k));
    this.items = new Int32Array(Math.max(1, k));
  }
  /** Number of items kept at most. */
  get capacity(): number {
    return this.k;
  }
  /** Lowest score that still may get in, or -Infinity while there is room. */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }
  push(item: number, score: number): void {
    if (this.k === 0) return;
    if (this.size < this.k) this.siftUp(this.size++, item, score);
    else if (score > this.scores[0] || (score === this.scores[0] && item < this.items[0])) this.siftDown(item, score);
  }
  /** Items and scores, best first. */
  result(): { item: number; score: number }[] {
    const out: { item: number; score: number }[] = [];
    for (let i = 0; i < this.size; i++) out.push({ item: this.items[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.item - b.item);
  }
  /** True when the entry at `at` ranks below (`item`, `score`) (the heap's root is the lowest). */
  private below(at: number, item: number, score: number): boolean {
    return this.scores[at] < score || (this.scores[at] === score && this.items[at] > item);
  }
  /** Put (`item`, `score`) in the free slot `i` and move it up to its place. */
  private siftUp(i: number, item: number, score: number): void {
    const { scores, items } = this;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!(score < scores[parent] || (score === scores[parent] && item > items[parent]))) break;
      scores[i] = scores[parent];
      items[i] = items[parent];
      i = parent;
    }
    scores[i] = score;
    items[i] = item;
  }
  /** Replace the root with (`item`, `score`) and move it down to its place. */
  private siftDown(item: number, score: number): void {
    const { scores, items, size } = this;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= size) break;
      const m = l + 1 < size && this.below(l + 1, items[l], scores[l]) ? l + 1 : l;
      if (!this.below(m, item, score)) break;
      scores[i] = scores[m];
      items[i] = items[m];
      i = m;
    }
    scores[i] = score;
    items[i] = item;
  }
}

/** Dot product of two sparse vectors (ids sorted ascending, as the index makes them). */
export function sparseDot(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let sum = 0;
  while (i < a.ids.length && j < b.ids.length) {
    if (a.ids[i] === b.ids[j]) sum += a.weights[i++] * b.weights[j++];
    else if (a.ids[i] < b.ids[j]) i++;
    else j++;
  }
  return sum;
}
