/**
 * The rules about what a channel follows, in one place: the four kinds of interest (topics, papers, arXiv
 * categories, authors), how many of each a channel may follow, how long a topic or name may be, and when two
 * are the same (topics case-insensitively, categories as arXiv spells them, authors by name key). The core
 * applies them inside the settings update, so the check and the write see the same stored settings.
 */
import { UserError } from '../errors.js';
import { authorKey } from '../index/author-names.js';
import { knownCategory, similarCategories } from '../sources/arxiv-categories.js';
import type { ChannelSettings } from './channel-settings.js';

/** What a channel can follow: a topic phrase, a paper (its arXiv id), an arXiv category, an author's name. */
export type InterestKind = 'topic' | 'paper' | 'category' | 'author';

/** Most of each kind one channel may follow. */
export const INTEREST_LIMITS: Readonly<Record<InterestKind, number>> = Object.freeze({ topic: 25, paper: 25, category: 20, author: 25 });
/** Most topics one channel may follow. */
export const MAX_INTERESTS = INTEREST_LIMITS.topic;
/** Longest topic or author name accepted, in characters. */
export const MAX_TOPIC_LENGTH = 100;

const NOUNS: Record<InterestKind, [string, string]> = { topic: ['topic', 'topics'], paper: ['paper', 'papers'], category: ['category', 'categories'], author: ['author', 'authors'] };

/** "1 topic", "3 categories". */
export function countOf(kind: InterestKind, n: number): string {
  return `${n} ${NOUNS[kind][n === 1 ? 0 : 1]}`;
}

/** The channel's list of one kind (categories and authors are absent in settings stored before they existed). */
export function followed(settings: ChannelSettings, kind: InterestKind): string[] {
  if (kind === 'topic') return settings.interests;
  if (kind === 'paper') return settings.seedPapers;
  return (kind === 'category' ? settings.categories : settings.authors) ?? [];
}

function setFollowed(settings: ChannelSettings, kind: InterestKind, list: string[]): void {
  if (kind === 'topic') settings.interests = list;
  else if (kind === 'paper') settings.seedPapers = list;
  else if (kind === 'category') settings.categories = list;
  else settings.authors = list;
}

/** True when `a` and `b` are the same interest of `kind`. */
export function sameInterest(kind: InterestKind, a: string, b: string): boolean {
  if (kind === 'paper') return a === b;
  if (kind !== 'author') return a.toLowerCase() === b.toLowerCase();
  const [ka, kb] = [authorKey(a), authorKey(b)];
  return ka !== undefined && kb !== undefined && ka.surname === kb.surname && ka.initials === kb.initials;
}

/**
 * Check one value of `kind` and return it as stored: a category as arXiv spells it. Throws `UserError` with a
 * helpful message for an over-long topic or name, a name with no letters, or an unknown category. (Paper ids
 * are checked where they are parsed and fetched.)
 */
export function checkInterest(kind: InterestKind, value: string): string {
  if ((kind === 'topic' || kind === 'author') && value.length > MAX_TOPIC_LENGTH) {
    throw new UserError(`That ${NOUNS[kind][0]} is ${value.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_TOPIC_LENGTH}.`);
  }
  if (kind === 'author' && !authorKey(value)) throw new UserError(`"${value}" is not a name; try \`/papers follow author:"Yann LeCun"\`.`);
  if (kind !== 'category') return value;
  const known = knownCategory(value);
  if (known) return known;
  const near = similarCategories(value);
  throw new UserError(`"${value}" is not an arXiv category I know.${near.length > 0 ? ` Did you mean ${near.join(', ')}?` : ' Categories look like cs.RO, stat.ML or hep-th.'}`);
}

/**
 * Add `values` of `kind` to `settings` in place. Values already followed (or repeated in `values`) are reported
 * in `already`. Throws `UserError` for a value `checkInterest` refuses or more than the kind's limit in all,
 * before changing anything.
 */
export function addInterests(settings: ChannelSettings, values: string[], kind: InterestKind = 'topic'): { added: string[]; already: string[] } {
  const checked = values.map((v) => checkInterest(kind, v));
  const current = followed(settings, kind);
  const added: string[] = [];
  const already: string[] = [];
  for (const value of checked) {
    if ([...current, ...added].some((i) => sameInterest(kind, i, value))) already.push(value);
    else added.push(value);
  }
  const limit = INTEREST_LIMITS[kind];
  if (current.length + added.length > limit) {
    throw new UserError(
      current.length === 0
        ? `That is ${countOf(kind, added.length)}; a channel can follow at most ${limit}.`
        : `This channel follows ${countOf(kind, current.length)}; at most ${limit} are allowed. Unfollow some first.`,
    );
  }
  setFollowed(settings, kind, [...current, ...added]);
  return { added, already };
}

/** Remove `values` of `kind` from `settings` in place; says which were removed and which were not followed. */
export function removeInterests(settings: ChannelSettings, values: string[], kind: InterestKind = 'topic'): { removed: string[]; missing: string[] } {
  const removed: string[] = [];
  const missing: string[] = [];
  for (const value of values) {
    const before = followed(settings, kind);
    const after = before.filter((i) => !sameInterest(kind, i, value));
    setFollowed(settings, kind, after);
    (after.length < before.length ? removed : missing).push(value);
  }
  return { removed, missing };
}

