/**
 * The core's paper methods: search, picks, the digest's ranking, and taking papers in (from a source, or stored
 * by another process).
 */
import type { CoreParts } from './core-parts.js';
import type { CoreInternals } from './core-types.js';
import type { Paper } from './types.js';

/**
 * How often a running bot looks for papers another process stored: while a backfill writes, each look reads every
 * stored paper, so not every digest tick.
 */
export const PAPER_SYNC_INTERVAL_MS = 5 * 60 * 1000;

/** How far back `picks` looks for new papers by default. */
export const PICK_WINDOW_MS = 7 * 24 * 3600 * 1000;

type PaperMethods = Pick<CoreInternals, 'search' | 'picks' | 'rankForChannel' | 'knowsWordsOf' | 'paperCount' | 'paper' | 'ingest' | 'syncPapers'>;

/** Search, picks and paper intake over the repositories in `parts`. */
export function paperMethods({ papers, posted, recommender, clock, logger }: CoreParts): PaperMethods {
  let lastPaperSync = -Infinity;
  return {
    /** Free-text search over all papers, lightly reordered by the asker's own likes and dislikes. */
    search: (query, options = {}) => recommender.search(query, options.user, options.limit ?? 5),

    /**
     * What `channel` would get now, personalised for `user` when given: papers new in the last week that were
     * not posted there yet; when there are none, the best older papers.
     */
    async picks(channel, user, k) {
      const exclude = await posted.postedIds(channel);
      const rank = (candidates: string[] | undefined) =>
        user ? recommender.forUser(channel, user, candidates, k, exclude) : recommender.forChannel(channel, candidates, k, exclude);
      const since = new Date(clock.now().getTime() - PICK_WINDOW_MS);
      const fresh = await rank(papers.newSince(since).map((p) => p.id));
      if (fresh.length > 0) return { recommendations: fresh, fromOlderPapers: false };
      return { recommendations: await rank(undefined), fromOlderPapers: true };
    },

    /**
     * The weekly digest's ranking: the channel's best `k` of `candidates`, never a paper already posted there.
     * The digest service and the quality benchmark call this.
     */
    rankForChannel: async (channel, candidates, k) => recommender.forChannel(channel, candidates, k, await posted.postedIds(channel)),

    knowsWordsOf: (text) => papers.index.vectorize(text).ids.length > 0,
    paperCount: () => papers.size,
    paper: (id: string): Paper | undefined => papers.get(id),

    /** Store papers from a source (merged by id, validated) and index them. */
    ingest: (incoming) => papers.upsert(incoming),

    /**
     * Take in papers another process stored (a backfill next to the running bot), looking at most once every
     * PAPER_SYNC_INTERVAL_MS. Returns how many papers were new or changed.
     */
    async syncPapers() {
      const now = clock.now().getTime();
      if (now - lastPaperSync < PAPER_SYNC_INTERVAL_MS) return 0;
      lastPaperSync = now;
      const taken = await papers.syncFromStore();
      if (taken > 0) logger.info('took in papers another process stored', { papers: taken });
      return taken;
    },
  };
}
