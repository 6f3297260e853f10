/**
 * Channel interests widened by pseudo-relevance feedback: the interest phrases plus the centre of the papers
 * (of the whole store, past weeks included) that match them best, so a short phrase also finds papers that use
 * its neighbours' words. A channel's followed papers are feedback it chose itself: their centre is added with
 * `seedPaperWeight` (and, with `seedQueryWeight`, also steers which papers widen the phrases). Widening costs a search over the whole index, so each channel's result is kept until
 * its interests change or the store has grown by a tenth; a weekly digest then only scores its candidates.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { addScaled, fromMap, normalize, truncate, type SparseVector } from '../index/sparse.js';
import type { RankingSettings } from './settings.js';

/** The settings expansion reads. */
export type ExpansionSettings = Pick<RankingSettings, 'expansionPapers' | 'expansionWeight' | 'expansionRefreshGrowth' | 'profileTerms' | 'seedPaperWeight' | 'seedQueryWeight'>;

/**
 * Widen the unit vector of a channel's interest phrases (`phrases`) with the centre of its `expansionPapers`
 * best-matching papers in the whole index (weighted `expansionWeight` next to the phrases) and the centre of its
 * followed papers (`seeds`, a unit vector or empty; weighted `seedPaperWeight`), kept to `profileTerms` terms and
 * normalised. The best-matching papers are found with the phrases plus `seedQueryWeight` times the seeds; a
 * channel with followed papers and no phrases is widened from its seeds alone.
 */
export function expandInterests(index: TfIdfIndex, phrases: SparseVector, settings: ExpansionSettings, seeds: SparseVector = EMPTY): SparseVector {
  if (phrases.ids.length === 0 && seeds.ids.length === 0) return phrases;
  const base = phrases.ids.length > 0 ? phrases : seeds;
  const query = phrases.ids.length > 0 && seeds.ids.length > 0 && settings.seedQueryWeight > 0 ? combine(phrases, seeds, settings.seedQueryWeight) : base;
  const top = index.score(query, { limit: settings.expansionPapers });
  const sum = new Map<number, number>();
  addScaled(sum, base, 1);
  for (const t of top) addScaled(sum, index.documentVector(t.id), settings.expansionWeight / Math.max(1, top.length));
  if (base !== seeds) addScaled(sum, seeds, settings.seedPaperWeight);
  return normalize(truncate(fromMap(sum), settings.profileTerms));
}

const EMPTY: SparseVector = fromMap(new Map());

function combine(a: SparseVector, b: SparseVector, weightOfB: number): SparseVector {
  const sum = new Map<number, number>();
  addScaled(sum, a, 1);
  addScaled(sum, b, weightOfB);
  return normalize(fromMap(sum));
}

interface Kept {
  signature: string;
  indexSize: number;
  vector: SparseVector;
}

/** Expanded interests per channel, recomputed when the interests change or the index has grown enough. */
export class InterestExpansionCache {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly index: TfIdfIndex,
    private readonly settings: ExpansionSettings,
  ) {}

  /**
   * The expanded vector of `phrases` and `seeds` (see `expandInterests`) for the channel `key`; `signature` names the interests it was built
   * from (phrases and seed papers), so any change to them rebuilds it.
   */
  get(key: string, signature: string, phrases: SparseVector, seeds?: SparseVector): SparseVector {
    const kept = this.kept.get(key);
    const size = this.index.size;
    if (kept && kept.signature === signature && size <= kept.indexSize * (1 + this.settings.expansionRefreshGrowth) && size >= kept.indexSize) return kept.vector;
    const vector = expandInterests(this.index, phrases, this.settings, seeds);
    this.kept.set(key, { signature, indexSize: size, vector });
    return vector;
  }

  /** Forget a channel's expansion (its settings were deleted). */
  forget(key: string): void {
    this.kept.delete(key);
  }
}
