/**
 * `/papers follow <topic>[, ...]`, `follow paper:<arXiv id or URL>`, `follow category:cs.RO`,
 * `follow author:"Name"`: add interests to the channel. Visible to the channel. The rules (limits, duplicates,
 * known categories, fetching an unknown paper) are the core's; this command splits the text and words the answer.
 */
import type { ChannelSettings, Core, InterestKind } from '../src/core-types.js';
import { describeSchedule } from '../src/digest/schedule.js';
import { UserError } from '../src/errors.js';
import { quote, requireArxivId, splitFollowText } from './args.js';
import { defineCommand, textReply } from './types.js';

/** What `follow` and `unfollow` act on: one kind of interest and its values. */
export interface FollowRequest {
  kind: InterestKind;
  values: string[];
}

const EXAMPLE: Record<InterestKind, string> = {
  topic: '`/papers follow retrieval augmented generation, reranking`',
  paper: '`/papers follow paper:2401.12345` (an arXiv id or URL)',
  category: '`/papers follow category:cs.RO`',
  author: '`/papers follow author:"Yann LeCun"`',
};

/** Parse follow/unfollow text; paper ids are checked and stripped of their version. */
export function parseFollowRequest(args: string, verb: 'follow' | 'unfollow'): FollowRequest {
  const { kind, values } = splitFollowText(args);
  if (values.length === 0) {
    const which = kind === 'topic' ? 'Which topics' : `Which ${kind === 'category' ? 'categories' : `${kind}s`}`;
    throw new UserError(`${which}? Try ${EXAMPLE[kind].replace('follow', verb)}.`);
  }
  return { kind, values: kind === 'paper' ? [...new Set(values.map(requireArxivId))] : values };
}

/** How one followed value reads in an answer: a paper by its title. */
export function describeFollowed(core: Core, kind: InterestKind, value: string): string {
  if (kind !== 'paper') return quote(value);
  const title = core.paper(value)?.title;
  return title ? `“${quote(title, 70)}” (${value})` : value;
}

/** Every interest of `kind` the channel follows, as the answers list them. */
export function followedList(core: Core, settings: ChannelSettings, kind: InterestKind): string[] {
  const list = kind === 'topic' ? settings.interests : kind === 'paper' ? settings.seedPapers : kind === 'category' ? (settings.categories ?? []) : (settings.authors ?? []);
  return list.map((v) => describeFollowed(core, kind, v));
}

export const PLURAL: Record<InterestKind, string> = { topic: 'topics', paper: 'papers', category: 'categories', author: 'authors' };
const EFFECT: Record<InterestKind, string> = {
  topic: '',
  paper: ' Picks like these papers rank higher.',
  category: ' Papers in these categories rank higher, and the daily paper fetch reads them.',
  author: ' Papers by these authors rank higher.',
};

export default defineCommand<FollowRequest>({
  name: 'follow',
  summary: 'Add topics, papers, categories or authors this channel cares about',
  usage: '<topic>[, <topic>...] | paper:<arXiv id or URL> | category:<arXiv category> | author:"<name>"',
  examples: ['follow retrieval augmented generation', 'follow self-correction, reasoning', 'follow paper:2401.12345', 'follow category:cs.RO', 'follow author:"Yann LeCun"'],
  options: [{ name: 'topics', description: 'Topics, separated by commas; or paper:<id>, category:<code>, author:"<name>"', required: true, suggest: 'category' }],
  changesChannel: true,
  parse: (args) => parseFollowRequest(args, 'follow'),
  async run(ctx, { kind, values }) {
    const { added, already, settings } = await ctx.core.follow(ctx.channel, values, kind);
    const show = (v: string) => describeFollowed(ctx.core, kind, v);
    const lines: string[] = [];
    if (added.length > 0) lines.push(`This channel now follows${kind === 'topic' ? '' : ` ${PLURAL[kind]}`}: ${added.map(show).join(', ')}.${EFFECT[kind]}`);
    if (already.length > 0) lines.push(`Already followed: ${already.map(show).join(', ')}.`);
    if (kind === 'topic') {
      const unknown = values.filter((t) => !ctx.core.knowsWordsOf(t));
      if (unknown.length > 0) lines.push(`Note: no paper I know uses the words of ${unknown.map((t) => `"${quote(t)}"`).join(', ')} yet; it will count once such papers arrive.`);
    }
    lines.push(`All ${PLURAL[kind]}: ${followedList(ctx.core, settings, kind).join(', ')}.`);
    const { digest } = settings;
    lines.push(digest.enabled ? `Weekly digest ${describeSchedule(digest)}; change it with \`/papers digest\`.` : 'The weekly digest is off; `/papers digest on` starts it.');
    return textReply('channel', lines);
  },
});
