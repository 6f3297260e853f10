/**
 * The index's documents: for each, its sorted term ids and counts, gap-coded (src/index/varint.ts) into large
 * shared blocks of bytes. Not one small array per document: at 500,000 papers those object headers alone
 * would cost hundreds of MB, and every array is one more object for the garbage collector to trace.
 * Positions are handed out in order and never reused; a removed document is only marked dead.
 */
import { maxBytes, MAX_ID, readEntries, writeEntries } from './varint.js';
import type { TermCounts } from './vocabulary.js';
import type { ImageParts } from './image-parts.js';

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

  /**
   * Where the document at `position` is encoded (varint entries, src/index/varint.ts): `blockAt(position)` from
   * `startAt(position)` to `endAt(position)`, for a loop that decodes and uses each entry at once.
   */
  blockAt(position: number): Uint8Array {
    return this.blocks[this.blockOf[position]];
  }

  startAt(position: number): number {
    return this.startOf[position];
  }

  endAt(position: number): number {
    return this.endOf[position];
  }

  /** Decode the document at `position` into buffers of at least `lengthAt(position)` entries; returns that length. */
  readInto(position: number, ids: Uint32Array, counts: Uint16Array): number {
    return readEntries(this.blocks[this.blockOf[position]], this.startOf[position], this.endOf[position], ids, counts);
  }

  /** Put the documents into an image (views of the arrays, a copy of the ids: encode it before the next change). */
  writeImage(parts: ImageParts, prefix: string): void {
    const n = this.ids.length;
    parts.lists.set(`${prefix}.ids`, this.ids.slice());
    parts.arrays.set(`${prefix}.blockOf`, this.blockOf.subarray(0, n));
    parts.arrays.set(`${prefix}.startOf`, this.startOf.subarray(0, n));
    parts.arrays.set(`${prefix}.endOf`, this.endOf.subarray(0, n));
    parts.arrays.set(`${prefix}.lengthOf`, this.lengthOf.subarray(0, n));
    parts.arrays.set(`${prefix}.alive`, this.alive.subarray(0, n));
    const last = this.blocks.length - 1;
    this.blocks.forEach((block, i) => parts.arrays.set(`${prefix}.block${i}`, i === last ? block.subarray(0, this.used) : block));
    parts.numbers.set(`${prefix}.blocks`, this.blocks.length);
  }

  /**
   * Take the documents from an image, into an empty store (its arrays are used as they are; new documents go
   * into new blocks). Throws a RangeError when the parts do not fit together.
   */
  readImage(parts: ImageParts, prefix: string): void {
    if (this.ids.length > 0) throw new Error('an image goes into an empty document store');
    const ids = parts.list(`${prefix}.ids`);
    const n = ids.length;
    const arrays = [parts.array(`${prefix}.blockOf`, Uint32Array), parts.array(`${prefix}.startOf`, Uint32Array), parts.array(`${prefix}.endOf`, Uint32Array), parts.array(`${prefix}.lengthOf`, Uint32Array)];
    const alive = parts.array(`${prefix}.alive`, Uint8Array);
    if (alive.length !== n || arrays.some((a) => a.length !== n)) throw new RangeError('document arrays differ in length');
    const blocks = Array.from({ length: parts.number(`${prefix}.blocks`) }, (_, i) => parts.array(`${prefix}.block${i}`, Uint8Array));
    const [blockOf, startOf, endOf, lengthOf] = arrays;
    for (let p = 0; p < n; p++) {
      const block = blocks[blockOf[p]];
      if (!block || startOf[p] > endOf[p] || endOf[p] > block.length) throw new RangeError(`document ${p} lies outside its block`);
    }
    [this.blockOf, this.startOf, this.endOf, this.lengthOf] = arrays;
    this.alive = alive;
    this.blocks.push(...blocks);
    this.used = blocks.length > 0 ? blocks[blocks.length - 1].length : 0;
    for (let p = 0; p < n; p++) {
      this.ids.push(ids[p]);
      if (alive[p]) {
        if (this.positions.has(ids[p])) throw new RangeError(`document ${ids[p]} is live twice`);
        this.positions.set(ids[p], p);
        this.live++;
      }
      this.longest = Math.max(this.longest, lengthOf[p]);
    }
  }

  private grow(): void {
    const capacity = Math.max(1024, Math.ceil(this.alive.length * 1.5));
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
