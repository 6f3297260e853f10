/**
 * One emoji table: platform names and unicode forms mapped to one meaning. Skin tones, variation selectors,
 * surrounding colons and aliases are folded, so `:+1::skin-tone-3:`, `thumbsup` and `👍🏽` all mean "like".
 */
import type { Sentiment } from '../types.js';

/** `display` is the one unicode form shown in help texts and vote buttons. */
const TABLE: Record<string, { sentiment: Sentiment; display: string; aliases: string[] }> = {
  thumbsup: { sentiment: 'like', display: '👍', aliases: ['+1', 'thumbsup', 'thumbs_up', 'like', '👍'] },
  heart: { sentiment: 'like', display: '❤️', aliases: ['heart', 'red_heart', 'hearts', 'heart_eyes', '❤', '♥', '😍'] },
  fire: { sentiment: 'like', display: '🔥', aliases: ['fire', 'flame', '🔥'] },
  star: { sentiment: 'like', display: '⭐', aliases: ['star', 'star2', 'glowing_star', 'stars', '⭐', '🌟'] },
  thumbsdown: { sentiment: 'dislike', display: '👎', aliases: ['-1', 'thumbsdown', 'thumbs_down', 'dislike', '👎'] },
};

const BY_ALIAS = new Map<string, { name: string; sentiment: Sentiment }>();
for (const [name, entry] of Object.entries(TABLE)) {
  for (const alias of entry.aliases) BY_ALIAS.set(alias, { name, sentiment: entry.sentiment });
}

/** Strip colons, Slack skin-tone suffixes, unicode skin-tone modifiers and variation selectors. */
export function foldEmoji(raw: string): string {
  return raw
    .trim()
    .replace(/^:|:$/g, '')
    .replace(/::skin-tone-\d$/, '')
    .replace(/[\u{1F3FB}-\u{1F3FF}\uFE0E\uFE0F]/gu, '')
    .toLowerCase();
}

/** The canonical name and meaning of an emoji, or undefined when it carries no preference. */
export function emojiMeaning(raw: string): { name: string; sentiment: Sentiment } | undefined {
  return BY_ALIAS.get(foldEmoji(raw));
}

/** The emoji that carry `sentiment`, one unicode form each, in table order: like -> 👍 ❤️ 🔥 ⭐. */
export function emojiFor(sentiment: Sentiment): string[] {
  return Object.values(TABLE)
    .filter((entry) => entry.sentiment === sentiment)
    .map((entry) => entry.display);
}

/** The first emoji of `sentiment`: the one vote buttons and short hints show (👍, 👎). */
export function primaryEmoji(sentiment: Sentiment): string {
  return emojiFor(sentiment)[0];
}

/** Emoji that count, for help texts: `👍 ❤️ 🔥 ⭐ (more like this) or 👎 (not this)`, from the table. */
export function emojiHelp(): string {
  return `${emojiFor('like').join(' ')} (more like this) or ${emojiFor('dislike').join(' ')} (not this)`;
}
