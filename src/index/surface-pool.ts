/**
 * Display forms of terms ("low rank", "adaptation") kept as bytes in one pool rather than as hundreds of
 * thousands of small strings: fewer objects for the garbage collector to trace and move (its pauses are what
 * stalls the event loop on a large heap), and about half the memory. Display forms are ASCII (words are folded
 * to Latin letters, digits and `_`). A string is made only when one is shown.
 */
import type { ImageParts } from './image-parts.js';
import { TERMS_PER_UNIT, type Pacer } from '../pacer.js';

export class SurfacePool {
  private offsets = new Uint32Array(1024);
  /** Length of each term's display form; 0 when it has none. */
  private lengths = new Uint8Array(1024);
  private bytes = new Uint8Array(1 << 16);
  private used = 0;
  private dead = 0;

  /** True when term `id` has a display form. */
  has(id: number): boolean {
    return id < this.lengths.length && this.lengths[id] !== 0;
  }

  /** The display form of term `id`, or '' when it has none. */
  get(id: number): string {
    if (!this.has(id)) return '';
    const start = this.offsets[id];
    return Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, this.lengths[id]).toString('latin1');
  }

  /** Give term `id` its display form (ASCII, 1 to 255 characters). */
  set(id: number, text: string): void {
    if (id >= this.lengths.length) this.growIds(id + 1);
    if (this.used + text.length > this.bytes.length) this.growBytes(this.used + text.length);
    if (this.lengths[id] !== 0) this.dead += this.lengths[id];
    for (let k = 0; k < text.length; k++) this.bytes[this.used + k] = text.charCodeAt(k);
    this.offsets[id] = this.used;
    this.lengths[id] = Math.min(255, text.length);
    this.used += text.length;
  }

  /** Put the pool into an image (views of its arrays: take the image before the next change). */
  writeImage(parts: ImageParts, prefix: string): void {
    parts.arrays.set(`${prefix}.offsets`, this.offsets);
    parts.arrays.set(`${prefix}.lengths`, this.lengths);
    parts.arrays.set(`${prefix}.bytes`, this.bytes.subarray(0, this.used));
    parts.numbers.set(`${prefix}.dead`, this.dead);
  }

  /** Take the pool from an image (its arrays are used as they are; the bytes grow into a new array). */
  readImage(parts: ImageParts, prefix: string): void {
    const offsets = parts.array(`${prefix}.offsets`, Uint32Array);
    const lengths = parts.array(`${prefix}.lengths`, Uint8Array);
    if (offsets.length !== lengths.length) throw new RangeError('surface pool arrays differ in length');
    this.offsets = offsets;
    this.lengths = lengths;
    this.bytes = parts.array(`${prefix}.bytes`, Uint8Array);
    this.used = this.bytes.length;
    this.dead = parts.number(`${prefix}.dead`);
  }

  /**
   * Forget the display forms of terms `drop` says so of, paced by `pacer` (a million terms took 20-30 ms at once);
   * returns how many. Compacts the pool when it pays.
   */
  async dropWhere(drop: (id: number) => boolean, pacer: Pacer): Promise<number> {
    let dropped = 0;
    for (let id = 0; id < this.lengths.length; id++) {
      if (this.lengths[id] !== 0 && drop(id)) {
        this.dead += this.lengths[id];
        this.lengths[id] = 0;
        dropped++;
      }
      if ((id + 1) % TERMS_PER_UNIT === 0) {
        const pause = pacer.tick();
        if (pause) await pause;
      }
    }
    if (this.dead > this.used / 2) this.compact();
    return dropped;
  }

  private compact(): void {
    const bytes = new Uint8Array(Math.max(1 << 16, (this.used - this.dead) * 2));
    let used = 0;
    for (let id = 0; id < this.lengths.length; id++) {
      const length = this.lengths[id];
      if (length === 0) continue;
      bytes.set(this.bytes.subarray(this.offsets[id], this.offsets[id] + length), used);
      this.offsets[id] = used;
      used += length;
    }
    this.bytes = bytes;
    this.used = used;
    this.dead = 0;
  }

  private growIds(minimum: number): void {
    const size = Math.max(minimum, Math.ceil(this.lengths.length * 1.5));
    const offsets = new Uint32Array(size);
    offsets.set(this.offsets);
    const lengths = new Uint8Array(size);
    lengths.set(this.lengths);
    this.offsets = offsets;
    this.lengths = lengths;
  }

  private growBytes(minimum: number): void {
    const bytes = new Uint8Array(Math.max(minimum, this.bytes.length * 2));
    bytes.set(this.bytes.subarray(0, this.used));
    this.bytes = bytes;
  }
}
