/**
 * The candidate list a digest run ranks once per channel: a thousand channels rank the same week of papers,
 * and which of those papers can be ranked at all (known to the index and to the paper lookup) depends only on
 * the list and the index, not on the channel. Found once per list and index state, it leaves each channel
 * only its own exclusions (papers posted, voted on or followed there) to take out.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { Paper } from '../types.js';

export class RankableCandidates {
  /** The last list seen (a copy), the index state it was checked at, and its rankable ids. */
  private list: string[] = [];
  private version = -1;
  private rankable: string[] = [];

  /**
   * @param index  the index the ranking scores with
   * @param lookup the papers; a paper the index holds stays known to it (papers enter the index after the
   *               store and leave neither), so the check is kept for as long as the index does not change
   */
  constructor(
    private readonly index: TfIdfIndex,
    private readonly lookup: (id: string) => Paper | undefined,
  ) {}

  /**
   * The ids of `candidates` that the index and the lookup both know, in the list's order (a list seen before at
   * the same index state is answered from the last check; the array returned must not be changed).
   */
  of(candidates: string[]): string[] {
    if (this.version === this.index.stateVersion && sameList(candidates, this.list)) return this.rankable;
    this.list = candidates.slice();
    this.version = this.index.stateVersion;
    this.rankable = candidates.filter((id) => this.index.has(id) && this.lookup(id) !== undefined);
    return this.rankable;
  }
}

function sameList(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `ids` without those in `exclude` or `known` (the same array when neither holds any). */
export function withoutExcluded(ids: string[], exclude: Set<string>, known: Set<string>): string[] {
  if (exclude.size === 0 && known.size === 0) return ids;
  return ids.filter((id) => !exclude.has(id) && !known.has(id));
}
