/**
 * Block Kit rendering of the neutral reply model. A paper's card (commands/paper-card.ts) becomes a linked
 * title, its byline, the abstract excerpt and the reason it was picked. Every message stays inside Slack's
 * limits (50 blocks, 3,000 characters per text) and carries a plain-text fallback for notifications and
 * clients that do not show blocks. All text from papers and users is escaped here.
 */
import type { types } from '@slack/bolt';
import { byline, paperCard, paperCards, type PaperCard } from '../../commands/paper-card.js';
import type { Recommendation, Reply } from '../../src/types.js';
import { escapeMrkdwn, escapeTruncated, safeLinkUrl } from './escape.js';

type Block = types.KnownBlock;

/** Slack's limits for one message. */
export const MAX_BLOCKS = 50;
export const MAX_SECTION_TEXT = 3000;
/** How long the fallback `text` may get; notifications show only its start anyway. */
export const MAX_FALLBACK_TEXT = 3000;

export interface SlackMessage {
  /** Fallback text (mrkdwn, escaped): notifications, screen readers, clients without blocks. */
  text: string;
  blocks: Block[];
}

export { shortenAuthors, snippet } from '../../commands/paper-card.js';

/** The title line of a card: bold, linked when the paper has a safe URL, numbered when the card is. */
function titleLine(card: PaperCard): string {
  const label = `${card.number === undefined ? '' : `${card.number}. `}${escapeTruncated(card.title, 1200)}`;
  const url = safeLinkUrl(card.links.abstract);
  return url ? `*<${url}|${label}>*` : `*${label}*`;
}

/** The blocks of one paper card (three blocks): title and byline, the excerpt, why it was picked. */
export function cardBlocks(card: PaperCard): Block[] {
  const meta = escapeTruncated(byline(card), 600);
  const heading = meta ? `${titleLine(card)}\n${meta}` : titleLine(card);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: heading } },
    { type: 'section', text: { type: 'mrkdwn', text: card.excerpt ? escapeTruncated(card.excerpt, MAX_SECTION_TEXT) : '_No abstract._' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*Why:* ${escapeTruncated(card.why, 1000)}` }] },
  ];
}

/** The blocks of one paper, numbered `number` when given. */
export function paperBlocks(rec: Recommendation, number?: number): Block[] {
  return cardBlocks(paperCard(rec, number));
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

  const budget = MAX_BLOCKS - head.length - tail.length - 1;
  const cards: Block[] = [];
  let shown = 0;
  for (const [i, paper] of paperCards(reply.papers).entries()) {
    const card = [...(i > 0 ? [{ type: 'divider' } as Block] : []), ...cardBlocks(paper)];
    if (cards.length + card.length > budget) break;
    cards.push(...card);
    shown++;
  }
  const omitted = reply.papers.length - shown;
  const note: Block[] = omitted > 0 ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `${omitted} more not shown.` }] }] : [];
  const blocks = [...head.slice(0, MAX_BLOCKS - 1), ...cards, ...note, ...tail].slice(0, MAX_BLOCKS);
  return { text: fallbackText(reply), blocks };
}

/** The plain-text version of a reply: heading, lines and one line per paper. Escaped like the blocks. */
export function fallbackText(reply: Reply): string {
  const parts: string[] = [];
  if (reply.title) parts.push(reply.title);
  parts.push(...reply.lines);
  for (const card of paperCards(reply.papers)) parts.push(`${card.number === undefined ? '' : `${card.number}. `}${card.title}`);
  if (reply.papers.length === 0 && reply.footer) parts.push(reply.footer);
  const text = escapeTruncated(parts.join('\n'), MAX_FALLBACK_TEXT);
  return text || escapeMrkdwn('(empty)');
}
