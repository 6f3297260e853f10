/** `/papers unfollow <topic>`: remove interests from the channel. Visible to the channel when something was removed. */
import { UserError } from '../src/errors.js';
import { quote, splitPhrases } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<string[]>({
  name: 'unfollow',
  summary: 'Remove topics from this channel',
  usage: '<topic>[, <topic>...]',
  examples: ['unfollow reasoning'],
  options: [{ name: 'topic', description: 'The topic to remove, as listed by interests', required: true, suggest: 'topic' }],
  changesChannel: true,
  parse(args) {
    const topics = splitPhrases(args);
    if (topics.length === 0) throw new UserError('Which topic? `/papers interests` lists them; then `/papers unfollow <topic>`.');
    return topics;
  },
  async run(ctx, topics) {
    const { removed, missing, settings } = await ctx.core.unfollow(ctx.channel, topics);
    const { interests } = settings;
    const lines: string[] = [];
    if (removed.length > 0) lines.push(`This channel no longer follows: ${removed.map((t) => quote(t)).join(', ')}.`);
    if (missing.length > 0) lines.push(`Not followed here: ${missing.map((t) => quote(t)).join(', ')}.`);
    lines.push(interests.length > 0 ? `Still following: ${interests.map((t) => quote(t)).join(', ')}.` : 'This channel follows no topics now.');
    return textReply(removed.length > 0 ? 'channel' : 'private', lines);
  },
});
