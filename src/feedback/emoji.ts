/**
 * One emoji table: platform names and unicode forms mapped to one meaning. Skin tones, variation selectors,
 * surrounding colons and aliases are folded, so `:+1::skin-tone-3:`, `thumbsup` and `👍🏽` all mean "like".
 */
import type { Sentiment } from '../types.js';

const TABLE: Record<string, { sentiment: Sentiment; aliases: string[] }> = {
  thumbsup: { sentiment: 'like', aliases: ['+1', 'thumbsup', 'thumbs_up', 'like', '👍'] },
  heart: { sentiment: 'like', aliases: ['heart', 'red_heart', 'hearts', 'heart_eyes', '❤', '♥', '😍'] },
  fire: { sentiment: 'like', aliases: ['fire', 'flame', '🔥'] },
  star: { sentiment: 'like', aliases: ['star', 'star2', 'glowing_star', 'stars', '⭐', '🌟'] },
  thumbsdown: { sentiment: 'dislike', aliases: ['-1', 'thumbsdown', 'thumbs_down', 'dislike', '👎'] },
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

/** Emoji that count, for help texts: one unicode form per meaning. */
export function emojiHelp(): string {
  return '👍 ❤️ 🔥 ⭐ mean "more like this", 👎 means "not this"';
}
