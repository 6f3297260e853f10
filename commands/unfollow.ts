/**
 * `/papers unfollow <topic>[, ...]` (or `paper:`, `category:`, `author:`): remove interests from the channel.
 * Visible to the channel when something was removed.
 */
import { describeFollowed, followedList, parseFollowRequest, PLURAL, type FollowRequest } from './follow.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<FollowRequest>({
  name: 'unfollow',
  summary: 'Remove topics, papers, categories or authors from this channel',
  usage: '<topic>[, <topic>...] | paper:<arXiv id> | category:<arXiv category> | author:"<name>"',
  examples: ['unfollow reasoning', 'unfollow paper:2401.12345', 'unfollow category:cs.RO', 'unfollow author:"Yann LeCun"'],
  options: [{ name: 'topic', description: 'The topic to remove, as listed by interests; or paper:<id>, category:<code>, author:"<name>"', required: true, suggest: 'topic' }],
  changesChannel: true,
  parse: (args) => parseFollowRequest(args, 'unfollow'),
  async run(ctx, { kind, values }) {
    const { removed, missing, settings } = await ctx.core.unfollow(ctx.channel, values, kind);
    const show = (v: string) => describeFollowed(ctx.core, kind, v);
    const lines: string[] = [];
    if (removed.length > 0) lines.push(`This channel no longer follows: ${removed.map(show).join(', ')}.`);
    if (missing.length > 0) lines.push(`Not followed here: ${missing.map(show).join(', ')}. \`/papers interests\` lists what is.`);
    const still = followedList(ctx.core, settings, kind);
    lines.push(still.length > 0 ? `Still following ${PLURAL[kind]}: ${still.join(', ')}.` : `This channel follows no ${PLURAL[kind]} now.`);
    return textReply(removed.length > 0 ? 'channel' : 'private', lines);
  },
});
