/**
 * An index image: the index's tokenised documents and vocabulary as named typed arrays, string lists and numbers,
 * and their encoding into chunks of bytes (for the store: see src/papers/stored-index.ts). Reading every paper's
 * text again (words, stems, bigrams) is most of a start-up; an image skips it, and the postings are then rebuilt
 * from the documents (a fraction of the time).
 *
 * Bytes: the arrays end to end, each starting at a multiple of 8, then the string lists as JSON. The header
 * (JSON) names every array and list, its type, length and place.
 */
import { createHash } from 'node:crypto';
import { terms } from '../text/tokenize.js';
import { Vocabulary } from './vocabulary.js';
import { DocumentStore } from './document-store.js';
import { ImageMismatch, ImageParts, type ImageArray } from './image-parts.js';

const ARRAY_TYPES = { Uint8Array, Uint16Array, Uint32Array, Int32Array } as const;
type ArrayTypeName = keyof typeof ARRAY_TYPES;

/** Bump when the meaning of an image's parts changes (what the index stores, not how words become terms). */
export const IMAGE_FORMAT = 1;
/** Bytes per chunk: one store entry each, small enough that encoding one is a short step for the event loop. */
export const CHUNK_BYTES = 1 << 20;

/** The header stored with an image's chunks. */
export interface ImageHeader {
  format: number;
  numbers: Record<string, number | string>;
  arrays: { name: string; type: ArrayTypeName; length: number; offset: number }[];
  lists: { name: string; offset: number; bytes: number }[];
  bytes: number;
  chunks: number;
}

/**
 * A fingerprint of how text becomes terms (stop words, stemmer, bigrams, folding): an image made under other rules
 * holds other terms, so it is refused, even when nobody remembered to bump a format number.
 */
export function tokenizerFingerprint(): string {
  const sample =
    'Résumé: Retrieval-Augmented Generation for low-rank adaptation of large language models; we propose a novel ' +
    'method, show results via experiments on 3 datasets (ImageNet-1k, COCO) and analyse graph neural networks, ' +
    'diffusion, reinforcement learning from human feedback, quantum error-correcting codes and the_underscore_word.';
  const keys = terms(sample).map((t) => `${t.key}=${t.surface}`).join('|');
  return createHash('sha256').update(keys).digest('hex').slice(0, 16);
}

/** The image of an index's vocabulary and documents (views of their arrays: encode it before they change). */
export function imageOf(vocabulary: Vocabulary, documents: DocumentStore): ImageParts {
  const parts = new ImageParts();
  parts.numbers.set('tokenizer', tokenizerFingerprint());
  vocabulary.writeImage(parts, 'vocabulary');
  documents.writeImage(parts, 'documents');
  return parts;
}

/**
 * A new vocabulary and document store from an image. Throws `ImageMismatch` when it was made under other
 * tokenising rules or its parts do not fit together.
 */
export function termsOfImage(parts: ImageParts): { vocabulary: Vocabulary; documents: DocumentStore } {
  const tokenizer = parts.numbers.get('tokenizer');
  if (tokenizer !== tokenizerFingerprint()) throw new ImageMismatch(`the image was made under other tokenising rules (${String(tokenizer)})`);
  const vocabulary = new Vocabulary();
  const documents = new DocumentStore();
  try {
    vocabulary.readImage(parts, 'vocabulary');
    documents.readImage(parts, 'documents');
  } catch (error) {
    if (error instanceof RangeError) throw new ImageMismatch(`the image's parts do not fit together: ${error.message}`);
    throw error;
  }
  return { vocabulary, documents };
}

/**
 * Lay `parts` out as bytes: the header, and chunk `i` (of `header.chunks`, at most `CHUNK_BYTES`) made when asked
 * for, copied from the parts' arrays then, so a large index is written without a second copy of it in memory.
 */
export function layoutImage(parts: ImageParts): { header: ImageHeader; chunk(i: number): Uint8Array } {
  let offset = 0;
  const place = (bytes: Uint8Array) => {
    const at = offset;
    offset = align(offset + bytes.length);
    return at;
  };
  const pieces: { at: number; bytes: Uint8Array }[] = [];
  const arrays = [...parts.arrays].map(([name, array]) => {
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    const at = place(bytes);
    pieces.push({ at, bytes });
    return { name, type: array.constructor.name as ArrayTypeName, length: array.length, offset: at };
  });
  const lists = [...parts.lists].map(([name, list]) => {
    const bytes = Buffer.from(JSON.stringify(list));
    const at = place(bytes);
    pieces.push({ at, bytes });
    return { name, offset: at, bytes: bytes.length };
  });
  const total = offset;
  const header: ImageHeader = { format: IMAGE_FORMAT, numbers: Object.fromEntries(parts.numbers), arrays, lists, bytes: total, chunks: Math.ceil(total / CHUNK_BYTES) };
  const chunk = (i: number) => {
    const from = i * CHUNK_BYTES;
    const out = new Uint8Array(Math.min(CHUNK_BYTES, total - from));
    for (const { at, bytes } of pieces) copyOverlap(bytes, at, out, from);
    return out;
  };
  return { header, chunk };
}

/**
 * Puts an image back together from its chunks, given in order: each array and list gets its own buffer, copied
 * out of the chunks as they come (no buffer of the whole image, which views would keep alive as one block).
 */
export class ImageAssembler {
  private readonly targets: { at: number; bytes: Uint8Array }[] = [];
  private readonly arrays: [string, ImageArray][] = [];
  private readonly lists: [string, Uint8Array][] = [];
  private received = 0;

  constructor(private readonly header: ImageHeader) {
    if (header.format !== IMAGE_FORMAT) throw new ImageMismatch(`image format ${header.format}, this version reads ${IMAGE_FORMAT}`);
    for (const { name, type, length, offset } of header.arrays) {
      const Type = ARRAY_TYPES[type];
      if (!Type || !(offset >= 0) || offset + length * Type.BYTES_PER_ELEMENT > header.bytes) throw new ImageMismatch(`image array "${name}" is out of place`);
      const array = new Type(length);
      this.arrays.push([name, array]);
      this.targets.push({ at: offset, bytes: new Uint8Array(array.buffer) });
    }
    for (const { name, offset, bytes } of header.lists) {
      if (!(offset >= 0) || offset + bytes > header.bytes) throw new ImageMismatch(`image list "${name}" is out of place`);
      const target = new Uint8Array(bytes);
      this.lists.push([name, target]);
      this.targets.push({ at: offset, bytes: target });
    }
  }

  /** Take the next chunk's bytes. */
  add(chunk: Uint8Array): void {
    const from = this.received;
    const to = from + chunk.length;
    if (to > this.header.bytes) throw new ImageMismatch('the image has more bytes than its header says');
    for (const { at, bytes } of this.targets) copyOverlap(chunk, from, bytes, at);
    this.received = to;
  }

  /** The image's parts, once every byte came. */
  finish(): ImageParts {
    if (this.received !== this.header.bytes) throw new ImageMismatch(`the image has ${this.received} of its ${this.header.bytes} bytes`);
    const parts = new ImageParts();
    for (const [name, value] of Object.entries(this.header.numbers)) parts.numbers.set(name, value);
    for (const [name, array] of this.arrays) parts.arrays.set(name, array);
    for (const [name, bytes] of this.lists) {
      const list: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) throw new ImageMismatch(`image list "${name}" is not a list of strings`);
      parts.lists.set(name, list);
    }
    return parts;
  }
}

/**
 * Copy the bytes where `source` (at image offset `sourceAt`) and `target` (at image offset `targetAt`) overlap:
 * a part into a chunk when laying out, a chunk into a part when assembling.
 */
function copyOverlap(source: Uint8Array, sourceAt: number, target: Uint8Array, targetAt: number): void {
  const lo = Math.max(sourceAt, targetAt);
  const hi = Math.min(sourceAt + source.length, targetAt + target.length);
  if (lo < hi) target.set(source.subarray(lo - sourceAt, hi - sourceAt), lo - targetAt);
}

function align(offset: number): number {
  return Math.ceil(offset / 8) * 8;
}
