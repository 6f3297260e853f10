/**
 * An open-addressing hash table from a pair of unigram ids to a bigram's term id, on one typed array.
 * Bigrams are most of the vocabulary (about a million at 50k abstracts, most seen once), so they are keyed by
 * their two unigram ids rather than by a string: no string is made, hashed or kept for a bigram that is never
 * shown. Each slot holds `first, second, id` side by side, so a probe reads one cache line.
 */

import type { ImageParts } from './image-parts.js';

const EMPTY = -1;
const MAX_LOAD = 0.7;

export class PairTable {
  /** Slot s is `cells[3s]` (first), `cells[3s + 1]` (second), `cells[3s + 2]` (id, or -1 when empty). */
  private cells = emptyCells(1 << 16);
  private capacity = 1 << 16;
  private count = 0;

  /** Number of pairs stored. */
  get size(): number {
    return this.count;
  }

  /** Term id of the pair (a, b), or -1. */
  get(a: number, b: number): number {
    const cells = this.cells;
    const mask = this.capacity - 1;
    for (let slot = hash(a, b) & mask; ; slot = (slot + 1) & mask) {
      const at = slot * 3;
      const id = cells[at + 2];
      if (id === EMPTY || (cells[at] === a && cells[at + 1] === b)) return id;
    }
  }

  /**
   * The first and second unigram ids of the pair stored as `id`, or undefined. A scan of the table (a few ms):
   * only display forms that were never recorded need it, and keeping an id-to-slot array for them would cost
   * 4 bytes a term.
   */
  partsOf(id: number): [number, number] | undefined {
    const cells = this.cells;
    for (let at = 2; at < cells.length; at += 3) if (cells[at] === id) return [cells[at - 2], cells[at - 1]];
    return undefined;
  }

  /** Put the table into an image: its pairs only (a third of the slots are empty), as first, second and id. */
  writeImage(parts: ImageParts, prefix: string): void {
    const pairs = new Int32Array(this.count * 3);
    let n = 0;
    for (let at = 0; at < this.cells.length && n < pairs.length; at += 3) {
      if (this.cells[at + 2] === EMPTY) continue;
      pairs.set(this.cells.subarray(at, at + 3), n);
      n += 3;
    }
    parts.arrays.set(`${prefix}.pairs`, pairs);
  }

  /** Take the table from an image, into an empty one. */
  readImage(parts: ImageParts, prefix: string): void {
    if (this.count > 0) throw new Error('an image goes into an empty pair table');
    const pairs = parts.array(`${prefix}.pairs`, Int32Array);
    if (pairs.length % 3 !== 0) throw new RangeError('pair table entries are not triples');
    const count = pairs.length / 3;
    while (count > this.capacity * MAX_LOAD) this.capacity *= 2;
    this.cells = emptyCells(this.capacity);
    for (let at = 0; at < pairs.length; at += 3) this.place(pairs[at], pairs[at + 1], pairs[at + 2]);
    this.count = count;
  }

  /** Record that the pair (a, b), not yet stored, is term `id`. */
  insert(a: number, b: number, id: number): void {
    if (this.count + 1 > this.capacity * MAX_LOAD) this.resize();
    this.place(a, b, id);
    this.count++;
  }

  private place(a: number, b: number, id: number): void {
    const mask = this.capacity - 1;
    let slot = hash(a, b) & mask;
    while (this.cells[slot * 3 + 2] !== EMPTY) slot = (slot + 1) & mask;
    this.cells[slot * 3] = a;
    this.cells[slot * 3 + 1] = b;
    this.cells[slot * 3 + 2] = id;
  }

  private resize(): void {
    const old = this.cells;
    this.capacity *= 2;
    this.cells = emptyCells(this.capacity);
    for (let at = 0; at < old.length; at += 3) if (old[at + 2] !== EMPTY) this.place(old[at], old[at + 1], old[at + 2]);
  }
}

function emptyCells(capacity: number): Int32Array {
  const cells = new Int32Array(capacity * 3);
  for (let at = 2; at < cells.length; at += 3) cells[at] = EMPTY;
  return cells;
}

/** Mix two 31-bit ids into a well-spread 32-bit hash (murmur3 finaliser). */
function hash(a: number, b: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ b;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
