/**
 * `/papers search <query>`: the best matching papers, with the terms that matched. Private to the asker. An arXiv
 * id or URL answers with that paper first (fetched when unknown); `author:Name` and `category:cs.CL` narrow any
 * search, and alone list the newest papers that pass them.
 */
import type { SearchOptions } from '../src/core-types.js';
import { UserError } from '../src/errors.js';
import { emojiHelp } from '../src/feedback/emoji.js';
import { knownCategory, similarCategories } from '../src/sources/arxiv-categories.js';
import { arxivIdOf, clean, MAX_QUERY_LENGTH, quote, requireLength } from './args.js';
import { defineCommand } from './types.js';

export const RESULTS = 5;

/** A parsed search: its words (maybe none) and what narrows or leads it. */
export interface SearchRequest {
  words: string;
  options: Pick<SearchOptions, 'paperId' | 'authors' | 'categories'>;
}

const FILTER = /\b(author|category|cat):\s*(?:"([^"]*)"?|(\S+))/gi;

/** Split `author:`/`category:` filters and an arXiv id or URL off the query text. */
export function parseSearch(args: string): SearchRequest {
  const text = clean(args).replace(/[“”„«»]/g, '"');
  const authors: string[] = [];
  const categories: string[] = [];
  for (const match of text.matchAll(FILTER)) {
    const value = clean(match[2] ?? match[3] ?? '');
    if (match[1].toLowerCase() === 'author') {
      if (!/\p{L}/u.test(value)) throw new UserError('Which author? Try `/papers search author:"Yann LeCun"` or `author:LeCun`.');
      authors.push(value);
    } else {
      const known = knownCategory(value);
      if (!known) {
        const near = similarCategories(value);
        throw new UserError(`"${quote(value)}" is not an arXiv category I know.${near.length ? ` Did you mean ${near.join(', ')}?` : ' Try `category:cs.CL`.'}`);
      }
      categories.push(known);
    }
  }
  const rest = clean(text.replace(FILTER, ' ')).replace(/^"(.*)"$/, '$1');
  const paperId = arxivIdOf(rest);
  const words = paperId ? '' : rest;
  return { words, options: { ...(paperId ? { paperId } : {}), ...(authors.length ? { authors } : {}), ...(categories.length ? { categories } : {}) } };
}

export default defineCommand<SearchRequest>({
  name: 'search',
  summary: 'Find papers about something, by arXiv id, by author or in a category',
  usage: '<query> | <arXiv id or URL> [author:"<name>"] [category:<arXiv category>]',
  examples: ['search low-rank adaptation', 'search "retrieval augmented generation"', 'search 2401.12345', 'search diffusion author:"Yann LeCun"', 'search category:cs.CL'],
  options: [{ name: 'query', description: 'What to look for', required: true, suggest: 'category' }],
  changesChannel: false,
  parse(args) {
    requireLength(clean(args), MAX_QUERY_LENGTH, 'query');
    const request = parseSearch(args);
    if (!request.words && Object.keys(request.options).length === 0) throw new UserError('What should I search for? Try `/papers search low-rank adaptation`.');
    return request;
  },
  async run(ctx, { words, options }) {
    const results = await ctx.core.search(words, { ...options, user: ctx.user, limit: RESULTS });
    const asked = clean([words, options.paperId ?? '', ...(options.authors ?? []).map((a) => `author:${a}`), ...(options.categories ?? []).map((c) => `category:${c}`)].join(' '));
    if (results.length === 0) {
      const known = !words || ctx.core.knowsWordsOf(words);
      const hint = !words
        ? 'No paper I know passes those filters; check the name or category.'
        : known
          ? 'No paper matches all of that well; try fewer or different words or filters.'
          : 'None of those words appear in the papers I know; try English keywords from a title or an abstract, like `/papers search low-rank adaptation`.';
      return { visibility: 'private', title: `No papers found for "${quote(asked)}"`, lines: [hint], papers: [] };
    }
    return {
      visibility: 'private',
      title: `Papers about "${quote(asked)}"`,
      lines: [],
      papers: results,
      footer: `Reactions on the papers I post teach me what you like: ${emojiHelp()}.`,
    };
  },
});
