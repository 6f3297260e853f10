/**
 * `/papers digest ...`: show or change the weekly digest: `on`, `off`, `<weekday> <HH:MM> [timezone]`,
 * `size <1-10>`, `quiet on|off`, `style thread|messages`. `digest me ...` is the asker's own digest by direct
 * message (digest-me.ts).
 */
import { describeSchedule, parseTime, parseTimezone, parseWeekday, WEEKDAYS } from '../src/digest/schedule.js';
import { UserError } from '../src/errors.js';
import type { DigestChange } from '../src/core.js';
import { DIGEST_STYLES, type DigestStyle } from '../src/types.js';
import { clean } from './args.js';
import { isPersonal, personalArgs, runPersonalDigest, type PersonalDigestArgs } from './digest-me.js';
import { defineCommand, textReply, type Command } from './types.js';

type Change = DigestChange;

const USAGE = 'Use `/papers digest on`, `off`, `<weekday> <HH:MM> [timezone]` (like `monday 09:00 Europe/Berlin`), `size <1-10>`, `quiet on|off` or `style thread|messages`.';

const digest: Command<Change | PersonalDigestArgs | undefined> = defineCommand<Change | PersonalDigestArgs | undefined>({
  name: 'digest',
  summary: 'Show or set the weekly digest; `digest me` for your own by direct message',
  usage: '[me] on | off | <weekday> <HH:MM> [timezone] | size <1-10> | quiet on|off | style thread|messages',
  examples: ['digest', 'digest on', 'digest monday 09:00 Europe/Berlin', 'digest size 3', 'digest quiet on', 'digest style messages', 'digest me on', 'digest me friday 17:00 Europe/Berlin'],
  options: [
    { name: 'for', description: 'me: your own digest, by direct message', required: false, choices: ['me'] },
    { name: 'day', description: 'Weekday, or on/off', required: false, choices: ['on', 'off', ...WEEKDAYS] },
    { name: 'time', description: 'Time as HH:MM (24-hour)', required: false },
    { name: 'timezone', description: 'IANA timezone, like Europe/Berlin', required: false, suggest: 'timezone' },
    { name: 'size', description: 'Papers per digest (1-10)', required: false, keyword: 'size', type: 'integer', minValue: 1, maxValue: 10 },
    { name: 'quiet', description: 'Post a note on weeks with nothing new', required: false, keyword: 'quiet', type: 'boolean' },
    { name: 'style', description: 'thread: one summary, each paper a reply in its thread; messages: one message per paper', required: false, keyword: 'style', choices: [...DIGEST_STYLES] },
  ],
  // Anyone may see the schedule and change their own digest; only a change to the channel's needs permission.
  changesChannel: (change) => change !== undefined && !('personal' in change),
  parse(args) {
    const words = clean(args).split(' ').filter(Boolean);
    if (isPersonal(words)) return personalArgs(words.slice(1), (rest) => digest.parse(rest) as Change | undefined);
    if (words.length === 0) return undefined;
    const change: Change = {};
    for (let i = 0; i < words.length; i++) {
      const word = words[i];
      const lower = word.toLowerCase();
      if (lower === 'size' || lower === 'quiet' || lower === 'style') {
        const value = words[++i] ?? '';
        if (lower === 'size') change.k = parseSize(value);
        else if (lower === 'quiet') change.quietNote = parseOnOff(value);
        else change.style = parseStyle(value);
      } else if (lower === 'on' || lower === 'off') change.enabled = lower === 'on';
      else if (/^\d{1,2}:\d{2}$/.test(word) || /^\d/.test(word)) change.minuteOfDay = parseTime(word);
      else if (word.includes('/') || /^(utc|gmt)$/i.test(word)) change.timezone = parseTimezone(word);
      else if (change.weekday === undefined && /^[a-z]+$/i.test(word) && looksLikeWeekday(lower)) change.weekday = parseWeekday(word);
      else throw new UserError(`I don't understand "${word.slice(0, 40)}". ${USAGE}`);
    }
    if ((change.weekday === undefined) !== (change.minuteOfDay === undefined)) throw new UserError(`Give a weekday and a time together. ${USAGE}`);
    if (change.weekday !== undefined) change.enabled ??= true;
    return change;
  },
  async run(ctx, change) {
    if (change && 'personal' in change) return runPersonalDigest(ctx, change);
    if (!change) {
      const settings = await ctx.core.channelSettings(ctx.channel);
      return textReply('private', [`Weekly digest ${describeSchedule(settings.digest)}.`, USAGE]);
    }
    const settings = await ctx.core.updateDigest(ctx.channel, change);
    const lines = [`Weekly digest ${describeSchedule(settings.digest)}.`];
    if (settings.digest.enabled && settings.interests.length === 0) lines.push('This channel follows no topics yet: add some with `/papers follow <topic>`.');
    return textReply('channel', lines);
  },
});

export default digest;

function parseSize(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new UserError('The digest size must be a number from 1 to 10, like `/papers digest size 5`.');
  return n;
}

function parseOnOff(text: string): boolean {
  const word = text.toLowerCase();
  if (word !== 'on' && word !== 'off') throw new UserError('Use `/papers digest quiet on` or `/papers digest quiet off`.');
  return word === 'on';
}

function parseStyle(text: string): DigestStyle {
  const style = DIGEST_STYLES.find((s) => s === text.toLowerCase());
  if (!style) throw new UserError('Use `/papers digest style thread` (one summary, each paper a reply in its thread) or `/papers digest style messages` (one message per paper).');
  return style;
}

/** Anything that is not a number, a time or a timezone is read as a weekday, so "funday" gets the weekday message. */
function looksLikeWeekday(word: string): boolean {
  return word.length >= 3 && word.length <= 12;
}
