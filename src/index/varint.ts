/**
 * The compact form of a sorted list of (id, count) entries, used for both the documents (term ids with their
 * counts) and the postings (document positions with the term's count): each entry is a varint of
 * `gap * 2 + (count > 1 ? 1 : 0)`, followed by a varint of the count when it is above 1. Ids are increasing,
 * so gaps are small, and most counts are 1: an entry takes about 2 bytes instead of 6 as two typed arrays.
 * Ids must stay below 2^30.
 *
 * `readEntries` is the reference decoder. The hot loops that decode postings or documents carry their own copy of
 * it, as a per-entry decoding function (gap and count handed back through a shared object) took 15 to 60 % longer
 * over the longest postings lists, alternated in one process: scorer.ts (`scoreOne`, `addPostings`), pruned-
 * search.ts (`accumulate`, `PostingsCursor.countAt`) and postings.ts (`largestWeight`). A change of the format
 * changes them all; the tests fail on any one left behind (the scoring paths are compared with each other, and the
 * postings bounds with this decoder).
 */

/** Largest id the format holds. */
export const MAX_ID = 2 ** 30 - 1;

/** The most bytes `n` entries can take. */
export function maxBytes(n: number): number {
  return n * 8;
}

/**
 * Write `n` entries (ids strictly increasing, counts 1..65535) at `out[at]`; returns the offset after them.
 * `out` must have `maxBytes(n)` bytes free at `at`.
 */
export function writeEntries(ids: ArrayLike<number>, counts: ArrayLike<number>, n: number, out: Uint8Array, at: number): number {
  let p = at;
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (id > MAX_ID) throw new RangeError(`id ${id} is above ${MAX_ID}`);
    p = writeEntry(id - previous, counts[i], out, p);
    previous = id;
  }
  return p;
}

/** Write one entry, `gap` after the previous id (the id itself for the first); returns the offset after it. */
export function writeEntry(gap: number, count: number, out: Uint8Array, at: number): number {
  const p = writeVarint((gap << 1) | (count > 1 ? 1 : 0), out, at);
  return count > 1 ? writeVarint(count, out, p) : p;
}

/**
 * Read the entries in `bytes[start, end)` into `ids` and `counts` (each must have room for all of them);
 * returns how many there were.
 */
export function readEntries(bytes: Uint8Array, start: number, end: number, ids: Uint32Array, counts: Uint16Array): number {
  let p = start;
  let id = 0;
  let n = 0;
  while (p < end) {
    let b = bytes[p++];
    let v = b & 127;
    for (let shift = 7; b & 128; shift += 7) {
      b = bytes[p++];
      v |= (b & 127) << shift;
    }
    id += v >>> 1;
    let count = 1;
    if (v & 1) {
      b = bytes[p++];
      count = b & 127;
      for (let shift = 7; b & 128; shift += 7) {
        b = bytes[p++];
        count |= (b & 127) << shift;
      }
    }
    ids[n] = id;
    counts[n++] = count;
  }
  return n;
}

/** Bytes one entry takes. */
export function entryBytes(gap: number, count: number): number {
  const head = varintBytes(gap * 2 + (count > 1 ? 1 : 0));
  return count > 1 ? head + varintBytes(count) : head;
}

function varintBytes(v: number): number {
  return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5;
}

function writeVarint(value: number, out: Uint8Array, at: number): number {
  let v = value >>> 0;
  let p = at;
  while (v >= 0x80) {
    out[p++] = (v & 127) | 128;
    v >>>= 7;
  }
  out[p++] = v;
  return p;
}
