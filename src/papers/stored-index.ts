/**
 * The index image (src/index/index-image.ts) kept in the store, so a start-up (a restart, or another instance on
 * the same Postgres) takes the tokenised papers from it instead of reading every paper's text again.
 *
 * Collection `index-image`: `head` names the current generation (its header, checksum and the papers it holds);
 * its bytes are base64 chunks under `chunk/<generation>/<n>`. A writer takes the `index-image` lease (one writer at
 * a time across processes), notes its generation as `pending`, writes every chunk, then switches `head` to it and
 * deletes the previous generation, so a reader never sees half an image: a crash leaves at worst chunks that the
 * next writer deletes. A reader that finds the image unusable (missing chunk, bad checksum, other format or
 * tokenising rules) says why and starts from the papers' text, as without an image.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock, Logger } from '../ports.js';
import type { Collection, Store } from '../store/store.js';
import { ImageAssembler, layoutImage, type ImageHeader } from '../index/index-image.js';
import { ImageMismatch, type ImageParts } from '../index/image-parts.js';
import { StoreError } from '../store/errors.js';

const COLLECTION = 'index-image';
const HEAD = 'head';
const PENDING = 'pending';
/** How long a writer may hold the lease: writing is a few seconds at 50,000 papers, about a minute at a million. */
const WRITE_LEASE_MS = 10 * 60_000;

interface Head {
  generation: string;
  header: ImageHeader;
  sha256: string;
  writtenAt: string;
}

/** A chunk's key: generations are listed by prefix, and chunks in order within one. */
function chunkKey(generation: string, i: number): string {
  return `chunk/${generation}/${String(i).padStart(6, '0')}`;
}

/** Below this many papers an image is not written: reading their text takes well under a second. */
export const MIN_IMAGE_DOCUMENTS = 5000;

/** How long the papers must be quiet (no ingest or sync changing them) before a stale image is written again. */
export const QUIET_MS = 60_000;

/** What `write` did: stored the image, found another process writing one, or gave up as the index changed. */
export type ImageWriteOutcome = 'written' | 'busy' | 'outdated';

export class StoredIndex {
  private readonly collection: Collection<unknown>;
  private readonly owner = `index-image:${randomUUID()}`;
  /** Fewest papers worth an image (`MIN_IMAGE_DOCUMENTS` unless given). */
  readonly minDocuments: number;
  /** Quiet before a stale image is written again (`QUIET_MS` unless given). */
  readonly quietMs: number;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly logger: Logger,
    options: { minDocuments?: number; quietMs?: number } = {},
  ) {
    this.collection = store.collection<unknown>(COLLECTION);
    this.minDocuments = options.minDocuments ?? MIN_IMAGE_DOCUMENTS;
    this.quietMs = options.quietMs ?? QUIET_MS;
  }

  /** The stored image's parts, or undefined when there is none or it cannot be used (logged). */
  async read(): Promise<ImageParts | undefined> {
    const head = await this.collection.get(HEAD);
    if (head === undefined) return undefined;
    try {
      if (!isHead(head)) throw new ImageMismatch('its head record is not one this version wrote');
      const assembler = new ImageAssembler(head.header);
      const hash = createHash('sha256');
      for (let i = 0; i < head.header.chunks; i++) {
        const text = await this.collection.get(chunkKey(head.generation, i));
        if (typeof text !== 'string') throw new ImageMismatch(`chunk ${i} of ${head.header.chunks} is missing (a newer image replaced it meanwhile?)`);
        const bytes = Buffer.from(text, 'base64');
        hash.update(bytes);
        assembler.add(bytes);
      }
      if (hash.digest('hex') !== head.sha256) throw new ImageMismatch('its bytes do not match its checksum');
      return assembler.finish();
    } catch (error) {
      // A store that cannot be read stops the start, as it would without an image; a bad image never does.
      if (error instanceof StoreError) throw error;
      this.logger.warn('the stored index image cannot be used; indexing the papers from their text', { reason: reasonOf(error) });
      return undefined;
    }
  }

  /**
   * Store `parts` as the current image, unless another process is writing one. `stillCurrent` is asked before
   * each chunk and before the switch: once it says no (the index changed under the parts' views), the write
   * stops, its chunks are deleted and the previous image stays.
   */
  async write(parts: ImageParts, stillCurrent: () => boolean): Promise<ImageWriteOutcome> {
    const now = this.clock.now().getTime();
    if ((await this.store.acquireLeaseToken(COLLECTION, this.owner, now, now + WRITE_LEASE_MS)) === undefined) return 'busy';
    try {
      const previous = await this.collection.get(HEAD);
      await this.deleteAbandoned(isHead(previous) ? previous.generation : undefined);
      const generation = randomUUID();
      await this.collection.set(PENDING, generation);
      const { header, chunk } = layoutImage(parts);
      const hash = createHash('sha256');
      for (let i = 0; i <= header.chunks; i++) {
        if (!stillCurrent()) {
          await this.deleteAbandoned(undefined);
          return 'outdated';
        }
        if (i === header.chunks) break;
        const bytes = chunk(i);
        hash.update(bytes);
        await this.collection.set(chunkKey(generation, i), Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64'));
      }
      const head: Head = { generation, header, sha256: hash.digest('hex'), writtenAt: this.clock.now().toISOString() };
      await this.collection.set(HEAD, head);
      await this.collection.delete(PENDING);
      if (isHead(previous)) await this.collection.deleteByPrefix(`chunk/${previous.generation}/`);
      return 'written';
    } finally {
      await this.store.releaseLease(COLLECTION, this.owner);
    }
  }

  /** Delete the chunks of a write that never finished (its process died, or its index changed under it). */
  private async deleteAbandoned(current: string | undefined): Promise<void> {
    const pending = await this.collection.get(PENDING);
    if (typeof pending !== 'string' || pending === current) return;
    await this.collection.deleteByPrefix(`chunk/${pending}/`);
    await this.collection.delete(PENDING);
  }
}

/** Why an image could not be used, for the log. */
export function reasonOf(error: unknown): string {
  return error instanceof ImageMismatch ? error.message : `it could not be decoded (${error instanceof Error ? error.message : String(error)})`;
}

function isHead(value: unknown): value is Head {
  if (typeof value !== 'object' || value === null) return false;
  const head = value as Partial<Head>;
  return typeof head.generation === 'string' && typeof head.sha256 === 'string' && typeof head.header === 'object' && head.header !== null && typeof head.header.chunks === 'number' && typeof head.header.bytes === 'number';
}
