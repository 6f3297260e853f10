/**
 * The indexing hot path of `words` (src/text/tokenize.ts): it finds the same words in the same order, but
 * reads character codes and looks each word up in its own hash table of distinct words, so the ten million
 * words of 50,000 abstracts are never cut out as strings or hashed by a Map. Only a word seen for the first
 * time becomes a string, and is handed to `resolve` once for the number cached with it (a term id).
 */
import { foldText, ownCopy } from './tokenize.js';

const NON_ASCII = /[^\x00-\x7f]/;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** For each ASCII code: its lower-case form when it is a word character (a-z, 0-9, _), else 0. */
const WORD_CHAR = (() => {
  const table = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) table[c] = c;
  for (let c = 97; c <= 122; c++) table[c] = c;
  for (let c = 65; c <= 90; c++) table[c] = c + 32;
  table[95] = 95;
  return table;
})();
/** Beyond this many distinct words the table starts over (it is a cache; `resolve` is pure). */
const MAX_WORDS = 4_000_000;

export class WordScanner {
  /** Cached number of each word found by the last `scan`, in order. */
  values = new Int32Array(4096);
  /** Start and end offsets in `text` of each word found by the last `scan`. */
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  /** Which part of the last scan each word is in. */
  parts = new Int32Array(4096);
  /** The parts of the last scan as read (folded when they have non-ASCII characters). */
  private texts: string[] = [];
  /** Slot s holds `[hash, value, offset of the word in pool, length]` at `4s`; length 0 when empty. */
  private slots = new Int32Array(4 << 16);
  private count = 0;
  /** The characters of every distinct word, back to back. */
  private pool = new Uint8Array(1 << 16);
  private poolUsed = 0;

  /** @param resolve the number to cache for a distinct lower-case word (called once per word) */
  constructor(private readonly resolve: (word: string) => number) {}

  /**
   * Find the words of `parts` joined end to end (each part must end with a separator, as `paperText` joins
   * them); returns how many (see `values`, `starts`, `ends`, `part`, `textOf`).
   */
  scan(parts: string[]): number {
    let n = 0;
    for (let k = 0; k < parts.length; k++) {
      const text = NON_ASCII.test(parts[k]) ? foldText(parts[k]) : parts[k];
      this.texts[k] = text;
      if (this.values.length < n + text.length / 2 + 1) this.growBuffers(n + Math.ceil(text.length / 2) + 1);
      n = this.scanPart(text, k, n);
    }
    return n;
  }

  private scanPart(text: string, part: number, first: number): number {
    let n = first;
    let start = -1;
    let hash = 0;
    for (let i = 0; i <= text.length; i++) {
      const code = i < text.length ? text.charCodeAt(i) : 32;
      const c = code < 128 ? WORD_CHAR[code] : 0;
      if (c !== 0) {
        if (start < 0) {
          start = i;
          hash = FNV_OFFSET;
        }
        hash = Math.imul(hash ^ c, FNV_PRIME);
      } else if (start >= 0) {
        this.values[n] = this.lookup(text, start, i, hash);
        this.starts[n] = start;
        this.ends[n] = i;
        this.parts[n] = part;
        n++;
        start = -1;
      }
    }
    return n;
  }

  /** The `k`th word of the last scan, lower-case. */
  word(k: number): string {
    return this.texts[this.parts[k]].slice(this.starts[k], this.ends[k]).toLowerCase();
  }

  private lookup(text: string, start: number, end: number, hash: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const length = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const at = slot << 2;
      const len = slots[at + 3];
      if (len === 0) break;
      if (slots[at] === hash && len === length && this.samePooled(slots[at + 2], text, start, end)) return slots[at + 1];
    }
    const word = ownCopy(text.slice(start, end).toLowerCase());
    const value = this.resolve(word);
    if (this.count >= MAX_WORDS) this.clear();
    this.remember(word, hash, value);
    return value;
  }

  /** True when `text[start, end)`, lower-cased, is the pooled word at `offset`. */
  private samePooled(offset: number, text: string, start: number, end: number): boolean {
    const pool = this.pool;
    for (let k = start, p = offset; k < end; k++, p++) if (WORD_CHAR[text.charCodeAt(k)] !== pool[p]) return false;
    return true;
  }

  private remember(word: string, hash: number, value: number): void {
    if (this.poolUsed + word.length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + word.length));
      pool.set(this.pool);
      this.pool = pool;
    }
    const offset = this.poolUsed;
    for (let k = 0; k < word.length; k++) this.pool[offset + k] = word.charCodeAt(k);
    this.poolUsed += word.length;
    if ((this.count + 1) * 2 > this.slots.length >> 2) this.rehash((this.slots.length >> 2) * 2);
    this.place(hash, value, offset, word.length);
    this.count++;
  }

  private place(hash: number, value: number, offset: number, length: number): void {
    const mask = (this.slots.length >> 2) - 1;
    let slot = hash & mask;
    while (this.slots[(slot << 2) + 3] !== 0) slot = (slot + 1) & mask;
    const at = slot << 2;
    this.slots[at] = hash;
    this.slots[at + 1] = value;
    this.slots[at + 2] = offset;
    this.slots[at + 3] = length;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size << 2);
    for (let at = 0; at < old.length; at += 4) if (old[at + 3] !== 0) this.place(old[at], old[at + 1], old[at + 2], old[at + 3]);
  }

  private clear(): void {
    this.slots.fill(0);
    this.count = 0;
    this.poolUsed = 0;
  }

  private growBuffers(size: number): void {
    this.values = grown(this.values, size);
    this.starts = grown(this.starts, size);
    this.ends = grown(this.ends, size);
    this.parts = grown(this.parts, size);
  }
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
