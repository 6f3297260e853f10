/**
 * Block Kit rendering of the neutral reply model. A paper becomes a card: linked title, shortened authors,
 * categories, date, a short abstract snippet and the reason it was picked. Every message stays inside Slack's
 * limits (50 blocks, 3,000 characters per text) and carries a plain-text fallback for notifications and
 * clients that do not show blocks. All text from papers and users is escaped here.
 */
import type { types } from '@slack/bolt';
import type { Recommendation, Reply } from '../../src/types.js';
import { escapeMrkdwn, escapeTruncated, safeLinkUrl } from './escape.js';

type Block = types.KnownBlock;

/** Slack's limits for one message. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
/** How long the fallback `text` may get; notifications show only its start anyway. */
export const MAX_FALLBACK_TEXT = 3000;
/** Abstract snippet length on a card, in characters of the original text. */
export const SNIPPET_LENGTH = 300;
/** Longest title shown, in characters of the original text. */
export const MAX_TITLE_LENGTH = 300;

export interface SlackMessage {
  /** Fallback text (mrkdwn, escaped): notifications, screen readers, clients without blocks. */
  text: string;
  blocks: Block[];
}

/** "A, B, C" for up to three authors, else "A, B et al.". */
export function shortenAuthors(authors: string[]): string {
  return authors.length <= 3 ? authors.join(', ') : `${authors.slice(0, 2).join(', ')} et al.`;
}

/** Whitespace collapsed and cut to `max` characters of the original text. */
export function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** The title line of a card: bold, linked when the paper has a safe URL, numbered when `number` is given. */
function titleLine(rec: Recommendation, number: number | undefined): string {
  const label = `${number === undefined ? '' : `${number}. `}${escapeTruncated(snippet(rec.paper.title, MAX_TITLE_LENGTH), 1200)}`;
  const url = safeLinkUrl(rec.paper.url);
  return url ? `*<${url}|${label}>*` : `*${label}*`;
}

function metaLine(rec: Recommendation): string {
  const { paper } = rec;
  const parts = [
    paper.authors.length > 0 ? shortenAuthors(paper.authors) : '',
    paper.categories.slice(0, 3).join(', '),
    /^\d{4}-\d{2}-\d{2}/.test(paper.published) ? paper.published.slice(0, 10) : '',
    paper.popularity ? `${paper.popularity.upvotes} upvotes` : '',
  ].filter(Boolean);
  return escapeTruncated(parts.join(' · '), 600);
}

/** The blocks of one paper card (three blocks). */
export function paperBlocks(rec: Recommendation, number?: number): Block[] {
  const meta = metaLine(rec);
  const heading = meta ? `${titleLine(rec, number)}\n${meta}` : titleLine(rec, number);
  const abstract = snippet(rec.paper.abstract, SNIPPET_LENGTH);
  const why = rec.reason;
  return [
    { type: 'section', text: { type: 'mrkdwn', text: heading } },
    { type: 'section', text: { type: 'mrkdwn', text: abstract ? escapeTruncated(abstract, MAX_SECTION_TEXT) : '_No abstract._' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*Why:* ${escapeTruncated(why, 1000)}` }] },
  ];
}

/** Plain lines as section blocks, split so that no section passes the text limit. */
function textSections(lines: string[]): Block[] {
  const sections: Block[] = [];
  let current = '';
  for (const line of lines.map((l) => escapeTruncated(l, MAX_SECTION_TEXT))) {
    if (current && current.length + 1 + line.length > MAX_SECTION_TEXT) {
      sections.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return sections;
}

/**
 * Render a reply as blocks plus fallback text. Papers are numbered when there is more than one. When the
 * blocks would pass 50, the last papers are left out and a note says how many.
 */
export function renderReply(reply: Reply): SlackMessage {
  const head: Block[] = [];
  if (reply.title) head.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeTruncated(reply.title, 500)}*` } });
  head.push(...textSections(reply.lines));
  const tail: Block[] = reply.footer ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeTruncated(reply.footer, 1500) }] }] : [];

  const numbered = reply.papers.length > 1;
  const budget = MAX_BLOCKS - head.length - tail.length - 1;
  const cards: Block[] = [];
  let shown = 0;
  for (const [i, rec] of reply.papers.entries()) {
    const card = [...(i > 0 ? [{ type: 'divider' } as Block] : []), ...paperBlocks(rec, numbered ? i + 1 : undefined)];
    if (cards.length + card.length > budget) break;
    cards.push(...card);
    shown++;
  }
  const omitted = reply.papers.length - shown;
  const note: Block[] = omitted > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${omitted} more not shown.` }] }] : [];
  const blocks = [...head.slice(0, MAX_BLOCKS - 1), ...cards, ...note, ...tail].slice(0, MAX_BLOCKS);
  return { text: fallbackText(reply, numbered), blocks };
}

/** The plain-text version of a reply: heading, lines and one line per paper. Escaped like the blocks. */
export function fallbackText(reply: Reply, numbered = reply.papers.length > 1): string {
  const parts: string[] = [];
  if (reply.title) parts.push(reply.title);
  parts.push(...reply.lines);
  reply.papers.forEach((rec, i) => parts.push(`${numbered ? `${i + 1}. ` : ''}${snippet(rec.paper.title, MAX_TITLE_LENGTH)}`));
  if (reply.papers.length === 0 && reply.footer) parts.push(reply.footer);
  const text = escapeTruncated(parts.join('\n'), MAX_FALLBACK_TEXT);
  return text || escapeMrkdwn('(empty)');
}
