/** `/papers interests`: what this channel follows and when its digest runs. */
import { describeSchedule } from '../src/digest/schedule.js';
import { UserError } from '../src/errors.js';
import { clean } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<void>({
  name: 'interests',
  summary: "Show this channel's topics and digest schedule",
  usage: '',
  examples: ['interests'],
  options: [],
  changesChannel: false,
  parse(args) {
    if (clean(args)) throw new UserError('`/papers interests` takes no arguments.');
  },
  async run(ctx) {
    const settings = await ctx.core.channelSettings(ctx.channel);
    const lines =
      settings.interests.length > 0
        ? settings.interests.map((t, i) => `${i + 1}. ${t}`)
        : ['This channel follows no topics yet. Try `/papers follow retrieval augmented generation, reranking`.'];
    lines.push(`Weekly digest ${describeSchedule(settings.digest)}.`);
    if (settings.unavailable) lines.push(`Posting is paused: the platform said "${settings.unavailable.reason}". Change a setting to resume.`);
    return textReply('private', lines, 'Interests of this channel');
  },
});
