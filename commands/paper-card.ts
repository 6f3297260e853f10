/**
 * One platform-neutral paper card. Every renderer (Slack blocks, Discord embeds, the console) used to rebuild
 * the author list and the meta line itself; now the card is built once from a `Recommendation`, and the
 * renderers only escape and lay it out. All strings are plain text, never markup: escaping is the renderer's job.
 */
import { primaryEmoji } from '../src/feedback/emoji.js';
import type { Recommendation, Sentiment } from '../src/types.js';

/** Abstract excerpt length on a card, in characters of the original text. */
export const CARD_EXCERPT_LENGTH = 300;
/** Longest title on a card, in characters of the original text. */
export const CARD_TITLE_LENGTH = 300;

/** A button or reaction that votes on the paper. */
export interface VoteAction {
  kind: 'vote';
  sentiment: Sentiment;
  /** The emoji that casts this vote (from the emoji table). */
  emoji: string;
  /** Plain-text label: `👍 More like this`. */
  label: string;
}

/** A paper as every platform shows it. */
export interface PaperCard {
  /** Position in the reply, from 1; undefined when the reply shows a single paper. */
  number?: number;
  paperId: string;
  /** Whitespace collapsed, cut to `CARD_TITLE_LENGTH`; the paper id when the title is empty. */
  title: string;
  /** "A, B, C" for up to three authors, else "A, B et al."; empty when none are known. */
  authorsLine: string;
  /** Categories, date and Hugging Face upvotes: `cs.CL, cs.LG · 2026-11-20 · 42 upvotes`. */
  meta: string;
  /** Why it was picked (one line). */
  why: string;
  /** The start of the abstract, at most `CARD_EXCERPT_LENGTH` characters; empty when there is none. */
  excerpt: string;
  /** Chosen to explore rather than because it scored best. */
  exploratory: boolean;
  /** The abstract page and, for arXiv papers, the PDF. Unchecked: renderers keep only URLs safe for them. */
  links: { abstract: string; pdf?: string };
  actions: VoteAction[];
}

/** "A, B, C" for up to three authors, else "A, B et al.". */
export function shortenAuthors(authors: string[]): string {
  return authors.length <= 3 ? authors.join(', ') : `${authors.slice(0, 2).join(', ')} et al.`;
}

/** Whitespace collapsed and cut to `max` characters (ending in "…" when cut). */
export function snippet(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

/** Build the card of `rec`, numbered `number` (omit it for a lone paper). */
export function paperCard(rec: Recommendation, number?: number): PaperCard {
  const { paper } = rec;
  const meta = [
    paper.categories.slice(0, 3).join(', '),
    /^\d{4}-\d{2}-\d{2}/.test(paper.published) ? paper.published.slice(0, 10) : '',
    paper.popularity ? `${paper.popularity.upvotes} upvotes` : '',
  ].filter(Boolean);
  return {
    number,
    paperId: paper.id,
    title: snippet(paper.title, CARD_TITLE_LENGTH) || paper.id,
    authorsLine: shortenAuthors(paper.authors),
    meta: meta.join(' · '),
    why: snippet(rec.reason, 1000),
    excerpt: snippet(paper.abstract, CARD_EXCERPT_LENGTH),
    exploratory: rec.exploratory === true,
    links: { abstract: paper.url, ...pdfLink(paper.url) },
    actions: [voteAction('like', 'More like this'), voteAction('dislike', 'Not this')],
  };
}

/** The cards of a reply's papers: numbered from `firstNumber` when there is more than one (or always, with `alwaysNumber`). */
export function paperCards(recs: Recommendation[], options: { firstNumber?: number; alwaysNumber?: boolean } = {}): PaperCard[] {
  const numbered = options.alwaysNumber || recs.length > 1;
  const first = options.firstNumber ?? 1;
  return recs.map((rec, i) => paperCard(rec, numbered ? first + i : undefined));
}

/** The authors line and the meta line as one line: `A, B et al. · cs.CL · 2026-11-20`. */
export function byline(card: PaperCard): string {
  return [card.authorsLine, card.meta].filter(Boolean).join(' · ');
}

function voteAction(sentiment: Sentiment, text: string): VoteAction {
  const emoji = primaryEmoji(sentiment);
  return { kind: 'vote', sentiment, emoji, label: `${emoji} ${text}` };
}

function pdfLink(url: string): { pdf?: string } {
  const match = /^https?:\/\/arxiv\.org\/abs\/([^?#\s]+)$/.exec(url);
  return match ? { pdf: `https://arxiv.org/pdf/${match[1]}` } : {};
}
