/**
 * The rules about a channel's interests, in one place: how long a topic may be, how many a channel may follow,
 * and that topics are compared case-insensitively. The core applies them inside the settings update, so the
 * check and the write see the same stored settings.
 */
import { UserError } from '../errors.js';
import type { ChannelSettings } from './channel-settings.js';

/** Most topics one channel may follow. */
export const MAX_INTERESTS = 25;
/** Longest topic accepted, in characters. */
export const MAX_TOPIC_LENGTH = 100;

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Add `topics` to `settings.interests` in place. Topics already followed (or repeated in `topics`) are reported
 * in `already`. Throws `UserError` for a topic over `MAX_TOPIC_LENGTH` or more than `MAX_INTERESTS` in all,
 * before changing anything.
 */
export function addInterests(settings: ChannelSettings, topics: string[]): { added: string[]; already: string[] } {
  for (const topic of topics) {
    if (topic.length > MAX_TOPIC_LENGTH) {
      throw new UserError(`That topic is ${topic.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_TOPIC_LENGTH}.`);
    }
  }
  const added: string[] = [];
  const already: string[] = [];
  for (const topic of topics) {
    if ([...settings.interests, ...added].some((i) => same(i, topic))) already.push(topic);
    else added.push(topic);
  }
  const total = settings.interests.length + added.length;
  if (total > MAX_INTERESTS) {
    throw new UserError(
      settings.interests.length === 0
        ? `That is ${added.length} topics; a channel can follow at most ${MAX_INTERESTS}.`
        : `This channel follows ${settings.interests.length} topics; at most ${MAX_INTERESTS} are allowed. Unfollow some first.`,
    );
  }
  settings.interests.push(...added);
  return { added, already };
}

/** Remove `topics` (case-insensitive) from `settings` in place; says which were removed and which were not followed. */
export function removeInterests(settings: ChannelSettings, topics: string[]): { removed: string[]; missing: string[] } {
  const removed: string[] = [];
  const missing: string[] = [];
  for (const topic of topics) {
    const before = settings.interests.length;
    settings.interests = settings.interests.filter((i) => !same(i, topic));
    settings.seedPapers = settings.seedPapers.filter((id) => id !== topic);
    (settings.interests.length < before ? removed : missing).push(topic);
  }
  return { removed, missing };
}
