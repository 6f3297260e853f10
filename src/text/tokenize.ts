/**
 * Text to terms. natural's word tokenizer, English stop words and Porter stemmer (imported from their own
 * modules: the package root pulls in database clients and takes seconds), plus bigrams of adjacent content
 * words. Each term keeps a readable surface form so explanations can say "low rank" instead of "low rank".
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { WordTokenizer } = require('natural/lib/natural/tokenizers/regexp_tokenizer.js') as {
  WordTokenizer: new () => { tokenize(text: string): string[] };
};
const { words: STOP_WORD_LIST } = require('natural/lib/natural/util/stopwords.js') as { words: string[] };
const PorterStemmer = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

/** Extra words that carry no topic in paper abstracts. */
const DOMAIN_STOP_WORDS = ['paper', 'propose', 'proposed', 'show', 'shows', 'results', 'using', 'based', 'method', 'methods', 'approach', 'also', 'new', 'work', 'however', 'well', 'via', 'can', 'may'];
const STOP_WORDS = new Set([...STOP_WORD_LIST, ...DOMAIN_STOP_WORDS]);

const tokenizer = new WordTokenizer();
const stemCache = new Map<string, string>();
const MAX_STEM_CACHE = 500_000;

/** A term and the words it was read from. */
export interface Term {
  /** Stemmed key: `adapt`, or `low rank` for a bigram. */
  key: string;
  /** Lower-case surface form as first seen: `adaptation`, `low rank`. */
  surface: string;
}

/** Lower-case, fold accents (résumé -> resume) and split into words. Non-Latin scripts yield no words. */
export function words(text: string): string[] {
  const folded = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return tokenizer.tokenize(folded);
}

/** Porter stem, cached: the vocabulary is far smaller than the token stream. */
export function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(word);
    if (stemCache.size >= MAX_STEM_CACHE) stemCache.clear();
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

function isContentWord(word: string): boolean {
  return word.length >= 2 && word.length <= 40 && !STOP_WORDS.has(word) && !/^\d+$/.test(word);
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
  return `${paper.title}. ${paper.title}. ${paper.abstract}`;
}
