/**
 * The daily ingest, one function per source. RSS brings the day's announcements in one request; the arXiv API
 * catches what RSS missed (days the bot was down, new versions) by reading everything updated since the last
 * run; Hugging Face brings yesterday's and today's trending papers with their upvotes. Each stores page by
 * page and throws `SourceError` on failure; the caller records it and moves on to the next source.
 */
import { announceTypeAddsPapers } from './arxiv-rss.js';
import { addDays, categoriesKey, utcDay } from './ingest-state.js';
import { recordUnreadable, storePapers, type IngestContext } from './ingest-context.js';
import { SourceError } from './http.js';
import type { SourceStatus } from './ingest-summary.js';
import type { Paper } from '../types.js';

/** How far back the first daily API run looks. */
export const FIRST_RUN_LOOKBACK_MS = 2 * 86_400_000;
/** Papers reach the API about a day after submission; each run re-reads this much before the last one. */
export const ANNOUNCEMENT_LAG_MS = 2 * 86_400_000;
/** Upper bound on API pages in one daily run (the rest waits for the next run). */
export const MAX_DAILY_API_PAGES = 25;

/** Today's RSS feed: `new`/`cross` items add papers, replacements update stored papers only. */
export async function runRssDaily(ctx: IngestContext, categories: string[], status: SourceStatus, signal?: AbortSignal): Promise<void> {
  const feed = await ctx.rss.fetchFeed(categories, ctx.clock.now().toISOString(), signal);
  status.requests++;
  recordUnreadable(ctx, 'arxiv-rss', status, feed.skipped);
  const papers: Paper[] = [];
  for (const item of feed.items) {
    if (announceTypeAddsPapers(item.announceType) || ctx.core.papers.get(item.paper.id)) papers.push(item.paper);
    else status.skipped++;
  }
  if (feed.items.length === 0) ctx.logger.info('arXiv RSS feed has no items today', { categories });
  await storePapers(ctx, status, papers);
}

/**
 * Everything in `categories` updated since the last run (minus the announcement lag), oldest first, at most
 * `MAX_DAILY_API_PAGES` pages. When the cap stops it, the next run continues from the last paper read.
 */
export async function runApiDaily(ctx: IngestContext, categories: string[], status: SourceStatus, signal?: AbortSignal): Promise<void> {
  const key = categoriesKey(categories);
  const now = ctx.clock.now();
  const cursor = await ctx.state.dailyCursor('arxiv-api', key);
  const fromMs = !cursor
    ? now.getTime() - FIRST_RUN_LOOKBACK_MS
    : Date.parse(cursor.through) - (cursor.complete ? ANNOUNCEMENT_LAG_MS : 0);
  let start = 0;
  let lastUpdated: string | undefined;
  for (let page = 0; page < MAX_DAILY_API_PAGES; page++) {
    if (signal?.aborted) throw new SourceError('arxiv-api', 'aborted', 'stopped on request');
    const query = { categories, from: new Date(fromMs), to: now, dateField: 'lastUpdatedDate' as const, start, maxResults: ctx.pageSize };
    const result = await ctx.api.fetchWindowPage(query, ctx.clock.now().toISOString(), signal);
    status.requests++;
    recordUnreadable(ctx, 'arxiv-api', status, result.skipped);
    await storePapers(ctx, status, result.papers);
    const entries = result.papers.length + result.skipped.length;
    lastUpdated = result.papers.at(-1)?.updated ?? lastUpdated;
    start += entries;
    if (entries === 0 || start >= result.totalResults) {
      await ctx.state.saveDailyCursor('arxiv-api', key, { through: now.toISOString(), complete: true });
      return;
    }
  }
  ctx.logger.info('daily arXiv API run reached its page cap; the next run continues', { pages: MAX_DAILY_API_PAGES, through: lastUpdated });
  await ctx.state.saveDailyCursor('arxiv-api', key, { through: lastUpdated ?? new Date(fromMs).toISOString(), complete: false });
}

/** Yesterday's and today's Hugging Face daily papers (UTC days); today's list fills during the day. */
export async function runHfDaily(ctx: IngestContext, status: SourceStatus, signal?: AbortSignal): Promise<void> {
  const today = utcDay(ctx.clock.now());
  for (const day of [addDays(today, -1), today]) {
    const page = await ctx.hf.fetchDay(day, ctx.clock.now().toISOString(), signal);
    status.requests++;
    recordUnreadable(ctx, 'hf-daily', status, page.skipped);
    if (page.papers.length === 0) ctx.logger.info('Hugging Face has no daily papers for this day yet', { day });
    await storePapers(ctx, status, page.papers);
  }
}
