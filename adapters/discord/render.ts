/**
 * Renders the neutral reply model as a Discord message: a text reply becomes one embed; a reply with papers
 * becomes a short header in the message content and one embed per paper. Everything untrusted is escaped and
 * everything is cut to Discord's limits (title 256, description 4,096, 10 embeds, 6,000 characters in all
 * embeds, 2,000 in the content), so a long or hostile paper can never make Discord reject a message.
 */
import type { APIEmbed } from 'discord.js';
import { byline, paperCards, type PaperCard } from '../../commands/paper-card.js';
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

/** A message body ready for discord.js or the REST API (callers add `allowed_mentions`). */
export interface DiscordMessageBody {
  content?: string;
  embeds: APIEmbed[];
}

/** Render a reply; papers are numbered from 1. Never exceeds `DISCORD_LIMITS`. */
export function renderReply(reply: Reply): DiscordMessageBody {
  if (reply.papers.length === 0) return { embeds: [textEmbed(reply)] };
  const shown = reply.papers.slice(0, DISCORD_LIMITS.embeds);
  const header = [
    reply.title ? `**${escapeWithin(flatten(reply.title), 200)}**` : '',
    shown.length < reply.papers.length ? `(showing the first ${shown.length} of ${reply.papers.length})` : '',
    ...reply.lines.map((l) => escapeWithin(l, 600)),
  ];
  const content = fitLines(header.filter(Boolean), DISCORD_LIMITS.content);
  const footer = reply.footer ? escapeWithin(flatten(reply.footer), FOOTER_MAX) : '';
  const perPaper = Math.floor((DISCORD_LIMITS.embedsTotal - footer.length) / shown.length);
  const embeds = paperCards(shown, { alwaysNumber: true }).map((card) => paperEmbed(card, perPaper));
  if (footer) embeds[embeds.length - 1].footer = { text: footer };
  return content ? { content, embeds } : { embeds };
}

/** One embed for a text-only reply: the title and the lines, then the footer. */
function textEmbed(reply: Reply): APIEmbed {
  const embed: APIEmbed = { color: reply.isError ? COLOR_ERROR : COLOR_NORMAL };
  if (reply.title) embed.title = escapeWithin(flatten(reply.title), DISCORD_LIMITS.embedTitle);
  const paragraphs = reply.lines.map((line) => escapeWithin(line, 1000));
  if (reply.footer) paragraphs.push(escapeWithin(reply.footer, FOOTER_MAX));
  embed.description = fitLines(paragraphs, DISCORD_LIMITS.embedDescription) || '\u200b';
  return embed;
}

/**
 * One paper card: numbered title linking to the paper, then its byline, why it was picked, and the abstract
 * excerpt. `budget` bounds the embed's total characters.
 */
export function paperEmbed(card: PaperCard, budget: number): APIEmbed {
  const prefix = card.number === undefined ? '' : `${card.number}. `;
  const title = prefix + escapeWithin(flatten(card.title), Math.min(DISCORD_LIMITS.embedTitle, Math.floor(budget / 3)) - prefix.length);
  const room = Math.min(DISCORD_LIMITS.embedDescription, budget - title.length);
  const meta = escapeWithin(flatten(byline(card)), Math.min(200, Math.floor(room / 3)));
  const why = `**Why:** ${escapeWithin(flatten(card.why), Math.min(300, Math.floor(room / 3)))}`;
  const abstractRoom = room - meta.length - why.length - 4;
  const abstract = escapeWithin(flatten(card.excerpt), abstractRoom);
  const embed: APIEmbed = {
    title,
    description: [meta, why, abstract].filter(Boolean).join('\n').slice(0, Math.max(0, room)) || '\u200b',
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
