/**
 * `/papers digest me ...`: the asker's own weekly digest, sent by direct message: show it, `on`, `off`,
 * `<weekday> <HH:MM> [timezone]`, `size <1-10>`. The words after `me` are read like the channel digest's
 * (commands/digest.ts); a quiet-week note is for channels only. Anyone may do it, for themselves: it changes no
 * channel, and every answer is private.
 */
import { describeSchedule } from '../src/digest/schedule.js';
import type { DigestChange, PersonalDigestChange, PersonalSubscription } from '../src/core-types.js';
import { UserError } from '../src/errors.js';
import { textReply, type CommandContext } from './types.js';
import type { Reply } from '../src/types.js';

/** The parsed `digest me ...`: `change` undefined shows the digest. */
export interface PersonalDigestArgs {
  personal: true;
  change?: PersonalDigestChange;
}

export const PERSONAL_USAGE = 'Use `/papers digest me on`, `off`, `<weekday> <HH:MM> [timezone]` (like `me friday 17:00 Europe/Berlin`) or `size <1-10>`.';

/** True when the digest arguments start with `me`. */
export function isPersonal(words: string[]): boolean {
  return words[0]?.toLowerCase() === 'me';
}

/**
 * Parse the words after `me` with the channel digest's parser (`parseChange`) into a personal change. Refuses a
 * second `me`, `quiet` (a quiet-week note is for channels) and `style` (a personal digest is one DM per paper).
 */
export function personalArgs(words: string[], parseChange: (text: string) => DigestChange | undefined): PersonalDigestArgs {
  if (isPersonal(words)) throw new UserError(`Say \`me\` once. ${PERSONAL_USAGE}`);
  const change = parseChange(words.join(' '));
  if (!change) return { personal: true };
  if (change.quietNote !== undefined) throw new UserError(`A quiet-week note is for channel digests; your own digest simply skips a quiet week. ${PERSONAL_USAGE}`);
  if (change.style !== undefined) throw new UserError(`The layout is for channel digests; your own digest sends each paper as its own direct message. ${PERSONAL_USAGE}`);
  const { quietNote: _quiet, style: _style, ...personal } = change;
  return { personal: true, change: personal };
}

/** Show or change the asker's own digest. Private. */
export async function runPersonalDigest(ctx: CommandContext, args: PersonalDigestArgs): Promise<Reply> {
  const subscription = args.change ? await ctx.core.updatePersonalDigest(ctx.user, args.change, ctx.channel) : await ctx.core.personalDigest(ctx.user);
  return textReply('private', describePersonal(subscription, args.change === undefined), 'Your weekly digest');
}

function describePersonal(subscription: PersonalSubscription, showUsage: boolean): string[] {
  const { digest, channelsUsed, unavailable } = subscription;
  // A personal digest is never threaded (each paper is its own direct message), whatever an older record holds.
  const lines = [`Your own weekly digest, by direct message, is ${describeSchedule({ ...digest, style: 'messages' })}.`];
  if (unavailable && digest.enabled) lines.push(`I could not message you last time (${unavailable.reason}); change your digest to have me try again.`);
  if (digest.enabled) {
    const from = channelsUsed.length === 0 ? 'your votes' : `your votes and the topics of the ${channelsUsed.length === 1 ? 'channel' : `${channelsUsed.length} channels`} you use me from`;
    lines.push(`Picks come from ${from}, never a paper you voted on or I already sent you.`);
  }
  if (showUsage) lines.push(PERSONAL_USAGE);
  return lines;
}
