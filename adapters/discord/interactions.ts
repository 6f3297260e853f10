/**
 * `/papers` interactions: slash commands run through the shared `handleCommand`, autocomplete answers
 * timezones. A command is acknowledged at once with a deferred response (ephemeral unless it changes the
 * channel), its work waits in a `WorkQueue` (adapters/work-queue.ts) so that a burst of commands is acknowledged
 * before the searches hold the process, and the answer is edited in when done. One catch per entry point:
 * nothing in an interaction can crash the bot.
 */
import {
  MessageFlags,
  PermissionFlagsBits,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
} from 'discord.js';
import { commandChangesChannel, handleCommand } from '../../commands/index.js';
import type { Core } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { BUSY_MESSAGE, WorkQueueFullError, type WorkQueue } from '../work-queue.js';
import { renderReply } from './render.js';
import { answerVoteButton } from './component-handler.js';
import { answerAutocomplete, commandText, SLASH_COMMAND_NAME } from './slash-command.js';

export interface InteractionDeps {
  core: Core;
  logger: Logger;
  /** Where acknowledged commands wait for their turn (one queue per client). */
  work: WorkQueue;
  /** Called when an interaction has been answered (`ok`) or has failed (tests and diagnostics). */
  onInteractionHandled?: (result: { interactionId: string; ok: boolean }) => void;
}

const NOT_IN_SERVER: Reply = { visibility: 'private', lines: ['Use /papers in a server channel: its settings and picks belong to a channel.'], papers: [], isError: true };
const BUSY: Reply = { visibility: 'private', lines: [BUSY_MESSAGE], papers: [], isError: true };

/** Handle one interaction. Never throws: failures are logged. */
export async function onInteraction(interaction: Interaction, deps: InteractionDeps): Promise<void> {
  let ok = true;
  try {
    if (interaction.isChatInputCommand() && interaction.commandName === SLASH_COMMAND_NAME) await answerCommand(interaction, deps);
    else if (interaction.isAutocomplete() && interaction.commandName === SLASH_COMMAND_NAME) await answerAutocomplete(interaction, deps.core);
    else if (interaction.isButton()) await answerVoteButton(interaction, deps.core);
  } catch (error) {
    ok = false;
    deps.logger.error('discord interaction failed', { interaction: interaction.id, code: (error as { code?: unknown }).code, error });
  }
  deps.onInteractionHandled?.({ interactionId: interaction.id, ok });
}

/** Where the interaction happened and who asked, as the core names them. */
export function interactionRefs(interaction: ChatInputCommandInteraction): { channel: ChannelRef; user: UserRef } | undefined {
  if (!interaction.guildId || !interaction.channelId) return undefined;
  return {
    channel: { platform: 'discord', workspace: interaction.guildId, channel: interaction.channelId },
    user: { platform: 'discord', workspace: interaction.guildId, user: interaction.user.id },
  };
}

/** Defer at once, run the command when the queue gets to it, then edit the answer in. */
async function answerCommand(interaction: ChatInputCommandInteraction, deps: InteractionDeps): Promise<void> {
  const refs = interactionRefs(interaction);
  if (!refs) {
    await interaction.reply(replyOptions(NOT_IN_SERVER));
    return;
  }
  const subcommand = interaction.options.getSubcommand(false) ?? '';
  const text = commandText(subcommand, (name) => interaction.options.get(name)?.value);
  const canManageChannel = interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false;
  // Deferring needs a guess before the reply exists: commands that change the channel answer it publicly.
  const expectPrivate = !commandChangesChannel(text);
  await deps.work.acknowledge(interaction.deferReply(expectPrivate ? { flags: MessageFlags.Ephemeral } : {}));
  const answer = async () => {
    const { reply } = await handleCommand({ core: deps.core, ...refs, access: { kind: 'permission', canManageChannel } }, text);
    await editDeferred(interaction, reply, expectPrivate);
  };
  await deps.work.run(answer).catch(async (error: unknown) => {
    if (!(error instanceof WorkQueueFullError)) throw error;
    deps.logger.warn('discord: /papers refused, too many commands waiting', { interaction: interaction.id, reason: error.message });
    await editDeferred(interaction, BUSY, expectPrivate);
  });
}

/** Put `reply` where the deferred response is; replace it when the deferral guessed the visibility wrong. */
async function editDeferred(interaction: ChatInputCommandInteraction, reply: Reply, expectPrivate: boolean): Promise<void> {
  const body = replyOptions(reply);
  if ((reply.visibility === 'private') === expectPrivate) {
    await interaction.editReply({ content: body.content ?? '', embeds: body.embeds, components: body.components ?? [], allowedMentions: body.allowedMentions });
    return;
  }
  // The deferral guessed the visibility wrong (an error on a public command, say): replace it.
  await interaction.deleteReply();
  await interaction.followUp(body);
}

/** The reply as discord.js options: rendered, mentions disabled, ephemeral when private. */
export function replyOptions(reply: Reply): InteractionReplyOptions & { allowedMentions: { parse: [] } } {
  const body = renderReply(reply);
  return {
    ...(body.content ? { content: body.content } : {}),
    embeds: body.embeds,
    ...(body.components ? { components: body.components } : {}),
    allowedMentions: { parse: [] },
    ...(reply.visibility === 'private' ? { flags: MessageFlags.Ephemeral as const } : {}),
  };
}
