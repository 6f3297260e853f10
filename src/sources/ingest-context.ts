/**
 * What the daily run and the backfill share: the core they store into, the source clients, the saved
 * progress, and one `storePapers` step that merges a page into the store and counts what happened, so partial
 * progress is kept page by page and every unreadable entry is logged with its source.
 */
import type { SourceId } from '../config.js';
import type { UpsertSummary } from '../papers/paper-repository.js';
import type { Clock, Logger } from '../ports.js';
import type { Store } from '../store/store.js';
import type { Paper } from '../types.js';
import type { ArxivApiSource } from './arxiv-api.js';
import type { ArxivRssSource } from './arxiv-rss.js';
import type { HfDailySource } from './hf-daily.js';
import type { IngestState } from './ingest-state.js';
import { addUpsert, type SourceStatus } from './ingest-summary.js';

/** The part of the core ingest needs (`Core` from src/core.ts satisfies it). */
export interface IngestCore {
  /** Merge papers into the store by id; see `PaperRepository.upsert`. */
  ingest(papers: Paper[]): Promise<UpsertSummary>;
  papers: { get(id: string): Paper | undefined };
  store: Store;
  /** The arXiv categories channels follow; the daily run reads them too. */
  followedCategories?(): Promise<string[]>;
}

export interface IngestContext {
  core: IngestCore;
  clock: Clock;
  logger: Logger;
  state: IngestState;
  api: ArxivApiSource;
  rss: ArxivRssSource;
  hf: HfDailySource;
  /** arXiv API results per request. */
  pageSize: number;
}

/**
 * Merge `papers` into the store and count the outcome on `status`. Papers the store refused as invalid count as
 * failed and are logged with this source (the core logs each one with its fields too).
 */
export async function storePapers(ctx: IngestContext, status: SourceStatus, papers: Paper[]): Promise<void> {
  if (papers.length === 0) return;
  const upsert = await ctx.core.ingest(papers);
  addUpsert(status, upsert);
  const refused = upsert.refused ?? [];
  if (refused.length === 0) return;
  status.failed += refused.length;
  ctx.logger.warn('paper source sent invalid papers; refused them', {
    source: status.source,
    count: refused.length,
    examples: refused.slice(0, 3).map((r) => `${r.id}: ${r.problems.join('; ')}`),
  });
}

/** Count and log entries a parser could not read. */
export function recordUnreadable(ctx: IngestContext, source: SourceId, status: SourceStatus, reasons: string[]): void {
  if (reasons.length === 0) return;
  status.failed += reasons.length;
  ctx.logger.warn('paper source sent unreadable entries', { source, count: reasons.length, examples: reasons.slice(0, 3) });
}
