/**
 * Channel interests widened by pseudo-relevance feedback: the interest phrases plus the centre of the papers
 * (of the whole store, past weeks included) that match them best, so a short phrase also finds papers that use
 * its neighbours' words. Widening costs a search over the whole index, so each channel's result is kept until
 * its interests change or the store has grown by a tenth; a weekly digest then only scores its candidates.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { addScaled, fromMap, normalize, truncate, type SparseVector } from '../index/sparse.js';
import type { RankingSettings } from './settings.js';

/** The settings expansion reads. */
export type ExpansionSettings = Pick<RankingSettings, 'expansionPapers' | 'expansionWeight' | 'expansionRefreshGrowth' | 'profileTerms'>;

/**
 * Widen an interest vector with the centre of its `expansionPapers` best-matching papers in the whole index
 * (weighted `expansionWeight` next to the phrases), kept to `profileTerms` terms and normalised.
 */
export function expandInterests(index: TfIdfIndex, interests: SparseVector, settings: ExpansionSettings): SparseVector {
  if (interests.ids.length === 0) return interests;
  const top = index.score(interests, { limit: settings.expansionPapers });
  const sum = new Map<number, number>();
  addScaled(sum, interests, 1);
  for (const t of top) addScaled(sum, index.documentVector(t.id), settings.expansionWeight / Math.max(1, top.length));
  return normalize(truncate(fromMap(sum), settings.profileTerms));
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
   * The expanded vector of `interests` for the channel `key`; `signature` names the interests it was built
   * from (phrases and seed papers), so any change to them rebuilds it.
   */
  get(key: string, signature: string, interests: SparseVector): SparseVector {
    const kept = this.kept.get(key);
    const size = this.index.size;
    if (kept && kept.signature === signature && size <= kept.indexSize * (1 + this.settings.expansionRefreshGrowth) && size >= kept.indexSize) return kept.vector;
    const vector = expandInterests(this.index, interests, this.settings);
    this.kept.set(key, { signature, indexSize: size, vector });
    return vector;
  }

  /** Forget a channel's expansion (its settings were deleted). */
  forget(key: string): void {
    this.kept.delete(key);
  }
}
