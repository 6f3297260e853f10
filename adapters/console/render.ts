/**
 * Plain-text rendering of the neutral reply model for a terminal. Control characters in paper text are
 * removed so a title cannot move the cursor or clear the screen.
 */
import type { Recommendation, Reply } from '../../src/types.js';

/** Strip terminal control sequences and control characters. */
export function plain(text: string): string {
  return text.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Render a paper as a few indented lines under its number. */
export function renderPaper(rec: Recommendation, number: number): string {
  const { paper } = rec;
  const meta = [
    paper.authors.length > 0 ? shortenAuthors(paper.authors) : '',
    paper.categories.slice(0, 3).join(', '),
    paper.published ? paper.published.slice(0, 10) : '',
    paper.popularity ? `${paper.popularity.upvotes} upvotes` : '',
  ].filter(Boolean);
  const lines = [`${number}. ${plain(paper.title)}`];
  if (meta.length > 0) lines.push(`   ${plain(meta.join(' · '))}`);
  lines.push(`   why: ${plain(rec.reason)}`);
  lines.push(`   ${plain(snippet(paper.abstract, 220))}`);
  lines.push(`   ${plain(paper.url)}`);
  return lines.join('\n');
}

/** Render a whole reply; papers are numbered from `firstNumber`. */
export function renderReply(reply: Reply, firstNumber = 1): string {
  const parts: string[] = [];
  if (reply.title) parts.push(`== ${plain(reply.title)} ==`);
  parts.push(...reply.lines.map(plain));
  reply.papers.forEach((rec, i) => parts.push(renderPaper(rec, firstNumber + i)));
  if (reply.footer) parts.push(plain(reply.footer));
  return parts.join('\n');
}

export function shortenAuthors(authors: string[]): string {
  return authors.length <= 3 ? authors.join(', ') : `${authors.slice(0, 2).join(', ')} et al.`;
}

export function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}
