/**
 * Escaping for Discord markdown. Paper titles, abstracts, queries and topics are untrusted: this turns them
 * into literal text, so `**`, a masked link `[x](https://...)`, `<@id>`, `<#id>`, `@everyone` or a heading
 * in a paper shows as typed and never formats, pings or hides a link. Messages also carry
 * `allowed_mentions: { parse: [] }`; escaping keeps mentions from even looking like mentions.
 */

/** Control characters (except newline) and bidirectional overrides that could reorder what people read. */
const INVISIBLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/** Characters that start inline markdown anywhere in a line. `<` covers mentions, channels, emoji and timestamps. */
const INLINE_MARKUP = /[\\*_~`|[\]<]/g;
/** Markers that only mean something at the start of a line: headings, quotes, lists, subtext. */
const LINE_START_MARKUP = /^(\s*)([#>\-+]|\d+[.)])/gm;
/** Mass mentions; a zero-width space after `@` keeps them literal. */
const MASS_MENTION = /@(everyone|here)/gi;

/** Make untrusted text literal in Discord markdown (content, embed titles, descriptions and footers). */
export function escapeText(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(INLINE_MARKUP, '\\$&')
    .replace(LINE_START_MARKUP, '$1\\$2')
    .replace(MASS_MENTION, '@\u200b$1');
}

/** Collapse all whitespace, newlines included, to single spaces. */
export function flatten(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Escape `raw` and shorten it (with an ellipsis) until the escaped form is at most `max` characters. Cuts
 * happen in the raw text, so an escape sequence or a surrogate pair is never split. Returns '' when even the
 * ellipsis does not fit.
 */
export function escapeWithin(raw: string, max: number): string {
  if (max <= 0) return '';
  let keep = raw.length;
  for (;;) {
    const candidate = keep >= raw.length ? raw : `${cutAt(raw, keep)}…`;
    const escaped = escapeText(candidate);
    if (escaped.length <= max) return escaped;
    if (keep <= 0) return '';
    keep = Math.max(0, Math.min(keep - 1, Math.floor((keep * max) / escaped.length)));
  }
}

/** At most `max` characters of `text`, cut at a word boundary when one is near, with an ellipsis when cut. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = cutAt(text, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

function cutAt(text: string, length: number): string {
  return text.slice(0, length).replace(/[\ud800-\udbff]$/, '').trimEnd();
}

/** Longest URL Discord accepts in an embed. */
const MAX_URL_LENGTH = 2048;

/**
 * The URL, normalised by the WHATWG parser (which percent-encodes spaces and non-ASCII characters), when it is a
 * plain http(s) link Discord will accept as an embed link (at most 2,048 characters once normalised), otherwise
 * undefined. A paper with a malformed, `javascript:` or too long URL then gets an embed without a link instead
 * of a rejected message.
 */
export function safeLink(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    const normalised = parsed.toString();
    return normalised.length <= MAX_URL_LENGTH ? normalised : undefined;
  } catch {
    return undefined;
  }
}
