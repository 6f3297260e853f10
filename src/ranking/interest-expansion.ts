/**
 * Channel interests widened by pseudo-relevance feedback: the interest phrases plus the centre of the papers
 * (of the whole store, past weeks included) that match them best, so a short phrase also finds papers that use
 * its neighbours' words. A channel's followed papers are feedback it chose itself: their centre is added with
 * `seedPaperWeight` (and, with `seedQueryWeight`, also steers which papers widen the phrases). Widening costs a search over the whole index, so each channel's result is kept until
 * its interests change or the store has grown by a tenth; a weekly digest then only scores its candidates.
 *
 * Kept in the store too (`StoredExpansion`, written by the core after a follow and after each digest group), so
 * another instance on the same store, or this one after a restart, adopts it instead of searching again. A stored
 * vector is adopted under the same rule as a kept one (same interests, index grown by less than a tenth since)
 * and only when its term ids name the same terms in this process's index (a checksum of their display forms);
 * otherwise it is computed again, and stored again.
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

/** A widened vector as the store keeps it: what it was built from, and its term ids and weights as base64 bytes. */
export interface StoredExpansion {
  signature: string;
  indexSize: number;
  /** Base64 of the little-endian `Uint32Array` of term ids. */
  ids: string;
  /** Base64 of the little-endian `Float32Array` of weights (exact: the vector as computed). */
  weights: string;
  /** Checksum of the terms' display forms in the index that computed it (see `termCheck`). */
  check: string;
}

/** True when `value` has the shape of a `StoredExpansion` (a record from the store is checked before use). */
export function isStoredExpansion(value: unknown): value is StoredExpansion {
  const v = value as Partial<StoredExpansion> | null;
  return typeof v === 'object' && v !== null && typeof v.signature === 'string' && typeof v.indexSize === 'number' && Number.isFinite(v.indexSize)
    && typeof v.ids === 'string' && typeof v.weights === 'string' && typeof v.check === 'string';
}

/** A 32-bit FNV-1a checksum (hex) of the display forms of `ids` in `index`: equal ids name equal terms. */
function termCheck(index: TfIdfIndex, ids: Uint32Array): string {
  let hash = 0x811c9dc5;
  for (const id of ids) {
    const term = index.surface(id);
    for (let i = 0; i < term.length; i++) hash = Math.imul(hash ^ term.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  }
  return (hash >>> 0).toString(16);
}

function toStored(index: TfIdfIndex, kept: Kept): StoredExpansion {
  const { ids, weights } = kept.vector;
  const base64 = (array: Uint32Array | Float32Array) => Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
  return { signature: kept.signature, indexSize: kept.indexSize, ids: base64(ids), weights: base64(weights), check: termCheck(index, ids) };
}

/** The stored vector, or undefined when its bytes do not make one (then it is computed again). */
function fromStored(stored: StoredExpansion): SparseVector | undefined {
  const ids = Buffer.from(stored.ids, 'base64');
  const weights = Buffer.from(stored.weights, 'base64');
  if (ids.length % 4 !== 0 || ids.length !== weights.length) return undefined;
  // Copies: a Buffer's bytes may sit at an offset that is not a multiple of 4.
  return { ids: new Uint32Array(new Uint8Array(ids).buffer), weights: new Float32Array(new Uint8Array(weights).buffer) };
}

/** Expanded interests per channel, recomputed when the interests change or the index has grown enough. */
export class InterestExpansionCache {
  private readonly kept = new Map<string, Kept>();
  /** Keys whose vector was computed (not adopted from the store) since the last `takeComputed`. */
  private readonly computed = new Set<string>();

  constructor(
    private readonly index: TfIdfIndex,
    private readonly settings: ExpansionSettings,
  ) {}

  /**
   * The expanded vector of `phrases` and `seeds` (see `expandInterests`) for the channel `key`; `signature` names the interests it was built
   * from (phrases and seed papers), so any change to them rebuilds it.
   */
  get(key: string, signature: string, phrases: SparseVector, seeds?: SparseVector, stored?: StoredExpansion): SparseVector {
    const kept = this.kept.get(key);
    if (kept && this.current(kept, signature)) return kept.vector;
    const adopted = stored && this.adopt(stored, signature);
    if (adopted) {
      this.kept.set(key, adopted);
      return adopted.vector;
    }
    const vector = expandInterests(this.index, phrases, this.settings, seeds);
    this.kept.set(key, { signature, indexSize: this.index.size, vector });
    this.computed.add(key);
    return vector;
  }

  /** True when the vector of `key` is kept and current for `signature`: `get` would neither read nor compute one. */
  holds(key: string, signature: string): boolean {
    const kept = this.kept.get(key);
    return kept !== undefined && this.current(kept, signature);
  }

  /** The vectors computed since the last call, as the store keeps them, by key (adopted ones are already stored). */
  takeComputed(): [string, StoredExpansion][] {
    const out: [string, StoredExpansion][] = [];
    for (const key of this.computed) {
      const kept = this.kept.get(key);
      if (kept) out.push([key, toStored(this.index, kept)]);
    }
    this.computed.clear();
    return out;
  }

  /** True while `kept` stands for `signature`: same interests, index grown by less than the refresh share since. */
  private current(kept: Pick<Kept, 'signature' | 'indexSize'>, signature: string): boolean {
    const size = this.index.size;
    return kept.signature === signature && size <= kept.indexSize * (1 + this.settings.expansionRefreshGrowth) && size >= kept.indexSize;
  }

  /** A stored vector that is current and names the same terms here, else undefined. */
  private adopt(stored: StoredExpansion, signature: string): Kept | undefined {
    if (!this.current(stored, signature)) return undefined;
    const vector = fromStored(stored);
    if (!vector || termCheck(this.index, vector.ids) !== stored.check) return undefined;
    return { signature, indexSize: stored.indexSize, vector };
  }

  /** Forget a channel's expansion (its settings were deleted). */
  forget(key: string): void {
    this.kept.delete(key);
    this.computed.delete(key);
  }
}
