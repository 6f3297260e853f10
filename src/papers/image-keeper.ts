/**
 * A paper repository's upkeep of the stored index image (stored-index.ts). At load it restores the index from the
 * image and tells which stored papers the image already holds with the same text (their text hash), so only the
 * others are read into the index; papers gone from the store leave it. Afterwards it stores the index as an image
 * again once a tenth of it changed since the last one: in the background, one write at a time, paced so the event
 * loop keeps answering, and given up (the previous image stays) if the index changes while it is written.
 */
import type { Paper } from '../types.js';
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { ImageMismatch } from '../index/image-parts.js';
import { Pacer } from '../pacer.js';
import { reasonOf, type StoredIndex } from './stored-index.js';
import { hasTextHash, writeTextHash } from './text-hash.js';

/** Share of the index that may change before the image is written again. */
const STALE_SHARE = 0.1;

export class ImageKeeper {
  /** The restored image's text hashes by document position (from `restore` until `loaded`). */
  private hashes: Uint32Array | undefined;
  private imageIds: string[] = [];
  /** True until an image is read or written (or another process writes one). */
  private missing = true;
  /** Papers whose text changed (or that came or went) since the image in the store. */
  private changedSince = 0;
  private saving: Promise<void> | undefined;
  /** Set by `stop`: no write starts, and one in progress gives up at its next chunk. */
  private stopped = false;
  /** A write waiting for the papers to be quiet (see `saveIfStale`). */
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly stored: StoredIndex,
    private readonly index: TfIdfIndex,
    private readonly paperOf: (id: string) => Paper | undefined,
  ) {}

  /** Put the stored image (if usable) into the empty index. */
  async restore(): Promise<void> {
    const parts = await this.stored.read();
    if (!parts) return;
    try {
      const hashes = parts.array('papers.textHash', Uint32Array);
      const ids = parts.list('documents.ids');
      if (hashes.length !== 2 * ids.length) throw new ImageMismatch('the image has a text hash for another number of papers');
      this.index.readImage(parts);
      this.hashes = hashes;
      this.imageIds = ids;
      this.missing = false;
    } catch (error) {
      // Whatever is wrong with the image, the papers' text is there: the index is built from it (readImage left it empty).
      this.stored.logger.warn('the stored index image cannot be used; indexing the papers from their text', { reason: reasonOf(error) });
    }
  }

  /** True when the restored image holds `paper` with its current text (so it needs no indexing). */
  holds(paper: Paper): boolean {
    if (!this.hashes) return false;
    const position = this.index.positionOf(paper.id);
    return position !== undefined && hasTextHash(paper, this.hashes, position);
  }

  /** After the first read of every stored paper: the image's documents whose paper is gone leave the index. */
  loaded(papers: ReadonlyMap<string, Paper>): void {
    if (!this.hashes) return;
    const fromText = this.changedSince;
    let removed = 0;
    for (const id of this.imageIds) {
      if (papers.has(id) || this.index.positionOf(id) === undefined) continue;
      this.index.remove(id);
      removed++;
    }
    this.changedSince += removed;
    this.stored.logger.info('index restored from the stored image', { papers: papers.size, indexedFromText: fromText, removed });
    this.hashes = undefined;
    this.imageIds = [];
  }

  /** `n` papers were (re)indexed from their text. */
  changed(n: number): void {
    this.changedSince += n;
  }

  /**
   * Write the image when the one stored is missing or stale (and the index is worth one), once the papers have been
   * quiet for `delayMs` (default: the stored index's `quietMs`): an ingest changes the index batch after batch, and a
   * write the index outruns is given up, so it waits for the last batch.
   */
  saveIfStale(delayMs = this.stored.quietMs): void {
    if (this.stopped || this.index.size < this.stored.minDocuments) return;
    if (!this.missing && this.changedSince <= this.index.size * STALE_SHARE) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.startSave(), delayMs);
    this.timer.unref();
  }

  /** Start the write that is waiting for quiet now, and resolve when no write is in progress (whatever its outcome). */
  async idle(): Promise<void> {
    if (this.timer) this.startSave();
    await this.saving;
  }

  /** No more writes (the process is stopping): one in progress gives up at its next chunk; resolves when it has. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.saving;
  }

  private startSave(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.saving) return; // the change that comes after it asks again
    this.saving = this.save()
      .catch((error: unknown) => this.stored.logger.warn('could not store the index image; the next start reads every paper', { error }))
      .finally(() => {
        this.saving = undefined;
      });
  }

  private async save(): Promise<void> {
    const parts = this.index.writeImage();
    if (!parts) return; // a refresh is running; the next change asks again
    const version = this.index.stateVersion;
    const current = () => this.index.stateVersion === version && !this.stopped;
    const counted = this.changedSince;
    const ids = parts.list('documents.ids');
    const alive = parts.array('documents.alive', Uint8Array);
    const hashes = new Uint32Array(2 * ids.length);
    const pacer = new Pacer(1000);
    for (let position = 0; position < ids.length; position++) {
      if (alive[position]) {
        const paper = this.paperOf(ids[position]);
        if (!paper) return; // mid-change: the index holds a paper not yet in memory
        writeTextHash(paper, hashes, position);
      }
      const pause = pacer.tick();
      if (pause) {
        await pause;
        if (!current()) return;
      }
    }
    parts.arrays.set('papers.textHash', hashes);
    const outcome = await this.stored.write(parts, current);
    // Busy: another process is writing one now. Changes made after the parts were taken stay counted.
    if (outcome === 'outdated') return;
    this.missing = false;
    this.changedSince -= counted;
    if (outcome === 'written') this.stored.logger.info('stored the index image', { papers: this.index.size });
  }
}
