/**
 * Vote buttons on Discord. A click on a paper's 👍 or 👎 button (render.ts) arrives as a message component
 * interaction whose `custom_id` carries the vote (`vote:like:2403.01234`). It becomes the same vote a reaction
 * is (`core.vote`: the latest wins, the same button again takes it back); in a DM, which names no server, it
 * counts only on a personal digest post to the clicker, in the server whose digest sent it (`core.directVote`).
 * Only the person who clicked sees the confirmation (an ephemeral interaction response): the message with the
 * paper stays as it is. Payloads can be forged, so a `custom_id` none of our buttons carries, or a paper the bot
 * does not know, is refused with a message and nothing is stored.
 */
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import { FORGED_VOTE_MESSAGE, parseVoteActionId, voteConfirmation } from '../../commands/paper-card.js';
import type { Core } from '../../src/core.js';
import { escapeWithin } from './escape.js';

const NOT_IN_SERVER = 'Vote on papers in a server channel or on your personal digest: votes belong to a person and a channel.';

/** The private answer to a clicked vote button: the vote recorded or taken back, or why nothing was saved. */
export async function voteAnswer(core: Core, interaction: ButtonInteraction): Promise<string> {
  const vote = parseVoteActionId(interaction.customId);
  if (!vote) {
    core.logger.warn('discord: forged vote button refused', { customId: interaction.customId.slice(0, 120) });
    return FORGED_VOTE_MESSAGE;
  }
  if (!interaction.channelId) return NOT_IN_SERVER;
  if (!interaction.guildId) {
    const message = { platform: 'discord' as const, user: interaction.user.id, directChannel: interaction.channelId, messageId: interaction.message.id };
    const outcome = await core.directVote(message, vote.paperId, vote.sentiment);
    return outcome ? voteConfirmation(outcome) : NOT_IN_SERVER;
  }
  const workspace = interaction.guildId;
  const outcome = await core.vote(
    { platform: 'discord', workspace, user: interaction.user.id },
    { platform: 'discord', workspace, channel: interaction.channelId },
    vote.paperId,
    vote.sentiment,
  );
  return voteConfirmation(outcome);
}

/**
 * Answer one button interaction with an ephemeral message (flags 64), mentions disabled. The bot's only
 * buttons are vote buttons, so every button is answered. Errors propagate to the interaction entry point, which
 * logs them.
 */
export async function answerVoteButton(interaction: ButtonInteraction, core: Core): Promise<void> {
  const text = await voteAnswer(core, interaction);
  await interaction.reply({ content: escapeWithin(text, 2000), flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
}
