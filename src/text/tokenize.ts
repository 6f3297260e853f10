/**
 * Text to terms. Latin words (accents folded), natural's English stop words and Porter stemmer (imported from
 * their own modules: the package root pulls in database clients and takes seconds), plus bigrams of adjacent
 * content words. Each term keeps a readable surface form so explanations can say "low rank" instead of "low rank".
 *
 * The index does not call `terms` on its hot path: it reads `words` and caches, per distinct word, whether it
 * is a content word and its stem (see src/index/vocabulary.ts). Both follow the rules written here.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { words: STOP_WORD_LIST } = require('natural/lib/natural/util/stopwords.js') as { words: string[] };
const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

/** Extra words that carry no topic in paper abstracts. */
const DOMAIN_STOP_WORDS = ['paper', 'propose', 'proposed', 'show', 'shows', 'results', 'using', 'based', 'method', 'methods', 'approach', 'also', 'new', 'work', 'however', 'well', 'via', 'can', 'may'];
const STOP_WORDS = new Set([...STOP_WORD_LIST, ...DOMAIN_STOP_WORDS]);

/** Anything that is not a lower-case Latin letter, digit or underscore separates words. */
const SEPARATOR = /[^a-z0-9_]+/;
const NON_ASCII = /[^\x00-\x7f]/;
const COMBINING_MARKS = /[\u0300-\u036f]/g;
const DIGITS_ONLY = /^\d+$/;

const stemCache = new Map<string, string>();
const MAX_STEM_CACHE = 500_000;

/** A term and the words it was read from. */
export interface Term {
  /** Stemmed key: `adapt`, or `low rank` for a bigram. */
  key: string;
  /** Lower-case surface form as first seen: `adaptation`, `low rank`. */
  surface: string;
}

/**
 * Lower-case, fold accents (résumé -> resume) and split into words of Latin letters, digits and `_`.
 * Other scripts (Cyrillic, Greek, CJK, emoji) yield no words. Pure ASCII text skips Unicode normalisation.
 */
export function words(text: string): string[] {
  const parts = (NON_ASCII.test(text) ? foldText(text) : text.toLowerCase()).split(SEPARATOR);
  let first = 0;
  let last = parts.length;
  if (last > 0 && parts[0] === '') first = 1;
  if (last > first && parts[last - 1] === '') last--;
  return first === 0 && last === parts.length ? parts : parts.slice(first, last);
}

/** Decompose, drop combining accents and lower-case: `Résumé` -> `resume`. */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** Porter stem, cached: the vocabulary is far smaller than the token stream. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = stemUncached(word);
    if (stemCache.size >= MAX_STEM_CACHE) stemCache.clear();
    stemCache.set(ownCopy(word), stemmed);
  }
  return stemmed;
}

/**
 * A copy of a word that does not keep the text it was cut from alive: V8 may represent a substring of 13 or
 * more characters as a slice of its parent, and a cached slice would pin a whole abstract.
 */
export function ownCopy(word: string): string {
  return word.length < 13 ? word : ` ${word}`.slice(1);
}

/** Porter stem without the cache, for callers that cache words themselves. */
export function stemUncached(word: string): string {
  return PorterStemmer.stem(word);
}

/** True for a word that makes a term: 2 to 40 characters, not a stop word, not only digits. */
export function isContentWord(word: string): boolean {
  return word.length >= 2 && word.length <= 40 && !STOP_WORDS.has(word) && !DIGITS_ONLY.test(word);
}

/**
 * Unigrams and bigrams of `text`. Bigrams join adjacent content words; a stop word or a dropped token breaks
 * the chain, so "retrieval augmented generation" gives "retrieval augmented" and "augmented generation".
 */
export function terms(text: string): Term[] {
  const out: Term[] = [];
  let previous: Term | undefined;
  for (const word of words(text)) {
    if (!isContentWord(word)) {
      previous = undefined;
      continue;
    }
    const current = { key: stem(word), surface: word };
    out.push(current);
    if (previous) out.push({ key: `${previous.key} ${current.key}`, surface: `${previous.surface} ${current.surface}` });
    previous = current;
  }
  return out;
}

/** The text of a paper that is indexed: the title counts twice, as it says most about the paper. */
export function paperText(paper: { title: string; abstract: string }): string {
  return paperParts(paper).join('');
}

/** `paperText` as parts, for readers that take them one by one instead of joining them. */
export function paperParts(paper: { title: string; abstract: string }): string[] {
  return [paper.title, '. ', paper.title, '. ', paper.abstract];
}
