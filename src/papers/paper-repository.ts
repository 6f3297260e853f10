/**
 * Papers: stored in the `paper` collection, kept in memory for rendering, and indexed. `upsert` merges a paper
 * with what is stored under the same id (sources united, the newest version's text kept, popularity updated),
 * so a new arXiv version, a cross-list or a second source never becomes a second paper. Papers other processes
 * store reach this one through the store's change feed (`changesSince`): a sync reads only the papers written
 * since its cursor, and the first load is a sync from the start. The load takes the index from the stored index
 * image, reading into it only the papers whose text it does not hold, and the image is kept up to date
 * (image-keeper.ts).
 */
import type { Collection, Store } from '../store/store.js';
import type { Logger } from '../ports.js';
import type { Paper } from '../types.js';
import { TfIdfIndex } from '../index/tfidf-index.js';
import { validatePaper, type InvalidPaper } from './validate-paper.js';
import { validateStoredPaper } from './stored-paper.js';
import { mergePapers } from './merge-papers.js';
import { SharedParts } from './shared-parts.js';
import type { StoredIndex } from './stored-index.js';
import { ImageKeeper } from './image-keeper.js';
import { Pacer } from '../pacer.js';

export { mergePapers } from './merge-papers.js';

export interface UpsertSummary {
  added: number;
  updated: number;
  unchanged: number;
  /** Records that failed validation and were not stored (absent when there were none). */
  refused?: InvalidPaper[];
}

/**
 * Where an invalid record was met: `incoming` (refused by `upsert`), `stored` (a record in the store, written by an
 * older version or by hand, skipped at load or sync and left where it is).
 */
export type InvalidPaperSite = 'incoming' | 'stored';
export type OnInvalidPaper = (invalid: InvalidPaper, site: InvalidPaperSite) => void;

/** Log invalid records with `logger`: one warning each, naming the id and the fields. */
export function logInvalidPapers(logger: Logger): OnInvalidPaper {
  return ({ id, problems }, site) =>
    logger.warn(site === 'stored' ? 'skipped an invalid paper in the store' : 'refused an invalid paper', { id, problems: problems.slice(0, 5) });
}

/**
 * A paper is new to the bot only when it arrives within this long of its first publication: a backfill of last
 * year's papers, or an old paper trending on Hugging Face, is searchable but never a "new this week" pick.
 */
export const FRESH_ON_ARRIVAL_MS = 14 * 24 * 3600 * 1000;

/** The store collection of papers, keyed by paper id. */
const PAPERS = 'paper';
/** Stored papers read per page of the change feed; the event loop gets a turn between pages. */
const SYNC_PAGE = 1000;
/**
 * Papers merged per store transaction of `upsert` (their stored records are read in it): one short hold of the
 * store and of the event loop each.
 */
const UPSERT_CHUNK = 250;

/** One id's records merged with what is stored (`PaperRepository.upsert`). */
interface MergedPaper {
  paper: Paper;
  change: 'added' | 'updated' | 'unchanged';
  /** False when the store already holds `paper` as it is. */
  write: boolean;
}

export class PaperRepository {
  private readonly papers = new Map<string, Paper>();
  private readonly collection: Collection<unknown>;
  /** Fresh papers ordered by `addedAt`, rebuilt lazily after papers are added. */
  private freshByArrival: Paper[] | undefined;
  /** Where this process is in the store's change feed of papers (undefined: nothing read yet). */
  private cursor: string | undefined;
  /** A sync in progress: a second call waits for it instead of reading the same rows again. */
  private syncing: Promise<number> | undefined;
  /** Store keys of invalid stored records already reported, with the record as read (reported again if it changes). */
  private readonly reportedStored = new Map<string, string>();
  /** Batches of papers taken in so far (`revision`). */
  private taken = 0;
  /** True once `load` is done: later syncs rebuild the postings themselves when enough papers came. */
  private loaded = false;

  readonly index: TfIdfIndex;
  private readonly onInvalid: OnInvalidPaper;
  /** Keeps the stored index image (absent: none is read or written). */
  private readonly image: ImageKeeper | undefined;

  /**
   * `onInvalid` hears of every record that fails validation: refused by `upsert` (also listed in its summary) or
   * skipped when reading the store. Without it they are skipped silently. With `image`, `load` starts from the
   * stored index image and the index is stored as one again once enough has changed (image-keeper.ts).
   */
  constructor(
    private readonly store: Store,
    options: { index?: TfIdfIndex; onInvalid?: OnInvalidPaper; image?: StoredIndex } = {},
  ) {
    this.collection = store.collection<unknown>(PAPERS);
    this.index = options.index ?? new TfIdfIndex();
    this.onInvalid = options.onInvalid ?? (() => undefined);
    this.image = options.image ? new ImageKeeper(options.image, this.index, (id) => this.papers.get(id)) : undefined;
  }

  /**
   * Load every stored paper into memory and build the index (the first sync reads the whole feed). With a usable
   * stored image, only the papers whose text is not in it are read into the index.
   */
  async load(): Promise<number> {
    await this.image?.restore();
    await this.syncFromStore();
    this.image?.loaded(this.papers);
    this.loaded = true;
    // At start every paper goes into the postings.
    if (this.index.pendingCount > 0) await this.index.refresh();
    this.image?.saveIfStale(0);
    return this.papers.size;
  }

  /**
   * Write the stored index image now if it is stale (rather than once the papers have been quiet for a minute), and
   * resolve when no write is in progress: for a backfill that ends its process, and for tests.
   */
  imageUpkeep(): Promise<void> {
    return this.image?.idle() ?? Promise.resolve();
  }

  /** Stop keeping the stored index image (the process is stopping); resolves once a write in progress gave up. */
  stopImageUpkeep(): Promise<void> {
    return this.image?.stop() ?? Promise.resolve();
  }

  get size(): number {
    return this.papers.size;
  }

  /** Changes whenever papers are added or changed in memory (for what is derived from them, like the author index). */
  get revision(): number {
    return this.taken;
  }

  get(id: string): Paper | undefined {
    return this.papers.get(id);
  }

  /**
   * The paper `id`, read from the store when this process does not hold it yet (another instance stored it since
   * this one's last paper sync) and then taken in, so a vote on it counts and it can be shown, searched and ranked
   * here at once. Undefined when the store has no valid record of it either.
   */
  async find(id: string): Promise<Paper | undefined> {
    const held = this.papers.get(id);
    if (held) return held;
    const record = await this.collection.get(id);
    const stored = record === undefined ? undefined : this.readStored(id, record);
    if (!stored) return undefined;
    await this.takeIn([new SharedParts().share(stored)]);
    return this.papers.get(id);
  }

  all(): IterableIterator<Paper> {
    return this.papers.values();
  }

  /**
   * Papers new since `since`: first stored at or after it, and fresh when they arrived (published at most
   * `FRESH_ON_ARRIVAL_MS` before; papers with no publication date count as fresh). Oldest arrival first.
   */
  newSince(since: Date): Paper[] {
    this.freshByArrival ??= [...this.papers.values()].filter(isFreshOnArrival).sort((a, b) => a.addedAt.localeCompare(b.addedAt));
    const from = since.toISOString();
    let lo = 0;
    let hi = this.freshByArrival.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.freshByArrival[mid].addedAt < from) lo = mid + 1;
      else hi = mid;
    }
    return this.freshByArrival.slice(lo);
  }

  /**
   * Store papers, merging each with the stored record of the same id; index what changed. A record that fails
   * `validatePaper` is refused: not stored, reported to `onInvalid` and listed in the summary's `refused`.
   *
   * The merge reads the stored records, not this process's copies, in the transaction that writes the result: a
   * newer version, a source or a popularity another instance stored since this one last synced is merged with,
   * never overwritten. Records found newer in the store than in memory are taken in as well.
   */
  async upsert(incoming: readonly unknown[]): Promise<UpsertSummary> {
    const summary: UpsertSummary = { added: 0, updated: 0, unchanged: 0 };
    const byId = new Map<string, Paper[]>();
    // Checking ten thousand papers at once held the event loop for up to a quarter second.
    const pacer = new Pacer();
    for (const record of incoming) {
      const pause = pacer.tick();
      if (pause) await pause;
      const checked = validatePaper(record);
      if (!checked.ok) {
        const invalid = { id: checked.id, problems: checked.problems };
        (summary.refused ??= []).push(invalid);
        this.onInvalid(invalid, 'incoming');
        continue;
      }
      const records = byId.get(checked.paper.id);
      if (records) records.push(checked.paper);
      else byId.set(checked.paper.id, [checked.paper]);
    }
    const ids = [...byId.keys()];
    const shared = new SharedParts();
    const newer: Paper[] = [];
    for (let at = 0; at < ids.length; at += UPSERT_CHUNK) {
      const chunk = ids.slice(at, at + UPSERT_CHUNK);
      const merged = await this.store.transaction(async (tx) => {
        const papers = tx.collection<unknown>(PAPERS);
        const stored = await papers.getMany(chunk);
        const results = chunk.map((id, i) => this.mergeWithStored(id, stored[i], byId.get(id)!, shared));
        await papers.setMany(results.filter((r) => r.write).map((r): [string, Paper] => [r.paper.id, r.paper]));
        return results;
      });
      for (const { paper, change } of merged) {
        summary[change]++;
        const mine = this.papers.get(paper.id);
        if (!mine || JSON.stringify(mine) !== JSON.stringify(paper)) newer.push(paper);
      }
      const pause = pacer.tick(chunk.length);
      if (pause) await pause;
    }
    await this.takeIn(newer);
    await this.index.refreshIfStale();
    this.image?.saveIfStale();
    return summary;
  }

  /**
   * `records` (one id's, in arrival order) merged into the stored record (or, when none is readable, this process's
   * copy), its common parts shared through `shared`; `write` unless the store holds exactly that already.
   */
  private mergeWithStored(id: string, stored: unknown, records: Paper[], shared: SharedParts): MergedPaper {
    const readable = stored === undefined ? undefined : this.readStored(id, stored);
    const before = readable ?? this.papers.get(id);
    let paper = before;
    for (const record of records) paper = paper ? mergePapers(paper, record) : record;
    const change = !before ? 'added' : JSON.stringify(paper) === JSON.stringify(before) ? 'unchanged' : 'updated';
    return { paper: shared.share(paper!), change, write: change !== 'unchanged' || !readable };
  }

  /**
   * Take in the papers stored since this process last looked, by itself or another process (an `npm run ingest`
   * backfill, another instance on the same Postgres): only the rows the change feed lists after the cursor are
   * read, one page at a time. A paper that is already in memory as stored is skipped. A record that fails
   * validation (written by an older version or by hand) is skipped and reported once, never fatal; it stays in
   * the store until a valid record with its id replaces it. Returns how many papers were new or changed.
   */
  syncFromStore(): Promise<number> {
    this.syncing ??= this.readChanges().finally(() => {
      this.syncing = undefined;
    });
    return this.syncing;
  }

  private async readChanges(): Promise<number> {
    const changed: Paper[] = [];
    const shared = new SharedParts();
    const pacer = new Pacer();
    const read = (cursor: string | undefined) => {
      const page = this.store.changesSince<unknown>(PAPERS, cursor, SYNC_PAGE);
      page.catch(() => undefined); // a failed read ahead is reported where it is awaited, or not at all
      return page;
    };
    let next = read(this.cursor);
    for (;;) {
      const page = await next;
      const more = page.entries.length >= SYNC_PAGE;
      // Read the next page while this one is checked: the store's query overlaps the work below.
      if (more) next = read(page.cursor);
      await this.checkPage(page.entries, changed, shared, pacer);
      this.cursor = page.cursor;
      if (!more) break;
      await pacer.pause();
    }
    // In id order, as a read of the whole collection gave them: the index and every tie-break stay as they were.
    changed.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    await this.takeIn(changed);
    // As after an ingest: new papers are searchable at once (the index's recent part); the postings are rebuilt
    // only when enough have gathered, not for every few papers another instance stored. The first load rebuilds
    // them itself, once it has put the papers together.
    if (this.loaded) this.refreshSoon();
    return changed.length;
  }

  /** Add to `changed` the valid papers of `entries` that differ from the ones in memory, paced by `pacer`. */
  private async checkPage(entries: [string, unknown][], changed: Paper[], shared: SharedParts, pacer: Pacer): Promise<void> {
    for (const [key, record] of entries) {
      const pause = pacer.tick();
      if (pause) await pause;
      const stored = this.readStored(key, record);
      if (!stored) continue;
      const mine = this.papers.get(stored.id);
      if (!mine || JSON.stringify(mine) !== JSON.stringify(stored)) changed.push(shared.share(stored));
    }
  }

  /** The stored record under `key` as a valid paper, or undefined (reported once) when it is not one. */
  private readStored(key: string, record: unknown): Paper | undefined {
    const checked = validateStoredPaper(record);
    const problems = checked.ok ? [] : checked.problems;
    if (checked.ok && checked.paper.id !== key) problems.push(`id: "${checked.paper.id.slice(0, 80)}" is stored under another id`);
    if (problems.length === 0) {
      this.reportedStored.delete(key);
      return checked.ok ? checked.paper : undefined;
    }
    const seen = safeStringify(record);
    if (this.reportedStored.get(key) !== seen) {
      this.reportedStored.set(key, seen);
      this.onInvalid({ id: key.slice(0, 80), problems }, 'stored');
    }
    return undefined;
  }

  /**
   * Rebuild the postings when enough papers came since the last rebuild, without holding up the sync that took
   * them in: the rebuild is paced like all index work, searches use the previous postings and the new papers'
   * own weights until it swaps in, and a load or a second refresh joins it. The image is kept up to date after.
   */
  private refreshSoon(): void {
    this.index
      .refreshIfStale()
      .then(() => this.image?.saveIfStale())
      // A rebuild is computation only; should one fail, the previous postings stay and the next refresh tries again.
      .catch(() => undefined);
  }

  /** Hold `papers` in memory and index the ones whose text is new. */
  private async takeIn(papers: Paper[]): Promise<void> {
    const textChanged = papers.filter((p) => {
      const before = this.papers.get(p.id);
      if (before) return before.title !== p.title || before.abstract !== p.abstract;
      return !this.image?.holds(p);
    });
    for (const paper of papers) this.papers.set(paper.id, paper);
    if (papers.length > 0) {
      this.freshByArrival = undefined;
      this.taken++;
    }
    this.image?.changed(textChanged.length);
    await this.index.addAsync(textChanged);
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function isFreshOnArrival(paper: Paper): boolean {
  if (!paper.published) return true;
  return Date.parse(paper.addedAt) - Date.parse(paper.published) <= FRESH_ON_ARRIVAL_MS;
}
