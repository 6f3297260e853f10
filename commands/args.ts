/**
 * Argument text helpers shared by the commands: quoted phrases, comma lists, and length limits.
 */
import type { InterestKind } from '../src/core-types.js';
import { UserError } from '../src/errors.js';
import { canonicalArxivId } from '../src/sources/arxiv-id.js';

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

/**
 * Split a follow/unfollow text into its kind and values: `paper:2401.12345, 2402.00001`, `category:cs.RO`,
 * `author:"Yann LeCun"`, or topic phrases. Values are split like `splitPhrases`.
 */
export function splitFollowText(text: string): { kind: InterestKind; values: string[] } {
  const match = /^(paper|papers|category|categories|cat|author|authors|topic|topics)\s*:\s*(.*)$/is.exec(clean(text));
  if (!match) return { kind: 'topic', values: splitPhrases(text) };
  const word = match[1].toLowerCase();
  const kind: InterestKind = word.startsWith('pap') ? 'paper' : word.startsWith('cat') ? 'category' : word.startsWith('auth') ? 'author' : 'topic';
  return { kind, values: splitPhrases(kind === 'paper' ? match[2].replace(/\s+/g, ',') : match[2]) };
}

const NEW_ID = String.raw`\d{4}\.\d{4,5}`;
const OLD_ID = String.raw`[a-z-]+(?:\.[A-Za-z]{2})?\/\d{7}`;
const ID_TEXT = new RegExp(String.raw`^(?:arxiv:)?(${NEW_ID}|${OLD_ID})(?:v\d+)?$`, 'i');
const ID_URL = new RegExp(String.raw`^(?:https?:\/\/)?(?:www\.|export\.)?arxiv\.org\/(?:abs|pdf)\/(${NEW_ID}|${OLD_ID})(?:v\d+)?(?:\.pdf)?\/?$`, 'i');

/**
 * The arXiv id (without version) in `text` when the whole text is one: `2401.12345`, `arXiv:2401.12345v2`,
 * `https://arxiv.org/abs/2401.12345`, `https://arxiv.org/pdf/2401.12345v1`, `hep-th/9901001`. Else undefined.
 * Typed in any case, it comes back spelled as arXiv and the sources spell it (`HEP-TH/9901001` ->
 * `hep-th/9901001`, `math.AG/0101001` -> `math/0101001`).
 */
export function arxivIdOf(text: string): string | undefined {
  const trimmed = clean(text).replace(/^<(.*)>$/, '$1');
  const match = ID_TEXT.exec(trimmed) ?? ID_URL.exec(trimmed);
  return match ? canonicalArxivId(match[1]) : undefined;
}

/** `arxivIdOf`, or a `UserError` that shows what an arXiv id looks like. */
export function requireArxivId(text: string): string {
  const id = arxivIdOf(text);
  if (!id) {
    throw new UserError(`"${quote(text)}" is not an arXiv id. Try \`2401.12345\`, \`arXiv:2401.12345v2\`, \`https://arxiv.org/abs/2401.12345\` or \`hep-th/9901001\`.`);
  }
  return id;
}
