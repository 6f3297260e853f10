/**
 * The index's documents: for each, its sorted term ids and counts, kept in large shared blocks of typed arrays
 * (not one small array per document: at 500,000 papers those object headers alone would cost hundreds of MB,
 * and every array is one more object for the garbage collector to trace). Positions are handed out in order
 * and never reused; a removed document is only marked dead.
 */
import type { TermCounts } from './vocabulary.js';

/** Entries per block (term id + count = 6 bytes each, so 6 MB a block). */
const BLOCK_ENTRIES = 1 << 20;

export class DocumentStore {
  private readonly ids: string[] = [];
  private readonly positions = new Map<string, number>();
  private blockOf = new Uint32Array(1024);
  private startOf = new Uint32Array(1024);
  private lengthOf = new Uint32Array(1024);
  private alive = new Uint8Array(1024);
  private readonly termBlocks: Uint32Array[] = [];
  private readonly countBlocks: Uint16Array[] = [];
  private used = 0;
  private live = 0;

  /** Positions handed out so far (live and dead). */
  get length(): number {
    return this.ids.length;
  }

  /** Live documents. */
  get liveCount(): number {
    return this.live;
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
    if (position >= this.alive.length) this.grow();
    const n = terms.ids.length;
    if (this.termBlocks.length === 0 || this.used + n > this.currentBlockSize()) this.newBlock(n);
    const block = this.termBlocks.length - 1;
    this.termBlocks[block].set(terms.ids, this.used);
    this.countBlocks[block].set(terms.counts, this.used);
    this.blockOf[position] = block;
    this.startOf[position] = this.used;
    this.lengthOf[position] = n;
    this.used += n;
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

  /** Sorted term ids of the document at `position` (a view: do not modify). */
  termsAt(position: number): Uint32Array {
    const start = this.startOf[position];
    return this.termBlocks[this.blockOf[position]].subarray(start, start + this.lengthOf[position]);
  }

  /** Term counts of the document at `position`, parallel to `termsAt` (a view: do not modify). */
  countsAt(position: number): Uint16Array {
    const start = this.startOf[position];
    return this.countBlocks[this.blockOf[position]].subarray(start, start + this.lengthOf[position]);
  }

  private currentBlockSize(): number {
    const last = this.termBlocks[this.termBlocks.length - 1];
    return last ? last.length : 0;
  }

  private newBlock(minimum: number): void {
    const size = Math.max(BLOCK_ENTRIES, minimum);
    this.termBlocks.push(new Uint32Array(size));
    this.countBlocks.push(new Uint16Array(size));
    this.used = 0;
  }

  private grow(): void {
    const capacity = this.alive.length * 2;
    this.blockOf = copyInto(new Uint32Array(capacity), this.blockOf);
    this.startOf = copyInto(new Uint32Array(capacity), this.startOf);
    this.lengthOf = copyInto(new Uint32Array(capacity), this.lengthOf);
    this.alive = copyInto(new Uint8Array(capacity), this.alive);
  }
}

function copyInto<T extends Uint32Array | Uint8Array>(target: T, source: T): T {
  target.set(source);
  return target;
}
