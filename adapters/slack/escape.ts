/**
 * Slack mrkdwn treats `&`, `<` and `>` as control characters: `<!channel>` pings everyone, `<@U123>` mentions
 * a person and `<https://x|y>` is a link with any label. Every piece of untrusted text (paper titles and
 * abstracts, queries, topics) goes through `escapeMrkdwn` before it reaches Slack, and links are built only
 * from URLs that `safeLinkUrl` accepted.
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Escape Slack's three control characters so text can never become a mention, a channel ping or a link. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/[&<>]/g, (c) => ENTITIES[c]);
}

/**
 * Escape `text` and cut it so the escaped result is at most `maxLength` characters (ellipsis included).
 * Cuts between characters of the original, never inside an entity such as `&amp;` or a surrogate pair.
 */
export function escapeTruncated(text: string, maxLength: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= maxLength) return escaped;
  let out = '';
  for (const char of text) {
    const piece = ENTITIES[char] ?? char;
    if (out.length + piece.length > maxLength - 1) break;
    out += piece;
  }
  return `${out.trimEnd()}…`;
}

/**
 * Undo the entity encoding Slack applies to the text of slash commands (`&lt;` for `<` and so on), so commands
 * see what the person typed. The result is untrusted and is escaped again on the way out.
 */
export function decodeSlackText(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Longest URL put inside a link, measured as sent (with `&` escaped as `&amp;`); longer ones are not linked. */
export const MAX_LINK_URL_LENGTH = 1000;

/**
 * A URL that is safe inside Slack's `<url|label>` link syntax, or undefined: only http(s), normalised by the
 * WHATWG parser (which percent-encodes spaces, quotes and angle brackets), with `|` encoded so it cannot start
 * the label, and `&` escaped as Slack asks.
 */
export function safeLinkUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username || parsed.password) return undefined;
  const href = escapeMrkdwn(parsed.href.replace(/\|/g, '%7C').replace(/[<>\s]/g, encodeURIComponent));
  return href.length > MAX_LINK_URL_LENGTH ? undefined : href;
}
