/** `/papers me`: what the bot has learned about the asker. Private. */
import { UserError } from '../src/errors.js';
import { primaryEmoji } from '../src/feedback/emoji.js';
import { clean, quote } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<void>({
  name: 'me',
  summary: 'What I have learned about you',
  usage: '',
  examples: ['me'],
  options: [],
  changesChannel: false,
  parse(args) {
    if (clean(args)) throw new UserError('`/papers me` takes no arguments.');
  },
  async run(ctx) {
    const summary = await ctx.core.me(ctx.user);
    if (summary.votes.length === 0) {
      return textReply('private', [`I have not learned anything about you yet. React to posted papers with ${primaryEmoji('like')} or ${primaryEmoji('dislike')} and I will.`], 'What I know about you');
    }
    const lines = [`You reacted to ${summary.votes.length} paper${summary.votes.length === 1 ? '' : 's'}: ${summary.liked.length} liked, ${summary.disliked.length} not for you.`];
    if (summary.topTerms.length > 0) lines.push(`You seem to like: ${summary.topTerms.join(', ')}.`);
    for (const paper of summary.liked.slice(0, 5)) lines.push(`${primaryEmoji('like')} ${quote(paper.title, 90)}`);
    for (const paper of summary.disliked.slice(0, 3)) lines.push(`${primaryEmoji('dislike')} ${quote(paper.title, 90)}`);
    lines.push('`/papers forget-me` deletes all of this.');
    return textReply('private', lines, 'What I know about you');
  },
});
