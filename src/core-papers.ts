/**
 * The core's paper methods: search (by words, by arXiv id, narrowed by author and category), picks, the digest's
 * ranking, and taking papers in (from a source, one paper fetched by id, or stored by another process).
 */
import { UserError } from './errors.js';
import { AuthorIndex } from './index/author-index.js';
import { authorKey, matchingAuthor } from './index/author-names.js';
import type { CoreParts } from './core-parts.js';
import type { CoreInternals, SearchOptions } from './core-types.js';
import type { ChannelRef, Paper, Recommendation } from './types.js';
import type { ChannelInputs } from './digest/channel-inputs.js';

/**
 * How often a running bot looks for papers another process stored, by default (config `PAPER_SYNC_INTERVAL_MS`;
 * the timer is adapters/paper-sync-schedule.ts). A look with nothing new is one indexed query of the change feed.
 */
export const PAPER_SYNC_INTERVAL_MS = 30 * 1000;

/** How far back `picks` looks for new papers by default. */
export const PICK_WINDOW_MS = 7 * 24 * 3600 * 1000;

type PaperMethods = Pick<CoreInternals, 'search' | 'picks' | 'rankForChannel' | 'holdsWidenedInterests' | 'knowsWordsOf' | 'paperCount' | 'paper' | 'ingest' | 'syncPapers'>;

/** Search, picks and paper intake over the repositories in `parts`. */
export function paperMethods(parts: CoreParts): PaperMethods {
  const { papers, posted, recommender, clock, logger } = parts;
  const authors = new AuthorIndex(papers);
  /** What a channel's ranking reads from the store (settings, votes, posted papers), all at once. */
  const readChannel = async (channel: ChannelRef): Promise<ChannelInputs> => {
    const [exclude, inputs] = await Promise.all([posted.postedIds(channel), recommender.channelInputs(channel)]);
    return { ...inputs, posted: exclude };
  };
  return {
    /** Free-text search, narrowed by filters and led by a wanted paper (see `SearchOptions`). */
    async search(query, options = {}) {
      const limit = options.limit ?? 5;
      const allowed = filteredPapers(parts, authors, options);
      const lead = options.paperId ? await findPaper(parts, options.paperId) : undefined;
      const words = lead ? `${lead.title} ${lead.abstract}` : query.trim();
      if (!words) return newestOf(parts, allowed ?? [], options, limit);
      const found = allowed && allowed.length === 0 ? [] : await recommender.search(words, options.user, limit, allowed);
      if (!lead) return found;
      const first: Recommendation = { paper: lead, score: 1, reason: 'the paper you asked for', terms: [] };
      return [first, ...found.filter((r) => r.paper.id !== lead.id)].slice(0, limit);
    },

    /**
     * What `channel` would get now, personalised for `user` when given: papers new in the last week that were
     * not posted there yet; when there are none, the best older papers.
     */
    async picks(channel, user, k) {
      // A person's ranking reads its own inputs; the channel's are read once for both rankings below.
      const read = user ? undefined : await readChannel(channel);
      const exclude = read?.posted ?? (await posted.postedIds(channel));
      const rank = (candidates: string[] | undefined) =>
        user ? recommender.forUser(channel, user, candidates, k, exclude) : recommender.forChannel(channel, candidates, k, exclude, read);
      const since = new Date(clock.now().getTime() - PICK_WINDOW_MS);
      const fresh = await rank(papers.newSince(since).map((p) => p.id));
      if (fresh.length > 0) return { recommendations: fresh, fromOlderPapers: false };
      return { recommendations: await rank(undefined), fromOlderPapers: true };
    },

    /**
     * The weekly digest's ranking: the channel's best `k` of `candidates`, never a paper already posted there.
     * The digest service and the quality benchmark call this.
     */
    async rankForChannel(channel, candidates, k, given) {
      const read = given ?? (await readChannel(channel));
      return recommender.forChannel(channel, candidates, k, read.posted, read);
    },

    holdsWidenedInterests: (settings) => recommender.holdsWidenedInterests(settings),

    knowsWordsOf: (text) => papers.index.vectorize(text).ids.length > 0,
    paperCount: () => papers.size,
    paper: (id: string): Paper | undefined => papers.get(id),

    /** Store papers from a source (merged by id, validated) and index them. */
    ingest: (incoming) => papers.upsert(incoming),

    /**
     * Take in papers another process stored (a backfill, another instance): only those the change feed lists
     * after the last look. Returns how many papers were new or changed.
     */
    async syncPapers() {
      const taken = await papers.syncFromStore();
      if (taken > 0) logger.info('took in papers another process stored', { papers: taken });
      return taken;
    },
  };
}

/**
 * A paper by arXiv id (without version): the stored one, else fetched from arXiv (`fetchPaper`), stored and
 * indexed. Throws `UserError` saying what happened when arXiv cannot be reached, has no such paper, or sent
 * one the store refused.
 */
export async function findPaper(parts: CoreParts, id: string): Promise<Paper> {
  const { papers, fetchPaper, clock, logger } = parts;
  const stored = await papers.find(id);
  if (stored) return stored;
  if (!fetchPaper) throw new UserError(`I don't know the paper ${id}, and this bot is not set up to fetch papers from arXiv.`);
  let fetched: Paper | undefined;
  try {
    fetched = await fetchPaper(id);
  } catch (error) {
    logger.warn('could not fetch a paper from arXiv', { id, reason: error instanceof Error ? error.message : String(error) });
    throw new UserError(`I couldn't reach arXiv to fetch ${id}; try again later.`);
  }
  if (!fetched) throw new UserError(`arXiv has no paper ${id}; check the id (like 2401.12345 or hep-th/9901001).`);
  await papers.upsert([{ ...fetched, addedAt: clock.now().toISOString() }]);
  await papers.index.refresh();
  const taken = papers.get(id);
  if (!taken) throw new UserError(`arXiv sent paper ${id} in a form I could not read; try again later.`);
  return taken;
}

/** The ids of the papers that pass the author and category filters of `options`; undefined when there are none. */
function filteredPapers({ papers }: CoreParts, authors: AuthorIndex, options: SearchOptions): string[] | undefined {
  const byAuthor = options.authors?.length ? new Set(options.authors.flatMap((name) => authors.papersBy(name))) : undefined;
  const categories = options.categories?.length ? new Set(options.categories) : undefined;
  if (!byAuthor && !categories) return undefined;
  const inCategory = (p: Paper | undefined) => !categories || (p !== undefined && p.categories.some((c) => categories.has(c)));
  if (byAuthor) return [...byAuthor].filter((id) => inCategory(papers.get(id)));
  return [...papers.all()].filter(inCategory).map((p) => p.id);
}

/** The newest `limit` of `ids` (by first version), each with the filters it passed as its reason. */
function newestOf({ papers }: CoreParts, ids: string[], { authors = [], categories = [] }: SearchOptions, limit: number): Recommendation[] {
  const keys = authors.map((a) => authorKey(a)).filter((k) => k !== undefined);
  return ids
    .map((id) => papers.get(id))
    .filter((p): p is Paper => p !== undefined)
    .sort((a, b) => b.published.localeCompare(a.published) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((paper) => {
      const author = keys.map((k) => matchingAuthor(k, paper.authors)).find(Boolean);
      const category = paper.categories.find((c) => categories.includes(c));
      const reason = ['newest', author && `by ${author}`, category && `in ${category}`].filter(Boolean).join(' ');
      return { paper, score: 0, reason, terms: [] };
    });
}
