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
const EMPTY = -1;
/** Beyond this many distinct words the table starts over (it is a cache; `resolve` is pure). */
const MAX_WORDS = 4_000_000;

export class WordScanner {
  /** Cached number of each word found by the last `scan`, in order. */
  values = new Int32Array(4096);
  /** Start and end offsets in `text` of each word found by the last `scan`. */
  starts = new Int32Array(4096);
  ends = new Int32Array(4096);
  /** The text the offsets refer to (the input, or its folded form when it has non-ASCII characters). */
  text = '';
  private slots = new Int32Array(1 << 16).fill(EMPTY);
  private wordStrings: string[] = [];
  private wordHashes = new Int32Array(1 << 15);
  private wordValues = new Int32Array(1 << 15);

  /** @param resolve the number to cache for a distinct lower-case word (called once per word) */
  constructor(private readonly resolve: (word: string) => number) {}

  /** Find the words of `input`; returns how many (see `values`, `starts`, `ends`, `text`). */
  scan(input: string): number {
    const text = NON_ASCII.test(input) ? foldText(input) : input;
    this.text = text;
    if (this.values.length < text.length / 2 + 1) this.growBuffers(Math.ceil(text.length / 2) + 1);
    let n = 0;
    let start = -1;
    let hash = 0;
    for (let i = 0; i <= text.length; i++) {
      let c = i < text.length ? text.charCodeAt(i) : 32;
      if (c >= 65 && c <= 90) c += 32;
      if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95) {
        if (start < 0) {
          start = i;
          hash = FNV_OFFSET;
        }
        hash = Math.imul(hash ^ c, FNV_PRIME);
      } else if (start >= 0) {
        this.values[n] = this.lookup(text, start, i, hash);
        this.starts[n] = start;
        this.ends[n] = i;
        n++;
        start = -1;
      }
    }
    return n;
  }

  /** The `k`th word of the last scan, lower-case. */
  word(k: number): string {
    return this.text.slice(this.starts[k], this.ends[k]).toLowerCase();
  }

  private lookup(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const w = this.slots[slot];
      if (w === EMPTY) break;
      if (this.wordHashes[w] === hash && sameWord(this.wordStrings[w], text, start, end)) return this.wordValues[w];
      slot = (slot + 1) & mask;
    }
    const word = ownCopy(text.slice(start, end).toLowerCase());
    const value = this.resolve(word);
    if (this.wordStrings.length >= MAX_WORDS) this.clear();
    this.remember(word, hash, value);
    return value;
  }

  private remember(word: string, hash: number, value: number): void {
    const w = this.wordStrings.length;
    if (w >= this.wordHashes.length) {
      this.wordHashes = grown(this.wordHashes, w * 2);
      this.wordValues = grown(this.wordValues, w * 2);
    }
    this.wordStrings.push(word);
    this.wordHashes[w] = hash;
    this.wordValues[w] = value;
    if ((w + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    else this.place(hash, w);
  }

  private place(hash: number, w: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.slots[slot] = w;
  }

  private rehash(size: number): void {
    this.slots = new Int32Array(size).fill(EMPTY);
    for (let w = 0; w < this.wordStrings.length; w++) this.place(this.wordHashes[w], w);
  }

  private clear(): void {
    this.wordStrings = [];
    this.slots.fill(EMPTY);
  }

  private growBuffers(size: number): void {
    this.values = new Int32Array(size);
    this.starts = new Int32Array(size);
    this.ends = new Int32Array(size);
  }
}

/** True when `text[start, end)`, lower-cased, is `word`. */
function sameWord(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let k = 0; k < word.length; k++) {
    let c = text.charCodeAt(start + k);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== word.charCodeAt(k)) return false;
  }
  return true;
}

function grown(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}
