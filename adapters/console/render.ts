/**
 * Plain-text rendering of the neutral reply model for a terminal: each paper's card (commands/paper-card.ts)
 * laid out as indented lines, with its abstract and PDF links and its vote actions spelled as the `react N 👍`
 * line to type (a terminal has no buttons). Control characters in paper text are
 * removed so a title cannot move the cursor or clear the screen.
 */
import { byline, paperCards, type PaperCard } from '../../commands/paper-card.js';
import type { Reply } from '../../src/types.js';

/** Strip terminal control sequences and control characters. */
export function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Render a paper card as a few indented lines under its number. */
export function renderCard(card: PaperCard): string {
  const lines = [`${card.number ?? 1}. ${plain(card.title)}`];
  const meta = byline(card);
  if (meta) lines.push(`   ${plain(meta)}`);
  lines.push(`   why: ${plain(card.why)}`);
  if (card.excerpt) lines.push(`   ${plain(card.excerpt)}`);
  lines.push(`   ${plain(card.links.abstract)}`);
  if (card.links.pdf) lines.push(`   pdf: ${plain(card.links.pdf)}`);
  const n = card.number ?? 1;
  lines.push(`   ${card.actions.map((action) => `${action.label}: react ${n} ${action.emoji}`).join(' · ')}`);
  return lines.join('\n');
}

/** Render a whole reply; papers are numbered from `firstNumber` (always, so `react N` can name them). */
export function renderReply(reply: Reply, firstNumber = 1): string {
  const parts: string[] = [];
  if (reply.title) parts.push(`== ${plain(reply.title)} ==`);
  parts.push(...reply.lines.map(plain));
  parts.push(...paperCards(reply.papers, { firstNumber, alwaysNumber: true }).map(renderCard));
  if (reply.footer) parts.push(plain(reply.footer));
  return parts.join('\n');
}
