/**
 * Exploration: which papers would teach the model most. The week's candidates are grouped into topic clusters
 * (spherical k-means on their TF-IDF vectors); every past vote counts for the clusters by how near their
 * centres are (see clusterEvidence), so a region where papers were disliked loses appeal and one never tried
 * keeps it. Each exploratory pick draws a like-rate for every cluster from its Beta posterior (Thompson
 * sampling) and takes a paper from the best draw, so a person whose picks all miss is walked through unlike
 * topics until something lands.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { fromMap, normalize, TopK, type SparseVector } from '../index/sparse.js';
import { sparseDot, type CandidateSpace } from './candidate-space.js';

/** Terms kept per cluster centre. */
const CENTROID_TERMS = 120;
const KMEANS_ROUNDS = 3;
/** How sharply a vote's weight falls off from its nearest cluster to the others (see clusterEvidence). */
export const SPREAD = 1;

export interface Clustering {
  ids: string[];
  centroids: SparseVector[];
  /** Cluster of each candidate, parallel to `ids`. */
  assignment: Int32Array;
}

/** Group `ids` into about sqrt(n) clusters (8 to 40). Deterministic for a given input. */
export function clusterPapers(space: CandidateSpace): Clustering {
  const ids = space.ids;
  const n = ids.length;
  const count = Math.max(1, Math.min(40, n, Math.max(8, Math.round(Math.sqrt(n)))));
  const random = seededRandom(hashString(ids.length > 0 ? `${ids[0]}|${ids[n - 1]}|${n}` : 'empty'));
  const best = new Float64Array(n).fill(-1);
  const assignment = new Int32Array(n);
  let centroids: SparseVector[] = [];
  // k-means++ seeding on cosine distance.
  let next = Math.floor(random() * n);
  for (let c = 0; c < count && n > 0; c++) {
    centroids.push(space.vectors[next]);
    const sims = space.similarities(centroids[c]);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (sims[i] > best[i]) {
        best[i] = sims[i];
        assignment[i] = c;
      }
      total += (1 - best[i]) ** 2;
    }
    let target = random() * total;
    for (let i = 0; i < n; i++) {
      target -= (1 - best[i]) ** 2;
      if (target <= 0) {
        next = i;
        break;
      }
    }
  }
  for (let round = 0; round < KMEANS_ROUNDS; round++) {
    centroids = centres(space, assignment, centroids.length);
    assign(space, centroids, assignment, best);
  }
  return { ids, centroids, assignment };
}

/** The centre of each cluster: its members' summed vectors, cut to the CENTROID_TERMS largest, normalised. */
function centres(space: CandidateSpace, assignment: Int32Array, count: number): SparseVector[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  assignment.forEach((c, d) => members[c].push(d));
  const sum = new Float64Array(space.terms);
  const touched: number[] = [];
  return members.map((docs) => {
    for (const d of docs) {
      const v = space.vectors[d];
      for (let i = 0; i < v.ids.length; i++) {
        if (sum[v.ids[i]] === 0) touched.push(v.ids[i]);
        sum[v.ids[i]] += v.weights[i];
      }
    }
    const best = new TopK(CENTROID_TERMS);
    for (const t of touched) {
      best.push(t, sum[t]);
      sum[t] = 0;
    }
    const top = new Map(best.result().map(({ item, score }) => [item, score] as const));
    touched.length = 0;
    return normalize(fromMap(top));
  });
}

function assign(space: CandidateSpace, centroids: SparseVector[], assignment: Int32Array, best: Float64Array): void {
  best.fill(-1);
  centroids.forEach((centroid, c) => {
    const sims = space.similarities(centroid);
    for (let i = 0; i < space.size; i++) {
      if (sims[i] > best[i]) {
        best[i] = sims[i];
        assignment[i] = c;
      }
    }
  });
}

/**
 * How much each vote speaks for each cluster: fully for the cluster whose centre it is nearest, and for other
 * clusters by (similarity / nearest similarity)^SPREAD, so a dislike also darkens the clusters next to the
 * one it fell in (a whole region is ruled out, not a single cluster). Votes near no centre count for none.
 */
export function clusterEvidence(
  index: TfIdfIndex,
  clustering: Clustering,
  votes: { id: string; like: boolean; weight: number }[],
  minSimilarity = 0.05,
): { likes: Float64Array; dislikes: Float64Array } {
  const count = clustering.centroids.length;
  const vectors = votes.map((v) => index.documentVector(v.id));
  const sims = clustering.centroids.map((centroid) => vectors.map((v) => sparseDot(centroid, v)));
  const likes = new Float64Array(count);
  const dislikes = new Float64Array(count);
  votes.forEach((vote, i) => {
    let nearest = minSimilarity;
    for (let c = 0; c < count; c++) nearest = Math.max(nearest, sims[c][i]);
    if (nearest <= minSimilarity) return;
    const into = vote.like ? likes : dislikes;
    for (let c = 0; c < count; c++) into[c] += vote.weight * Math.pow(Math.max(0, sims[c][i]) / nearest, SPREAD);
  });
  return { likes, dislikes };
}

/** A draw from Beta(a, b) via two Gamma draws (Marsaglia and Tsang). */
export function sampleBeta(a: number, b: number, random: () => number): number {
  const x = sampleGamma(a, random);
  const y = sampleGamma(b, random);
  return x + y === 0 ? 0.5 : x / (x + y);
}

function sampleGamma(shape: number, random: () => number): number {
  if (shape < 1) return sampleGamma(shape + 1, random) * Math.pow(random() || 1e-12, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

function normal(random: () => number): number {
  const u = random() || 1e-12;
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** mulberry32: small, seeded, good enough for sampling. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a hash of a string, for seeds. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
