/**
 * Backfill: history from a start day to today, one UTC day at a time, saving a cursor after every page so an
 * interrupted or failed run continues exactly where it stopped. The arXiv API is paged within each day; Hugging
 * Face has one request per day. Today is never marked done, so the next run reads it again.
 */
import type { SourceId } from '../config.js';
import { SourceError } from './http.js';
import { recordUnreadable, storePapers, type IngestContext } from './ingest-context.js';
import { addDays, categoriesKey, dayWindow, daysBetween, utcDay, type BackfillCursor } from './ingest-state.js';
import type { SourceStatus } from './ingest-summary.js';

export interface BackfillProgress {
  source: SourceId;
  /** The day being read (`YYYY-MM-DD`). */
  day: string;
  /** Days finished, with the current day's pages as a fraction (`3.5` of `days`). */
  done: number;
  days: number;
}

export interface BackfillRange {
  /** First day (`YYYY-MM-DD`, UTC). */
  since: string;
  /** Last day; today (UTC) when omitted or later. */
  until?: string;
  categories: string[];
  signal?: AbortSignal;
  onProgress?: (progress: BackfillProgress) => void;
}

/** Read the arXiv API day by day from the cursor (or `since`), storing each page. Throws `SourceError`. */
export async function backfillArxivApi(ctx: IngestContext, range: BackfillRange, status: SourceStatus): Promise<void> {
  const key = `${categoriesKey(range.categories)}:${range.since}`;
  const { today, last, days } = bounds(ctx, range);
  const saved = await ctx.state.backfillCursor('arxiv-api', key);
  let cursor: BackfillCursor = saved ?? { since: range.since, nextDay: range.since, nextStart: 0, savedAt: '' };
  if (saved) ctx.logger.info('resuming the arXiv API backfill', { day: saved.nextDay, start: saved.nextStart });
  const save = async (next: Omit<BackfillCursor, 'since' | 'savedAt'>) => {
    cursor = { since: range.since, ...next, savedAt: ctx.clock.now().toISOString() };
    await ctx.state.saveBackfillCursor('arxiv-api', key, cursor);
  };
  for (let day = cursor.nextDay; day <= last; day = addDays(day, 1)) {
    let start = day === cursor.nextDay ? cursor.nextStart : 0;
    const before = daysBetween(range.since, day) - 1;
    for (;;) {
      stopIfAborted('arxiv-api', range.signal);
      const query = { categories: range.categories, ...dayWindow(day), dateField: 'submittedDate' as const, start, maxResults: ctx.pageSize };
      const page = await ctx.api.fetchWindowPage(query, ctx.clock.now().toISOString(), range.signal);
      status.requests++;
      recordUnreadable(ctx, 'arxiv-api', status, page.skipped);
      await storePapers(ctx, status, page.papers);
      const entries = page.papers.length + page.skipped.length;
      start += entries;
      if (start >= page.totalResults) break;
      if (entries === 0) {
        await save({ nextDay: day, nextStart: start });
        throw new SourceError('arxiv-api', 'malformed', `an empty page at ${start} of ${page.totalResults} for ${day}; run again to continue`);
      }
      await save({ nextDay: day, nextStart: start });
      range.onProgress?.({ source: 'arxiv-api', day, done: before + start / page.totalResults, days });
    }
    await save({ nextDay: day < today ? addDays(day, 1) : day, nextStart: 0 });
    range.onProgress?.({ source: 'arxiv-api', day, done: before + 1, days });
  }
}

/** Read Hugging Face daily papers day by day from the cursor (or `since`). Throws `SourceError`. */
export async function backfillHfDaily(ctx: IngestContext, range: BackfillRange, status: SourceStatus): Promise<void> {
  const key = range.since;
  const { today, last, days } = bounds(ctx, range);
  const saved = await ctx.state.backfillCursor('hf-daily', key);
  if (saved) ctx.logger.info('resuming the Hugging Face backfill', { day: saved.nextDay });
  for (let day = saved?.nextDay ?? range.since; day <= last; day = addDays(day, 1)) {
    stopIfAborted('hf-daily', range.signal);
    const page = await ctx.hf.fetchDay(day, ctx.clock.now().toISOString(), range.signal);
    status.requests++;
    recordUnreadable(ctx, 'hf-daily', status, page.skipped);
    await storePapers(ctx, status, page.papers);
    const next = day < today ? addDays(day, 1) : day;
    await ctx.state.saveBackfillCursor('hf-daily', key, { since: range.since, nextDay: next, nextStart: 0, savedAt: ctx.clock.now().toISOString() });
    range.onProgress?.({ source: 'hf-daily', day, done: daysBetween(range.since, day), days });
  }
}

function bounds(ctx: IngestContext, range: BackfillRange): { today: string; last: string; days: number } {
  const today = utcDay(ctx.clock.now());
  const last = range.until && range.until < today ? range.until : today;
  return { today, last, days: daysBetween(range.since, last) };
}

function stopIfAborted(source: SourceId, signal?: AbortSignal): void {
  if (signal?.aborted) throw new SourceError(source, 'aborted', 'stopped on request; run again to continue');
}
