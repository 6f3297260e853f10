/**
 * Block Kit rendering of the neutral reply model. A paper's card (commands/paper-card.ts) becomes a linked
 * title, its byline, links to the abstract page and the PDF, the abstract excerpt, the reason it was picked and
 * a row of vote buttons (👍 More like this, 👎 Not for me; handled by action-handler.ts). Every message stays inside Slack's
 * limits (50 blocks, 3,000 characters per text) and carries a plain-text fallback for notifications and
 * clients that do not show blocks. All text from papers and users is escaped here.
 */
import type { types } from '@slack/bolt';
import { byline, paperCard, paperCards, voteButtons, type PaperCard } from '../../commands/paper-card.js';
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

/** The title line of a card: bold, linked when `linked` and the paper has a safe URL, numbered when the card is. */
function titleLine(card: PaperCard, linked = true): string {
  const label = `${card.number === undefined ? '' : `${card.number}. `}${escapeTruncated(card.title, 1200)}`;
  const url = linked ? safeLinkUrl(card.links.abstract) : undefined;
  return url ? `*<${url}|${label}>*` : `*${label}*`;
}

/**
 * The first section of a card: title, byline and links. When that passes the section limit the links line goes,
 * then the title's link (the title itself and the byline are bounded well under the limit).
 */
function headingText(card: PaperCard): string {
  const meta = escapeTruncated(byline(card), 600);
  const choices = [[titleLine(card), meta, linksLine(card)], [titleLine(card), meta], [titleLine(card, false), meta]];
  const texts = choices.map((lines) => lines.filter(Boolean).join('\n'));
  return texts.find((text) => text.length <= MAX_SECTION_TEXT) ?? texts[texts.length - 1];
}

/** `<abstract|Abstract> · <pdf|PDF>`: the links Slack accepts as safe; empty when there are none. */
function linksLine(card: PaperCard): string {
  const abstract = safeLinkUrl(card.links.abstract);
  const pdf = safeLinkUrl(card.links.pdf);
  return [abstract ? `<${abstract}|Abstract>` : '', pdf ? `<${pdf}|PDF>` : ''].filter(Boolean).join(' · ');
}

/** The vote buttons of a card as an actions block; none when the card's paper id is too long for a button. */
function voteBlock(card: PaperCard): Block[] {
  const buttons = voteButtons(card);
  if (buttons.length === 0) return [];
  const elements = buttons.map((action) => ({
    type: 'button' as const,
    action_id: action.actionId!,
    value: card.paperId,
    text: { type: 'plain_text' as const, text: action.label, emoji: true },
  }));
  return [{ type: 'actions', elements }];
}

/**
 * The blocks of one paper card (four blocks, three without vote buttons): title, byline and links, the
 * excerpt, why it was picked, the vote buttons.
 */
export function cardBlocks(card: PaperCard): Block[] {
  return [
    { type: 'section', text: { type: 'mrkdwn', text: headingText(card) } },
    { type: 'section', text: { type: 'mrkdwn', text: card.excerpt ? escapeTruncated(card.excerpt, MAX_SECTION_TEXT) : '_No abstract._' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `*Why:* ${escapeTruncated(card.why, 1000)}` }] },
    ...voteBlock(card),
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
 * Render a reply as blocks plus fallback text. Papers are numbered when there is more than one; a card's row of
 * vote buttons separates it from the next (a divider does, for a card without buttons). When the blocks would
 * pass 50, the last papers are left out and a note says how many.
 */
export function renderReply(reply: Reply): SlackMessage {
  const head: Block[] = [];
  if (reply.title) head.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeTruncated(reply.title, 500)}*` } });
  head.push(...textSections(reply.lines));
  const tail: Block[] = reply.footer ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: escapeTruncated(reply.footer, 1500) }] }] : [];

  const budget = MAX_BLOCKS - head.length - tail.length - 1;
  const cards: Block[] = [];
  let shown = 0;
  for (const paper of paperCards(reply.papers)) {
    const separated = cards.length === 0 || cards[cards.length - 1].type === 'actions';
    const card = [...(separated ? [] : [{ type: 'divider' } as Block]), ...cardBlocks(paper)];
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
