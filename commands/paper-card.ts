/**
 * One platform-neutral paper card. Every renderer (Slack blocks, Discord embeds, the console) used to rebuild
 * the author list and the meta line itself; now the card is built once from a `Recommendation`, and the
 * renderers only escape and lay it out. All strings are plain text, never markup: escaping is the renderer's job.
 */
import type { VoteOutcome } from '../src/core-types.js';
import { primaryEmoji } from '../src/feedback/emoji.js';
import type { Recommendation, Sentiment } from '../src/types.js';

/** Abstract excerpt length on a card, in characters of the original text. */
export const CARD_EXCERPT_LENGTH = 300;
/** Longest title on a card, in characters of the original text. */
export const CARD_TITLE_LENGTH = 300;

/**
 * Longest vote action id, in characters: Discord's `custom_id` limit (Slack allows 255 for an `action_id`).
 * A card whose id would be longer gets no vote buttons; reactions still work on it.
 */
export const MAX_VOTE_ACTION_ID_LENGTH = 100;
const VOTE_ACTION_PREFIX = 'vote:';
const VOTE_ACTION_ID = /^vote:(like|dislike):([\x21-\x7e]+)$/;

/** A button or reaction that votes on the paper. */
export interface VoteAction {
  kind: 'vote';
  sentiment: Sentiment;
  /**
   * What a button carries back when clicked (Slack `action_id`, Discord `custom_id`): `vote:like:2403.01234`.
   * Undefined when it would pass `MAX_VOTE_ACTION_ID_LENGTH`: then the card shows no buttons.
   */
  actionId?: string;
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
    actions: [voteAction(paper.id, 'like', 'More like this'), voteAction(paper.id, 'dislike', 'Not for me')],
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

/** The card's vote buttons: both actions, or none when the paper id is too long to carry in a button. */
export function voteButtons(card: PaperCard): VoteAction[] {
  return card.actions.every((action) => action.actionId !== undefined) ? card.actions : [];
}

/** The action id of a vote on `paperId`, or undefined when it would pass `MAX_VOTE_ACTION_ID_LENGTH`. */
export function voteActionId(paperId: string, sentiment: Sentiment): string | undefined {
  const id = `${VOTE_ACTION_PREFIX}${sentiment}:${paperId}`;
  return id.length <= MAX_VOTE_ACTION_ID_LENGTH && VOTE_ACTION_ID.test(id) ? id : undefined;
}

/**
 * Read a clicked button's action id back. Returns undefined for anything a button of ours never carries: too
 * long, another shape, an unknown sentiment. Payloads can be forged, so callers refuse those with a message.
 */
export function parseVoteActionId(id: string): { paperId: string; sentiment: Sentiment } | undefined {
  if (id.length > MAX_VOTE_ACTION_ID_LENGTH) return undefined;
  const match = VOTE_ACTION_ID.exec(id);
  return match ? { sentiment: match[1] as Sentiment, paperId: match[2] } : undefined;
}

/** What the person who clicked sees, privately: one short plain-text line. */
export function voteConfirmation(outcome: VoteOutcome): string {
  if (outcome.status === 'unknown paper') return 'I don\'t know that paper, so nothing was saved. Try a button on a newer post.';
  const title = `"${snippet(outcome.title ?? outcome.paperId, 80)}"`;
  if (outcome.status === 'removed') return `Taken back: your ${primaryEmoji(outcome.sentiment)} on ${title}.`;
  return outcome.sentiment === 'like' ? `${primaryEmoji('like')} Noted: more like ${title}.` : `${primaryEmoji('dislike')} Noted: fewer like ${title}.`;
}

/** The refusal for a button payload that none of our buttons could have sent. */
export const FORGED_VOTE_MESSAGE = 'That button is not one of mine, so nothing was saved.';

function voteAction(paperId: string, sentiment: Sentiment, text: string): VoteAction {
  const emoji = primaryEmoji(sentiment);
  return { kind: 'vote', sentiment, actionId: voteActionId(paperId, sentiment), emoji, label: `${emoji} ${text}` };
}

function pdfLink(url: string): { pdf?: string } {
  const match = /^https?:\/\/arxiv\.org\/abs\/([^?#\s]+)$/.exec(url);
  return match ? { pdf: `https://arxiv.org/pdf/${match[1]}` } : {};
}
