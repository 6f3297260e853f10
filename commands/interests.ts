/** `/papers interests`: what this channel follows (topics, papers, categories, authors) and when its digest runs. */
import { describeSchedule } from '../src/digest/schedule.js';
import { UserError } from '../src/errors.js';
import type { InterestKind } from '../src/core-types.js';
import { clean } from './args.js';
import { followedList } from './follow.js';
import { defineCommand, textReply } from './types.js';

const HEADINGS: [InterestKind, string][] = [
  ['topic', 'Topics'],
  ['paper', 'Papers'],
  ['category', 'Categories'],
  ['author', 'Authors'],
];

export default defineCommand<void>({
  name: 'interests',
  summary: "Show this channel's topics, papers, categories, authors and digest schedule",
  usage: '',
  examples: ['interests'],
  options: [],
  changesChannel: false,
  parse(args) {
    if (clean(args)) throw new UserError('`/papers interests` takes no arguments.');
  },
  async run(ctx) {
    const settings = await ctx.core.channelSettings(ctx.channel);
    const lines: string[] = [];
    for (const [kind, heading] of HEADINGS) {
      const list = followedList(ctx.core, settings, kind);
      if (list.length > 0) lines.push(`${heading}:`, ...list.map((t, i) => `${i + 1}. ${t}`));
    }
    if (lines.length === 0) lines.push('This channel follows no topics yet. Try `/papers follow retrieval augmented generation, reranking`, `follow paper:2401.12345`, `follow category:cs.RO` or `follow author:"Yann LeCun"`.');
    lines.push(`Weekly digest ${describeSchedule(settings.digest)}.`);
    if (settings.unavailable) lines.push(`Posting is paused: the platform said "${settings.unavailable.reason}". Change a setting to resume.`);
    return textReply('private', lines, 'Interests of this channel');
  },
});
