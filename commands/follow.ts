/** `/papers follow <topic>[, <topic>...]`: add interests to the channel. Visible to the channel. */
import { UserError } from '../src/errors.js';
import { MAX_INTERESTS } from '../src/channels/channel-settings.js';
import { describeSchedule } from '../src/digest/schedule.js';
import { MAX_TOPIC_LENGTH, quote, requireLength, splitPhrases } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<string[]>({
  name: 'follow',
  summary: 'Add topics this channel cares about',
  usage: '<topic>[, <topic>...]',
  examples: ['follow retrieval augmented generation', 'follow self-correction, reasoning', 'follow "graph neural networks", diffusion'],
  options: [{ name: 'topics', description: 'Topics, separated by commas', required: true }],
  changesChannel: true,
  parse(args) {
    const topics = splitPhrases(args);
    if (topics.length === 0) throw new UserError('Which topics? Try `/papers follow retrieval augmented generation, reranking`.');
    if (topics.length > MAX_INTERESTS) throw new UserError(`That is ${topics.length} topics; a channel can follow at most ${MAX_INTERESTS}.`);
    return topics.map((t) => requireLength(t, MAX_TOPIC_LENGTH, 'topic'));
  },
  async run(ctx, topics) {
    const current = await ctx.core.channels.get(ctx.channel);
    const fresh = topics.filter((t) => !current.interests.some((i) => i.toLowerCase() === t.toLowerCase()));
    if (current.interests.length + fresh.length > MAX_INTERESTS) {
      throw new UserError(`This channel follows ${current.interests.length} topics; at most ${MAX_INTERESTS} are allowed. Unfollow some first.`);
    }
    const unknown = topics.filter((t) => ctx.core.papers.index.vectorize(t).ids.length === 0);
    const { added, already, interests } = await ctx.core.follow(ctx.channel, topics);
    const lines: string[] = [];
    if (added.length > 0) lines.push(`This channel now follows: ${added.map((t) => quote(t)).join(', ')}.`);
    if (already.length > 0) lines.push(`Already followed: ${already.map((t) => quote(t)).join(', ')}.`);
    if (unknown.length > 0) lines.push(`Note: no paper I know uses the words of ${unknown.map((t) => `"${quote(t)}"`).join(', ')} yet; it will count once such papers arrive.`);
    lines.push(`All topics: ${interests.map((t) => quote(t)).join(', ')}.`);
    const { digest } = await ctx.core.channels.get(ctx.channel);
    lines.push(digest.enabled ? `Weekly digest ${describeSchedule(digest)}; change it with \`/papers digest\`.` : 'The weekly digest is off; `/papers digest on` starts it.');
    return textReply('channel', lines);
  },
});
