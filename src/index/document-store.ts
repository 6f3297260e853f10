/**
 * The index's documents: for each, its sorted term ids and counts, gap-coded (src/index/varint.ts) into large
 * shared blocks of bytes. Not one small array per document: at 500,000 papers those object headers alone
 * would cost hundreds of MB, and every array is one more object for the garbage collector to trace.
 * Positions are handed out in order and never reused; a removed document is only marked dead.
 */
import { maxBytes, MAX_ID, readEntries, writeEntries } from './varint.js';
import type { TermCounts } from './vocabulary.js';

/** Bytes per block. */
const BLOCK_BYTES = 1 << 22;

export class DocumentStore {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private blockOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private endOf = new Uint32Array(1024);
  private lengthOf = new Uint32Array(1024);
  private alive = new Uint8Array(1024);
  private readonly blocks: Uint8Array[] = [];
  private used = 0;
  private live = 0;
  private longest = 0;

  /** Positions handed out so far (live and dead). */
  get length(): number {
    return this.ids.length;
  }

  /** Live documents. */
  get liveCount(): number {
    return this.live;
  }

  /** Most distinct terms in one document (to size buffers for `readInto`). */
  get maxLength(): number {
    return this.longest;
  }

  /** 1 for a live position, 0 for a removed one (live view; reallocated as documents are added). */
  get aliveFlags(): Uint8Array {
    return this.alive;
  }

  /** Position of a live document, or undefined. */
  positionOf(id: string): number | undefined {
    return this.positions.get(id);
  }

  idAt(position: number): string {
    return this.ids[position];
  }

  /** Store a document's terms at the next position (the id must not be live). Returns the position. */
  append(id: string, terms: TermCounts): number {
    const position = this.ids.length;
    if (position > MAX_ID) throw new RangeError('the index holds at most 2^30 documents');
    if (position >= this.alive.length) this.grow();
    const n = terms.ids.length;
    const room = maxBytes(n);
    if (this.blocks.length === 0 || this.used + room > this.blocks[this.blocks.length - 1].length) {
      this.blocks.push(new Uint8Array(Math.max(BLOCK_BYTES, room)));
      this.used = 0;
    }
    const block = this.blocks.length - 1;
    this.blockOf[position] = block;
    this.startOf[position] = this.used;
    this.used = writeEntries(terms.ids, terms.counts, n, this.blocks[block], this.used);
    this.endOf[position] = this.used;
    this.lengthOf[position] = n;
    this.longest = Math.max(this.longest, n);
    this.alive[position] = 1;
    this.ids.push(id);
    this.positions.set(id, position);
    this.live++;
    return position;
  }

  /** Mark a document dead. Returns its position, or undefined when it was not live. */
  kill(id: string): number | undefined {
    const position = this.positions.get(id);
    if (position === undefined) return undefined;
    this.positions.delete(id);
    this.alive[position] = 0;
    this.live--;
    return position;
  }

  /** Number of distinct terms of the document at `position`. */
  lengthAt(position: number): number {
    return this.lengthOf[position];
  }

  /** Sorted term ids and counts of the document at `position`, in new arrays. */
  read(position: number): TermCounts {
    const n = this.lengthOf[position];
    const terms = { ids: new Uint32Array(n), counts: new Uint16Array(n) };
    this.readInto(position, terms.ids, terms.counts);
    return terms;
  }

  /** Decode the document at `position` into buffers of at least `lengthAt(position)` entries; returns that length. */
  readInto(position: number, ids: Uint32Array, counts: Uint16Array): number {
    return readEntries(this.blocks[this.blockOf[position]], this.startOf[position], this.endOf[position], ids, counts);
  }

  private grow(): void {
    const capacity = Math.ceil(this.alive.length * 1.5);
    this.blockOf = copyInto(new Uint32Array(capacity), this.blockOf);
    this.startOf = copyInto(new Uint32Array(capacity), this.startOf);
    this.endOf = copyInto(new Uint32Array(capacity), this.endOf);
    this.lengthOf = copyInto(new Uint32Array(capacity), this.lengthOf);
    this.alive = copyInto(new Uint8Array(capacity), this.alive);
  }
}

function copyInto<T extends Uint32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
