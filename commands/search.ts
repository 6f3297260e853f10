/** `/papers search <query>`: the best matching papers, with the terms that matched. Private to the asker. */
import { UserError } from '../src/errors.js';
import { emojiHelp } from '../src/feedback/emoji.js';
import { clean, MAX_QUERY_LENGTH, quote, requireLength } from './args.js';
import { defineCommand } from './types.js';

export const RESULTS = 5;

export default defineCommand<string>({
  name: 'search',
  summary: 'Find papers about something',
  usage: '<query>',
  examples: ['search low-rank adaptation', 'search "retrieval augmented generation"'],
  options: [{ name: 'query', description: 'What to look for', required: true }],
  changesChannel: false,
  parse(args) {
    const query = clean(args).replace(/^"(.*)"$/, '$1');
    if (!query) throw new UserError('What should I search for? Try `/papers search low-rank adaptation`.');
    return requireLength(query, MAX_QUERY_LENGTH, 'query');
  },
  async run(ctx, query) {
    const results = await ctx.core.search(query, { user: ctx.user, limit: RESULTS });
    if (results.length === 0) {
      const known = ctx.core.knowsWordsOf(query);
      const hint = known ? 'No paper matches all of that well; try fewer or different words.' : 'None of those words appear in the papers I know; try English keywords like "diffusion" or "speech recognition".';
      return { visibility: 'private', title: `No papers found for "${quote(query)}"`, lines: [hint], papers: [] };
    }
    return {
      visibility: 'private',
      title: `Papers about "${quote(query)}"`,
      lines: [],
      papers: results,
      footer: `Reactions on the papers I post teach me what you like: ${emojiHelp()}.`,
    };
  },
});
