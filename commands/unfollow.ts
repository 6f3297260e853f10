/** `/papers unfollow <topic>`: remove an interest from the channel. Visible to the channel. */
import { UserError } from '../src/errors.js';
import { MAX_TOPIC_LENGTH, quote, requireLength, splitPhrases } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<string[]>({
  name: 'unfollow',
  summary: 'Remove topics from this channel',
  usage: '<topic>[, <topic>...]',
  examples: ['unfollow reasoning'],
  options: [{ name: 'topic', description: 'The topic to remove, as listed by interests', required: true }],
  changesChannel: true,
  parse(args) {
    const topics = splitPhrases(args);
    if (topics.length === 0) throw new UserError('Which topic? `/papers interests` lists them; then `/papers unfollow <topic>`.');
    return topics.map((t) => requireLength(t, MAX_TOPIC_LENGTH, 'topic'));
  },
  async run(ctx, topics) {
    const removed: string[] = [];
    const missing: string[] = [];
    for (const topic of topics) ((await ctx.core.unfollow(ctx.channel, topic)) ? removed : missing).push(topic);
    const { interests } = await ctx.core.channels.get(ctx.channel);
    const lines: string[] = [];
    if (removed.length > 0) lines.push(`This channel no longer follows: ${removed.map((t) => quote(t)).join(', ')}.`);
    if (missing.length > 0) lines.push(`Not followed here: ${missing.map((t) => quote(t)).join(', ')}.`);
    lines.push(interests.length > 0 ? `Still following: ${interests.map((t) => quote(t)).join(', ')}.` : 'This channel follows no topics now.');
    return textReply(removed.length > 0 ? 'channel' : 'private', lines);
  },
});
