/** `/papers picks [n]`: what this channel would get now, personalised for the asker. */
import { UserError } from '../src/errors.js';
import { emojiHelp } from '../src/feedback/emoji.js';
import { clean } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<number | undefined>({
  name: 'picks',
  summary: 'The papers this channel would get now, tuned to you',
  usage: '[number 1-10]',
  examples: ['picks', 'picks 10'],
  options: [{ name: 'count', description: 'How many papers (1-10)', required: false, type: 'integer', minValue: 1, maxValue: 10 }],
  changesChannel: false,
  parse(args) {
    const text = clean(args);
    if (!text) return undefined;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1 || n > 10) throw new UserError(`"${text.slice(0, 20)}" is not a number from 1 to 10.`);
    return n;
  },
  async run(ctx, count) {
    const settings = await ctx.core.channelSettings(ctx.channel);
    const { recommendations, fromOlderPapers } = await ctx.core.picks(ctx.channel, ctx.user, count ?? settings.digest.k);
    if (recommendations.length === 0) {
      return textReply('private', [
        settings.interests.length === 0
          ? 'I have nothing to go on yet. Tell me what this channel cares about: `/papers follow <topic>`.'
          : 'No paper matches these interests yet. Try broader topics, or wait for new papers.',
      ]);
    }
    const lines = [];
    if (settings.interests.length === 0) lines.push('This channel follows no topics yet, so these come from reactions only. Add some with `/papers follow <topic>`.');
    if (fromOlderPapers) lines.push('Nothing new arrived this week, so these are the best older papers.');
    return { visibility: 'private', title: 'Picks for this channel', lines, papers: recommendations, footer: `Reactions teach me: ${emojiHelp()}.` };
  },
});
