/**
 * Exploration: which papers would teach the model most. The week's candidates are grouped into topic clusters
 * (spherical k-means on their TF-IDF vectors); every past vote counts for the clusters by how near their
 * centres are (see clusterEvidence), so a region where papers were disliked loses appeal and one never tried
 * keeps it. Each exploratory pick draws a like-rate for every cluster from its Beta posterior (Thompson
 * sampling) and takes a paper from the best draw, so a person whose picks all miss is walked through unlike
 * topics until something lands.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import type { CandidateSpace } from '../index/candidate-space.js';
import { fromMap, normalize, sparseDot, TopK, type SparseVector } from '../index/sparse.js';
import type { VoteEvidence } from './evidence.js';
import type { Scored } from './rank.js';
import { hashString, sampleBeta, seededRandom } from './seeded-random.js';
import type { RankingSettings } from './settings.js';

/** The settings exploration reads. */
export type ExploreSettings = Pick<
  RankingSettings,
  'minClusters' | 'maxClusters' | 'centroidTerms' | 'kmeansRounds' | 'clusterSpread' | 'clusterMinSimilarity' | 'minClusterSize'
>;

/** What exploration needs to know of the person: their votes, this week's candidates, their seed. */
export interface ExploreInput {
  votes: VoteEvidence[];
  /** Candidates not yet posted nor voted on. */
  candidates: string[];
  /** Seeds the exploration draws (channel or user key): the same state gives the same picks. */
  seed: string;
}

export interface ExplorePick extends Scored {
  exploratory: true;
}

export interface Clustering {
  ids: string[];
  centroids: SparseVector[];
  /** Cluster of each candidate, parallel to `ids`. */
  assignment: Int32Array;
}

/**
 * Group the space's candidates into about sqrt(n) clusters (between `minClusters` and `maxClusters`) by
 * spherical k-means with k-means++ seeding. Deterministic for a given input.
 */
export function clusterPapers(space: CandidateSpace, settings: ExploreSettings): Clustering {
  const ids = space.ids;
  const n = ids.length;
  const count = Math.max(1, Math.min(settings.maxClusters, n, Math.max(settings.minClusters, Math.round(Math.sqrt(n)))));
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
  for (let round = 0; round < settings.kmeansRounds; round++) {
    centroids = centres(space, assignment, centroids.length, settings.centroidTerms);
    assign(space, centroids, assignment, best);
  }
  return { ids, centroids, assignment };
}

/** The centre of each cluster: its members' summed vectors, cut to the `terms` largest, normalised. */
function centres(space: CandidateSpace, assignment: Int32Array, count: number, terms: number): SparseVector[] {
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
    const best = new TopK(terms);
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
 * clusters by (similarity / nearest similarity)^clusterSpread, so a dislike also darkens the clusters next to
 * the one it fell in (a whole region is ruled out, not a single cluster). Votes whose nearest centre is no
 * nearer than `clusterMinSimilarity` count for none.
 */
export function clusterEvidence(
  index: TfIdfIndex,
  clustering: Clustering,
  votes: VoteEvidence[],
  settings: Pick<RankingSettings, 'clusterSpread' | 'clusterMinSimilarity'>,
): { likes: Float64Array; dislikes: Float64Array } {
  const minSimilarity = settings.clusterMinSimilarity;
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
    for (let c = 0; c < count; c++) into[c] += vote.weight * Math.pow(Math.max(0, sims[c][i]) / nearest, settings.clusterSpread);
  });
  return { likes, dislikes };
}

/**
 * How many of `k` picks explore: none before any vote (the interests alone decide); all of them while nothing
 * was ever liked (one until there are `k` votes); otherwise the picks the `likely` candidates (those whose votes
 * nearby say they are probably liked) cannot fill, so with k likely candidates there is none. Exploring resumes
 * as soon as dislikes around the likely ones close them.
 */
export function exploreCount(votes: VoteEvidence[], k: number, likely: number): number {
  if (votes.length === 0 || k < 2) return 0;
  if (!votes.some((v) => v.like)) return votes.length >= k ? k : 1;
  return k - Math.min(likely, k);
}

/**
 * `n` exploratory picks by Thompson sampling over the week's topic clusters: each pick draws a like-rate for
 * every cluster not yet used (and of at least `minClusterSize` papers) from Beta(1 + likes, 1 + dislikes) and
 * takes the best draw's best paper by the model. `ranked` is every candidate by model score, best first;
 * `taken` are the picks already made (their clusters are not explored again).
 */
export function explorePicks(
  index: TfIdfIndex,
  input: ExploreInput,
  ranked: Scored[],
  taken: string[],
  n: number,
  settings: ExploreSettings,
): ExplorePick[] {
  if (n <= 0) return [];
  const clustering = cachedClusters(index, input.candidates, settings);
  const clusterOf = new Map(clustering.ids.map((id, i) => [id, i] as const));
  const { likes, dislikes } = clusterEvidence(index, clustering, input.votes, settings);
  const size = new Int32Array(clustering.centroids.length);
  for (const c of clustering.assignment) size[c]++;
  const used = new Set(taken.map((id) => clustering.assignment[clusterOf.get(id) ?? -1]).filter((c) => c !== undefined));
  const random = seededRandom(hashString(`${input.seed}|${input.votes.length}|${input.candidates.length}`));
  const rank = new Map(ranked.map((s, i) => [s.id, i] as const));
  const out: ExplorePick[] = [];
  for (let slot = 0; slot < n; slot++) {
    let bestCluster = -1;
    let bestDraw = -1;
    for (let c = 0; c < clustering.centroids.length; c++) {
      if (used.has(c) || size[c] < settings.minClusterSize) continue;
      const draw = sampleBeta(1 + likes[c], 1 + dislikes[c], random);
      if (draw > bestDraw) {
        bestDraw = draw;
        bestCluster = c;
      }
    }
    if (bestCluster < 0) break;
    used.add(bestCluster);
    const pick = bestMember(clustering, bestCluster, rank, new Set([...taken, ...out.map((p) => p.id)]));
    if (pick) out.push({ id: pick, score: ranked[rank.get(pick)!].score, exploratory: true });
  }
  return out;
}

/**
 * The cluster's best paper by the model, not its most central one: a cluster's typical papers are the ones the
 * dislikes nearby already speak against, and the model's pick is in the person's field more often.
 */
function bestMember(clustering: Clustering, cluster: number, rank: Map<string, number>, taken: Set<string>): string | undefined {
  let best: string | undefined;
  let bestRank = Infinity;
  clustering.ids.forEach((id, i) => {
    if (clustering.assignment[i] !== cluster || taken.has(id)) return;
    const r = rank.get(id)!;
    if (r < bestRank) {
      bestRank = r;
      best = id;
    }
  });
  return best;
}

/**
 * Clusterings by candidate space (the index keeps a space per candidate list and index version, so they follow
 * it) and by the settings object they were made with.
 */
const clusterCache = new WeakMap<CandidateSpace, { settings: ExploreSettings; clustering: Clustering }>();

/** The clustering of the candidates' space, made once per space and settings. */
function cachedClusters(index: TfIdfIndex, ids: string[], settings: ExploreSettings): Clustering {
  const space = index.candidateSpace(ids);
  const kept = clusterCache.get(space);
  if (kept?.settings === settings) return kept.clustering;
  const clustering = clusterPapers(space, settings);
  clusterCache.set(space, { settings, clustering });
  return clustering;
}
