/**
 * Every knob of the ranking in one place: its name, its default and what it means. The recommender takes a
 * partial override merged over the defaults (`rankingSettings`), so the quality bench can try other values
 * (`--setting name=value`) without editing code. Measured effects of the defaults are in the README's
 * "Recommendation quality" section, not here.
 */

export interface RankingSettings {
  // Channel ranking (rank.ts)
  /** Scored candidates the near-duplicate step looks at, per pick wanted. */
  poolPerPick: number;
  /** Fewest picks the pool is sized for (the pool holds at least this many picks' worth). */
  minPoolPicks: number;
  /** Weight of the Hugging Face upvote prior: log1p(upvotes) times this. */
  popularityWeight: number;
  /** Largest lift the upvote prior can give (it breaks ties, never decides alone). */
  popularityCap: number;
  /** Cosine of two papers' TF-IDF vectors above which the later one is a near-duplicate. */
  duplicateSimilarity: number;
  /** Cosine to a liked paper from which a pick is explained as "like <title>". */
  likedReasonSimilarity: number;
  /** The same, lower, used when no interest phrase explains the pick either. */
  likedReasonFallbackSimilarity: number;

  // Profiles (profile.ts)
  /** Terms kept in a profile or an expanded interest vector. */
  profileTerms: number;
  /** A channel profile's weights of its interests, the centre of its likes, the centre of its dislikes. */
  channelInterestsWeight: number;
  channelLikesWeight: number;
  channelDislikesWeight: number;
  /** A person's profile weights of the centres of their likes and dislikes (no interests). */
  userLikesWeight: number;
  userDislikesWeight: number;

  // Interest expansion (interest-expansion.ts)
  /** Best-matching papers whose centre widens a channel's interests. */
  expansionPapers: number;
  /** Weight of that centre next to the interest phrases (1). */
  expansionWeight: number;
  /** A kept expansion is recomputed once the index has grown by this share. */
  expansionRefreshGrowth: number;
  /** Weight of the centre of a channel's followed (seed) papers in its widened interests, next to the phrases (1). */
  seedPaperWeight: number;
  /** Weight of that centre in the search for the papers that widen the phrases (0: the phrases alone find them). */
  seedQueryWeight: number;
  /** Weight of a candidate's cosine to its nearest followed paper, added to its score while the channel has no votes (0: off). */
  seedNeighbourWeight: number;

  // Followed categories and authors (follows.ts)
  /** Score added to a paper in a category the channel follows (a lift, not a filter). */
  categoryBoost: number;
  /** Score added to a paper by an author the channel follows. */
  authorBoost: number;

  // Recommender (recommender.ts)
  /** How much others' reactions in a channel count in a person's picks, next to their own (1). */
  personalWeight: number;
  /** How much a person's profile reorders their search results. */
  searchPersonalWeight: number;
  /** Search results reordered by the profile, as a multiple of the results wanted. */
  searchPoolFactor: number;
  /** Papers considered when picks fall back to older papers. */
  broadPool: number;

  // Learned picks (select.ts, model.ts)
  /** How strongly the interest phrases hold against the votes (scale of the model's prior weights). */
  priorScale: number;
  /** Vote weight after which the interests weigh half as much as with none. */
  priorHalfLife: number;
  /** Unrated papers of the week used as weak negatives. */
  backgroundPapers: number;
  /** Weight of each such weak negative. */
  backgroundWeight: number;
  /** Likes are weighted up until they weigh this fraction of the negatives (likes are rare). */
  likeBalance: number;
  /** L2 strength pulling the model's weights toward the prior. */
  modelL2: number;
  /** Gradient steps of the model. */
  modelIterations: number;
  /** Damping of the model's per-term Newton step (1 = full step). */
  modelStep: number;

  // Vote evidence (evidence.ts)
  /** Like chance of a paper no vote speaks for. */
  chancePrior: number;
  /** Like chance from which a candidate may be an exploit pick. */
  exploitChance: number;
  /** Prior strength of the like-chance estimate, in kernel mass (one vote at similarity ~0.14). */
  evidencePriorMass: number;

  // Exploration (explore.ts)
  /** Fewest and most topic clusters a week's candidates are grouped into (about sqrt(n) in between). */
  minClusters: number;
  maxClusters: number;
  /** Terms kept per cluster centre. */
  centroidTerms: number;
  /** k-means rounds after the k-means++ seeding. */
  kmeansRounds: number;
  /** How sharply a vote's weight falls off from its nearest cluster to the others. */
  clusterSpread: number;
  /** Similarity to its nearest cluster centre below which a vote counts for no cluster. */
  clusterMinSimilarity: number;
  /** Smallest cluster worth an exploratory pick. */
  minClusterSize: number;
}

export const DEFAULT_RANKING_SETTINGS: Readonly<RankingSettings> = Object.freeze({
  poolPerPick: 8,
  minPoolPicks: 10,
  popularityWeight: 0.01,
  popularityCap: 0.05,
  duplicateSimilarity: 0.5,
  likedReasonSimilarity: 0.1,
  likedReasonFallbackSimilarity: 0.03,

  profileTerms: 400,
  channelInterestsWeight: 1,
  channelLikesWeight: 0.6,
  channelDislikesWeight: 0.4,
  userLikesWeight: 1,
  userDislikesWeight: 0.6,

  expansionPapers: 20,
  expansionWeight: 1,
  expansionRefreshGrowth: 0.1,
  seedPaperWeight: 0,
  seedQueryWeight: 0.5,
  seedNeighbourWeight: 0.15,
  categoryBoost: 0.1,
  authorBoost: 0.2,

  personalWeight: 0.5,
  searchPersonalWeight: 0.15,
  searchPoolFactor: 6,
  broadPool: 500,

  priorScale: 2,
  priorHalfLife: 5,
  backgroundPapers: 200,
  backgroundWeight: 0.1,
  likeBalance: 0.5,
  modelL2: 1,
  modelIterations: 40,
  modelStep: 0.5,

  chancePrior: 0.05,
  exploitChance: 0.35,
  evidencePriorMass: 0.02,

  minClusters: 8,
  maxClusters: 40,
  centroidTerms: 120,
  kmeansRounds: 3,
  clusterSpread: 1,
  clusterMinSimilarity: 0.05,
  minClusterSize: 3,
});

/** The defaults with `overrides` on top. Throws on an unknown name or a non-finite value. */
export function rankingSettings(overrides: Partial<RankingSettings> = {}): RankingSettings {
  for (const [name, value] of Object.entries(overrides)) {
    if (!(name in DEFAULT_RANKING_SETTINGS)) throw new Error(`unknown ranking setting "${name}"`);
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`ranking setting "${name}" must be a finite number`);
  }
  return { ...DEFAULT_RANKING_SETTINGS, ...overrides };
}

/**
 * Parse `name=value` pairs (the quality bench's `--setting` flags) into overrides. Throws on a malformed pair,
 * an unknown name or a value that is not a number.
 */
export function parseRankingSettings(pairs: string[]): Partial<RankingSettings> {
  const out: Partial<Record<keyof RankingSettings, number>> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim() as keyof RankingSettings;
    const value = Number(pair.slice(at + 1));
    if (at <= 0 || pair.slice(at + 1).trim() === '') throw new Error(`--setting takes name=value, got "${pair}"`);
    out[name] = value;
  }
  rankingSettings(out);
  return out;
}
