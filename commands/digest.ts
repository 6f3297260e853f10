/**
 * `/papers digest ...`: show or change the weekly digest: `on`, `off`, `<weekday> <HH:MM> [timezone]`,
 * `size <1-10>`, `quiet on|off`.
 */
import { describeSchedule, parseTime, parseTimezone, parseWeekday } from '../src/digest/schedule.js';
import { UserError } from '../src/errors.js';
import type { DigestSchedule } from '../src/types.js';
import { clean, firstWord } from './args.js';
import { defineCommand, textReply } from './types.js';

type Change = Partial<DigestSchedule>;

const USAGE = 'Use `/papers digest on`, `off`, `<weekday> <HH:MM> [timezone]` (like `monday 09:00 Europe/Berlin`), `size <1-10>` or `quiet on|off`.';

export default defineCommand<Change | undefined>({
  name: 'digest',
  summary: 'Show or set the weekly digest',
  usage: 'on | off | <weekday> <HH:MM> [timezone] | size <1-10> | quiet on|off',
  examples: ['digest', 'digest on', 'digest monday 09:00 Europe/Berlin', 'digest size 3'],
  options: [
    { name: 'day', description: 'Weekday, or on/off', required: false, choices: ['on', 'off', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] },
    { name: 'time', description: 'Time as HH:MM (24-hour)', required: false },
    { name: 'timezone', description: 'IANA timezone, like Europe/Berlin', required: false, suggest: 'timezone' },
  ],
  changesChannel: true,
  parse(args) {
    const words = clean(args).split(' ').filter(Boolean);
    if (words.length === 0) return undefined;
    const [head, ...rest] = words;
    const lower = head.toLowerCase();
    if ((lower === 'on' || lower === 'off') && rest.length === 0) return { enabled: lower === 'on' };
    if (lower === 'size') return { k: parseSize(rest.join(' ')) };
    if (lower === 'quiet') return { quietNote: parseOnOff(rest.join(' ')) };
    if (rest.length === 0) throw new UserError(`${USAGE}`);
    if (rest.length > 2) throw new UserError(`Too many words. ${USAGE}`);
    const change: Change = { enabled: true, weekday: parseWeekday(head), minuteOfDay: parseTime(rest[0]) };
    if (rest[1]) change.timezone = parseTimezone(rest[1]);
    return change;
  },
  async run(ctx, change) {
    if (!change) {
      const settings = await ctx.core.channels.get(ctx.channel);
      return textReply('private', [`Weekly digest ${describeSchedule(settings.digest)}.`, USAGE]);
    }
    const settings = await ctx.core.channels.update(ctx.channel, (s) => {
      Object.assign(s.digest, change);
      delete s.unavailable;
    });
    const lines = [`Weekly digest ${describeSchedule(settings.digest)}.`];
    if (settings.digest.enabled && settings.interests.length === 0) lines.push('This channel follows no topics yet: add some with `/papers follow <topic>`.');
    return textReply('channel', lines);
  },
});

function parseSize(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new UserError('The digest size must be a number from 1 to 10, like `/papers digest size 5`.');
  return n;
}

function parseOnOff(text: string): boolean {
  const [word, rest] = firstWord(text.toLowerCase());
  if (rest || (word !== 'on' && word !== 'off')) throw new UserError('Use `/papers digest quiet on` or `/papers digest quiet off`.');
  return word === 'on';
}
