/**
 * `/papers follow <topic>[, <topic>...]`: add interests to the channel. Visible to the channel. The rules on
 * topics (length, how many, duplicates) are the core's; this command splits the text and words the answer.
 */
import { UserError } from '../src/errors.js';
import { describeSchedule } from '../src/digest/schedule.js';
import { quote, splitPhrases } from './args.js';
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
    return topics;
  },
  async run(ctx, topics) {
    const { added, already, settings } = await ctx.core.follow(ctx.channel, topics);
    const unknown = topics.filter((t) => !ctx.core.knowsWordsOf(t));
    const lines: string[] = [];
    if (added.length > 0) lines.push(`This channel now follows: ${added.map((t) => quote(t)).join(', ')}.`);
    if (already.length > 0) lines.push(`Already followed: ${already.map((t) => quote(t)).join(', ')}.`);
    if (unknown.length > 0) lines.push(`Note: no paper I know uses the words of ${unknown.map((t) => `"${quote(t)}"`).join(', ')} yet; it will count once such papers arrive.`);
    lines.push(`All topics: ${settings.interests.map((t) => quote(t)).join(', ')}.`);
    const { digest } = settings;
    lines.push(digest.enabled ? `Weekly digest ${describeSchedule(digest)}; change it with \`/papers digest\`.` : 'The weekly digest is off; `/papers digest on` starts it.');
    return textReply('channel', lines);
  },
});
