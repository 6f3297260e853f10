/**
 * Renders the neutral reply model as a Discord message: a text reply becomes one embed; a reply with papers
 * becomes a short header in the message content, one embed per paper (with links to its abstract page and PDF)
 * and rows of vote buttons (👍 More like this, 👎 Not for me; handled by component-handler.ts). Everything untrusted is escaped and
 * everything is cut to Discord's limits (title 256, description 4,096, 10 embeds, 6,000 characters in all
 * embeds, 2,000 in the content), so a long or hostile paper can never make Discord reject a message.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import { byline, paperCards, voteButtons, type PaperCard } from '../../commands/paper-card.js';
import type { Reply } from '../../src/types.js';
import { escapeWithin, flatten, safeLink } from './escape.js';

/** Discord's message and embed limits, in characters. */
export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFooter: 2048,
  embedsTotal: 6000,
} as const;

/** Longest footer hint under a list of papers. */
const FOOTER_MAX = 300;

const COLOR_NORMAL = 0x5865f2;
const COLOR_EXPLORE = 0x57f287;
const COLOR_ERROR = 0xed4245;

/** Discord's component limits: rows per message, buttons per row. */
const MAX_ROWS = 5;
const PAPERS_PER_ROW = 2;

/** A row of vote buttons. */
export type VoteRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message body ready for discord.js or the REST API (callers add `allowed_mentions`). */
export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
  /** Vote buttons: present only when the reply has papers that can carry them. */
  components?: VoteRow[];
}

/** Render a reply; papers are numbered from 1. Never exceeds `DISCORD_LIMITS`. */
export function renderReply(reply: Reply): DiscordMessageBody {
  if (reply.papers.length === 0) return { embeds: textEmbeds(reply) };
  const shown = reply.papers.slice(0, DISCORD_LIMITS.embeds);
  const header = [
    reply.title ? `**${escapeWithin(flatten(reply.title), 200)}**` : '',
    shown.length < reply.papers.length ? `(showing the first ${shown.length} of ${reply.papers.length})` : '',
    ...reply.lines.map((l) => escapeWithin(l, 600)),
  ];
  const content = fitLines(header.filter(Boolean), DISCORD_LIMITS.content);
  const footer = reply.footer ? escapeWithin(flatten(reply.footer), FOOTER_MAX) : '';
  const perPaper = Math.floor((DISCORD_LIMITS.embedsTotal - footer.length) / shown.length);
  const cards = paperCards(shown, { alwaysNumber: true });
  const embeds = cards.map((card) => paperEmbed(card, perPaper));
  if (footer) embeds[embeds.length - 1].footer = { text: footer };
  const components = voteRows(cards);
  return { ...(content ? { content } : {}), embeds, ...(components.length > 0 ? { components } : {}) };
}

/**
 * The vote buttons of the cards: `👍 More like this` and `👎 Not for me` for a lone paper, `👍 1` `👎 1` ... for
 * several (their embeds are numbered), two papers to a row, so ten papers fill Discord's five rows.
 */
export function voteRows(cards: PaperCard[]): VoteRow[] {
  const withButtons = cards.map((card) => ({ card, actions: voteButtons(card) })).filter((c) => c.actions.length > 0);
  const rows: VoteRow[] = [];
  for (let i = 0; i < withButtons.length && rows.length < MAX_ROWS; i += PAPERS_PER_ROW) {
    const buttons = withButtons.slice(i, i + PAPERS_PER_ROW).flatMap(({ card, actions }) =>
      actions.map(
        (action): APIButtonComponentWithCustomId => ({
          type: ComponentType.Button,
          style: action.sentiment === 'like' ? ButtonStyle.Primary : ButtonStyle.Secondary,
          custom_id: action.actionId!,
          label: cards.length === 1 ? action.label : `${action.emoji} ${card.number ?? 1}`,
        }),
      ),
    );
    rows.push({ type: ComponentType.ActionRow, components: buttons });
  }
  return rows;
}

/** `[Abstract](url) · [PDF](url)`, with parentheses encoded so a URL cannot end the link early. */
function linksLine(card: PaperCard): string {
  const link = (label: string, url: string | undefined) => {
    const safe = safeLink(url);
    return safe ? `[${label}](${safe.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : '';
  };
  return [link('Abstract', card.links.abstract), link('PDF', card.links.pdf)].filter(Boolean).join(' · ');
}

/**
 * A text-only reply as embeds: the title on the first, then the lines and the footer, continued over more embeds
 * when one description cannot hold them (as Slack splits them into sections). When even 10 embeds and 6,000
 * characters cannot, the last lines are left out and a final line says how many.
 */
function textEmbeds(reply: Reply): APIEmbed[] {
  const color = reply.isError ? COLOR_ERROR : COLOR_NORMAL;
  const title = reply.title ? escapeWithin(flatten(reply.title), DISCORD_LIMITS.embedTitle) : '';
  const paragraphs = reply.lines.map((line) => escapeWithin(line, 1000));
  if (reply.footer) paragraphs.push(escapeWithin(reply.footer, FOOTER_MAX));
  return fitDescriptions(paragraphs, DISCORD_LIMITS.embedsTotal - title.length).map((description, i) => ({
    color,
    ...(i === 0 && title ? { title } : {}),
    description: description || '\u200b',
  }));
}

/**
 * Already-escaped paragraphs (each at most 1,000 characters) as at most 10 descriptions of at most 4,096
 * characters and `total` characters together, dropping the last paragraphs for a note when they cannot all fit.
 */
function fitDescriptions(paragraphs: string[], total: number): string[] {
  for (let kept = paragraphs.length; kept >= 0; kept--) {
    const omitted = paragraphs.length - kept;
    const note = omitted === 0 ? [] : [`${omitted} more line${omitted === 1 ? '' : 's'} not shown.`];
    const descriptions = splitLines([...paragraphs.slice(0, kept), ...note], DISCORD_LIMITS.embedDescription);
    const length = descriptions.reduce((sum, d) => sum + Math.max(1, d.length), 0);
    if (descriptions.length <= DISCORD_LIMITS.embeds && length <= total) return descriptions;
  }
  return [''];
}

/** Join paragraphs with newlines into texts of at most `max` characters, starting a new text where one is full. */
function splitLines(paragraphs: string[], max: number): string[] {
  const texts: string[] = [];
  let current = '';
  for (const paragraph of paragraphs) {
    if (current && current.length + 1 + paragraph.length > max) {
      texts.push(current);
      current = '';
    }
    current = current ? `${current}\n${paragraph}` : paragraph;
  }
  return [...texts, current];
}

/**
 * One paper card: numbered title linking to the paper, then its byline, why it was picked, the abstract
 * excerpt and the links to the abstract page and the PDF. `budget` bounds the embed's total characters.
 */
export function paperEmbed(card: PaperCard, budget: number): APIEmbed {
  const prefix = card.number === undefined ? '' : `${card.number}. `;
  const title = prefix + escapeWithin(flatten(card.title), Math.min(DISCORD_LIMITS.embedTitle, Math.floor(budget / 3)) - prefix.length);
  const room = Math.min(DISCORD_LIMITS.embedDescription, budget - title.length);
  const meta = escapeWithin(flatten(byline(card)), Math.min(200, Math.floor(room / 3)));
  const why = `**Why:** ${escapeWithin(flatten(card.why), Math.min(300, Math.floor(room / 3)))}`;
  const allLinks = linksLine(card);
  const links = allLinks.length <= Math.floor(room / 4) ? allLinks : '';
  const abstractRoom = room - meta.length - why.length - links.length - 6;
  const abstract = escapeWithin(flatten(card.excerpt), abstractRoom);
  const embed: APIEmbed = {
    title,
    description: [meta, why, abstract, links].filter(Boolean).join('\n').slice(0, Math.max(0, room)) || '\u200b',
    color: card.exploratory ? COLOR_EXPLORE : COLOR_NORMAL,
  };
  const url = safeLink(card.links.abstract);
  if (url) embed.url = url;
  return embed;
}

/** Join already-escaped paragraphs with newlines, dropping whole paragraphs that no longer fit in `max`. */
function fitLines(paragraphs: string[], max: number): string {
  let text = '';
  for (const paragraph of paragraphs) {
    const next = text ? `${text}\n${paragraph}` : paragraph;
    if (next.length > max) break;
    text = next;
  }
  return text;
}
