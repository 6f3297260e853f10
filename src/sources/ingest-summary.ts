/**
 * What an ingest run reports: per source, how many papers were new, updated, skipped or failed, and why a
 * source failed. The same shape serves the daily schedule's log line and the CLI's summary, so an operator
 * reads one vocabulary everywhere.
 */
import type { SourceId } from '../config.js';
import type { UpsertSummary } from '../papers/paper-repository.js';
import { SourceError } from './http.js';

export interface SourceStatus {
  source: SourceId;
  /** `ok`: read to the end; `failed`: stopped by an error (what was read is kept); `skipped`: not run;
   *  `interrupted`: stopped on request (resumable). */
  status: 'ok' | 'failed' | 'skipped' | 'interrupted';
  /** Papers stored for the first time. */
  new: number;
  /** Stored papers that changed (new version, another source, new popularity). */
  updated: number;
  /** Entries that changed nothing: already stored as they are, or replacements of papers not stored. */
  skipped: number;
  /** Entries that could not be read, plus requests that failed. */
  failed: number;
  /** Requests that returned a readable response. */
  requests: number;
  /** Why the source failed or was skipped. */
  reason?: string;
}

export interface IngestSummary {
  new: number;
  updated: number;
  skipped: number;
  failed: number;
  sources: SourceStatus[];
  /** ISO timestamps on the ingest clock. */
  startedAt: string;
  finishedAt: string;
}

/** A fresh, all-zero status for `source`. */
export function emptyStatus(source: SourceId): SourceStatus {
  return { source, status: 'ok', new: 0, updated: 0, skipped: 0, failed: 0, requests: 0 };
}

/** Add what one `core.ingest` call reported to `status`. */
export function addUpsert(status: SourceStatus, upsert: UpsertSummary): void {
  status.new += upsert.added;
  status.updated += upsert.updated;
  status.skipped += upsert.unchanged;
}

/** Mark `status` failed with a one-line reason (a `SourceError` gives its kind and message). */
export function markFailed(status: SourceStatus, error: unknown): void {
  status.status = 'failed';
  status.failed += 1;
  status.reason = describeSourceError(error);
}

/** `timeout: no complete response within 200 ms`, or an unknown error's message. */
export function describeSourceError(error: unknown): string {
  if (error instanceof SourceError) return `${error.kind}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Total the per-source statuses. */
export function summarize(sources: SourceStatus[], startedAt: Date, finishedAt: Date): IngestSummary {
  const total = (key: 'new' | 'updated' | 'skipped' | 'failed') => sources.reduce((sum, s) => sum + s[key], 0);
  return {
    new: total('new'),
    updated: total('updated'),
    skipped: total('skipped'),
    failed: total('failed'),
    sources,
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
  };
}

/** One line for logs and the CLI: `12 new, 3 updated, 40 skipped, 0 failed (arxiv-rss ok, hf-daily failed: ...)`. */
export function formatSummary(summary: IngestSummary): string {
  const parts = summary.sources.map((s) => (s.reason ? `${s.source} ${s.status}: ${s.reason}` : `${s.source} ${s.status}`));
  return `${summary.new} new, ${summary.updated} updated, ${summary.skipped} skipped, ${summary.failed} failed (${parts.join('; ')})`;
}
