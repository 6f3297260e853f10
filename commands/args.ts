/**
 * Argument text helpers shared by the commands: quoted phrases, comma lists, and length limits.
 */
import { UserError } from '../src/errors.js';

/** Longest search query accepted, in characters. (Topic rules are the core's: src/channels/interests.ts.) */
export const MAX_QUERY_LENGTH = 300;

/** Collapse whitespace and strip control characters. */
export function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * Split into phrases: by commas, and each double-quoted phrase on its own; without commas or quotes the whole
 * text is one phrase. `"graph neural networks", rag` -> [graph neural networks, rag].
 */
export function splitPhrases(text: string): string[] {
  const normalized = clean(text).replace(/[“”„«»]/g, '"');
  const phrases: string[] = [];
  for (const match of normalized.matchAll(/"([^"]*)"?|([^,;"]+)/g)) phrases.push(match[1] ?? match[2]);
  return [...new Set(phrases.map(clean).filter(Boolean))];
}

/** Split the first word off: `digest monday 9:00` -> [digest, monday 9:00]. */
export function firstWord(text: string): [string, string] {
  const trimmed = clean(text);
  const space = trimmed.indexOf(' ');
  return space < 0 ? [trimmed, ''] : [trimmed.slice(0, space), trimmed.slice(space + 1)];
}

/** Reject text longer than `max` characters with a message that says the limit. */
export function requireLength(text: string, max: number, what: string): string {
  if (text.length > max) {
    throw new UserError(`That ${what} is ${text.length.toLocaleString('en-US')} characters long; please keep it under ${max}.`);
  }
  return text;
}

/** Show at most `max` characters of user text inside a message. */
export function quote(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
