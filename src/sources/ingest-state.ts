/**
 * Where ingest remembers how far it got, in the store's `ingest` collection, so an interrupted backfill
 * continues where it stopped and the daily run asks arXiv only for what changed since the last one. Also the
 * UTC day arithmetic both need (`YYYY-MM-DD` strings compare and sort as dates).
 */
import type { Collection, Store } from '../store/store.js';

/** How far a backfill of one source got: the day to fetch next and, for paged sources, the offset in it. */
export interface BackfillCursor {
  /** First day of the backfill (`YYYY-MM-DD`). */
  since: string;
  /** The day to fetch next (`YYYY-MM-DD`). Today is fetched again by the next run, so it is never passed. */
  nextDay: string;
  /** Offset of the next page within `nextDay` (arXiv API only). */
  nextStart: number;
  /** ISO timestamp of the last save. */
  savedAt: string;
}

/** How far the daily arXiv API run got. */
export interface DailyCursor {
  /** ISO timestamp: papers updated up to here were read. */
  through: string;
  /** False when the last run stopped early (page cap or failure): the next one continues exactly from `through`. */
  complete: boolean;
}

/** A daily ingest run that finished (every source read to its end or failed; none interrupted). */
export interface DailyRunRecord {
  /** ISO timestamp of the end of the run. */
  completedAt: string;
  /** The process that ran it (see `leaseOwner`). */
  owner: string;
  new: number;
  updated: number;
  failed: number;
}

type StateValue = BackfillCursor | DailyCursor | DailyRunRecord;

/** Typed access to the `ingest` collection. */
export class IngestState {
  private readonly collection: Collection<StateValue>;

  constructor(store: Store) {
    this.collection = store.collection<StateValue>('ingest');
  }

  /** The backfill cursor for one source and settings key (categories and start day), if any. */
  async backfillCursor(source: string, key: string): Promise<BackfillCursor | undefined> {
    return (await this.collection.get(`backfill:${source}:${key}`)) as BackfillCursor | undefined;
  }

  async saveBackfillCursor(source: string, key: string, cursor: BackfillCursor): Promise<void> {
    await this.collection.set(`backfill:${source}:${key}`, cursor);
  }

  async dailyCursor(source: string, key: string): Promise<DailyCursor | undefined> {
    return (await this.collection.get(`daily:${source}:${key}`)) as DailyCursor | undefined;
  }

  async saveDailyCursor(source: string, key: string, cursor: DailyCursor): Promise<void> {
    await this.collection.set(`daily:${source}:${key}`, cursor);
  }

  /** The record of the daily run of `day` (`YYYY-MM-DD`, UTC), when one finished. */
  async dailyRun(day: string): Promise<DailyRunRecord | undefined> {
    return (await this.collection.get(`daily-run:${day}`)) as DailyRunRecord | undefined;
  }

  async saveDailyRun(day: string, record: DailyRunRecord): Promise<void> {
    await this.collection.set(`daily-run:${day}`, record);
  }
}

/** The store key part for a category set: sorted, so `cs.LG,cs.CL` and `cs.CL,cs.LG` share progress. */
export function categoriesKey(categories: string[]): string {
  return [...new Set(categories)].sort().join('+');
}

/** The UTC day of `date` as `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** `day` plus `days` (negative goes back). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return utcDay(date);
}

/** Days from `from` to `to` inclusive (0 when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  const ms = Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`);
  return ms < 0 ? 0 : Math.round(ms / 86_400_000) + 1;
}

/** True for a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00.000Z`);
  return !Number.isNaN(date.getTime()) && utcDay(date) === text;
}

/** The first and last minute of a UTC day, as arXiv date windows want them. */
export function dayWindow(day: string): { from: Date; to: Date } {
  return { from: new Date(`${day}T00:00:00.000Z`), to: new Date(`${day}T23:59:00.000Z`) };
}
