/**
 * Schedule math, pure: parse what people type ("monday 09:30 Europe/Berlin"), describe a schedule, and find the
 * most recent weekly slot at or before a moment in the schedule's own timezone (DST included).
 */
import { isValidTimezone } from '../config.js';
import { UserError } from '../errors.js';
import { digestStyle, type DigestSchedule } from '../types.js';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** Parse a weekday name or its first three letters (any case). */
export function parseWeekday(text: string): number {
  const lower = text.trim().toLowerCase();
  const index = WEEKDAYS.findIndex((d) => d === lower || (lower.length >= 3 && d.startsWith(lower)));
  if (index < 0) throw new UserError(`"${clip(text)}" is not a weekday. Use a name like monday or mon.`);
  return index;
}

/** Parse `HH:MM` (24-hour) into minutes after midnight. */
export function parseTime(text: string): number {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  const hours = match ? Number(match[1]) : NaN;
  const minutes = match ? Number(match[2]) : NaN;
  if (!match || hours > 23 || minutes > 59) throw new UserError(`"${clip(text)}" is not a time. Use 24-hour HH:MM, like 09:30 or 17:00.`);
  return hours * 60 + minutes;
}

/** Check an IANA timezone name. */
export function parseTimezone(text: string): string {
  const name = text.trim();
  if (!/^[A-Za-z_+\-/0-9]{1,64}$/.test(name) || !isValidTimezone(name)) {
    throw new UserError(`"${clip(text)}" is not a timezone I know. Use an IANA name like Europe/Berlin, America/New_York or UTC.`);
  }
  return name;
}

/** "on: Mondays at 09:00 (Europe/Berlin), 5 papers in a thread": the schedule, its size and layout, for answers. */
export function describeSchedule(schedule: DigestSchedule): string {
  const day = WEEKDAYS[schedule.weekday];
  const time = `${String(Math.floor(schedule.minuteOfDay / 60)).padStart(2, '0')}:${String(schedule.minuteOfDay % 60).padStart(2, '0')}`;
  const state = schedule.enabled ? 'on' : 'off';
  const layout = digestStyle(schedule) === 'thread' ? 'in a thread' : 'one message each';
  return `${state}: ${day[0].toUpperCase()}${day.slice(1)}s at ${time} (${schedule.timezone}), ${schedule.k} papers ${layout}${schedule.quietNote ? ', with a note on quiet weeks' : ''}`;
}

/** The fields that start, stop or move a schedule's slots. */
const TIMING = ['enabled', 'weekday', 'minuteOfDay', 'timezone'] as const;

/**
 * Apply `change` to `schedule` in place. When it starts, stops or moves the digest, note the instant as
 * `changedAt`: a new schedule is due from its first slot after that instant, so a time set for the coming minute
 * is posted in that minute, not a week later (the digest tick may only see the change after the slot).
 */
export function changeSchedule(schedule: DigestSchedule, change: Partial<Omit<DigestSchedule, 'changedAt'>>, at: Date): void {
  const moved = TIMING.some((field) => change[field] !== undefined && change[field] !== schedule[field]);
  Object.assign(schedule, change);
  if (moved) schedule.changedAt = at.toISOString();
}

/** One formatter per timezone: building an `Intl.DateTimeFormat` costs far more than using one (a digest tick asks per channel). */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timezone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23' });
    formatters.set(timezone, formatter);
  }
  return formatter;
}

/** The wall-clock fields of `instant` in `timezone`. */
export function localParts(instant: Date, timezone: string): { year: number; month: number; day: number; weekday: number; minuteOfDay: number } {
  const parts = formatterFor(timezone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
    minuteOfDay: Number(get('hour')) * 60 + Number(get('minute')),
  };
}

/**
 * The UTC instant of a local wall-clock time in `timezone`. A time skipped by a DST jump moves forward by the
 * jump (02:30 on a spring-forward night becomes 03:30); a repeated time maps to its first occurrence.
 */
export function zonedTimeToUtc(year: number, month: number, day: number, minuteOfDay: number, timezone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  let candidate = guess;
  for (let i = 0; i < 3; i++) {
    const local = localParts(new Date(candidate), timezone);
    const localAsUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minuteOfDay);
    candidate += guess - localAsUtc;
  }
  const reached = localParts(new Date(candidate), timezone);
  if (Date.UTC(reached.year, reached.month - 1, reached.day, 0, reached.minuteOfDay) < guess) return new Date(candidate + 3600_000);
  const earlier = candidate - 3600_000;
  const e = localParts(new Date(earlier), timezone);
  if (Date.UTC(e.year, e.month - 1, e.day, 0, e.minuteOfDay) === guess) return new Date(earlier);
  return new Date(candidate);
}

/** The latest scheduled slot at or before `now`, as a UTC instant. */
export function latestSlot(schedule: Pick<DigestSchedule, 'weekday' | 'minuteOfDay' | 'timezone'>, now: Date): Date {
  const local = localParts(now, schedule.timezone);
  const dayOffset = (local.weekday - schedule.weekday + 7) % 7;
  for (const back of [dayOffset, dayOffset + 7]) {
    const date = new Date(Date.UTC(local.year, local.month - 1, local.day - back));
    const slot = zonedTimeToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), schedule.minuteOfDay, schedule.timezone);
    if (slot.getTime() <= now.getTime()) return slot;
  }
  throw new Error('unreachable: a weekly slot always exists in the last 14 days');
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}
