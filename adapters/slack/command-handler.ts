/**
 * `/papers` on Slack. The request is acknowledged first, always inside Slack's 3 seconds, and the answer goes
 * through the command's `response_url` (`respond`): that works in every channel, even where the bot is not a
 * member, and lets the answer be private (`ephemeral`: search, me, help, errors) or visible to the channel
 * (`in_channel`: follow, unfollow, digest changes), as the shared command table decides. When a channel starts
 * following topics or turns on its digest, the bot joins it so that its posts and the reactions on them work.
 */
import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { handleCommand } from '../../commands/index.js';
import type { Core } from '../../src/core.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import { channelKey, type ChannelRef, type Reply, type UserRef } from '../../src/types.js';
import { renderReply } from './blocks.js';
import { SlackChannelAccess } from './channel-permissions.js';
import { decodeSlackText } from './escape.js';
import { slackErrorCode, withRateLimitRetry, type Wait } from './slack-errors.js';

export interface CommandHandlerOptions {
  core: Core;
  /** The bot's user name, for the "invite me" hint. */
  botName: string;
  wait: Wait;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/** Build the listener for the slash command. It never throws: failures are logged and answered with an apology. */
export function createCommandHandler(options: CommandHandlerOptions): (args: CommandArgs) => Promise<void> {
  const { core } = options;
  const joined = new Set<string>();
  const access = new SlackChannelAccess({ logger: core.logger, wait: options.wait });
  return async ({ ack, command, respond, client }) => {
    await ack();
    const channel: ChannelRef = { platform: 'slack', workspace: command.team_id, channel: command.channel_id };
    const user: UserRef = { platform: 'slack', workspace: command.team_id, user: command.user_id };
    try {
      const text = decodeSlackText(command.text ?? '');
      const { reply, changedChannel } = await handleCommand({ core, channel, user, access: access.accessFor(client, channel, user) }, text);
      if (changedChannel && !joined.has(channelKey(channel))) {
        const hint = await joinForPosting(client, channel, options);
        if (hint) reply.lines.push(hint);
        else joined.add(channelKey(channel));
      }
      await respond(toResponse(reply));
    } catch (error) {
      core.logger.error('slack: /papers failed', { channel: channelKey(channel), error });
      await respond({ response_type: 'ephemeral', text: GENERIC_APOLOGY }).catch((again: unknown) =>
        core.logger.error('slack: could not answer through response_url', { channel: channelKey(channel), error: again }),
      );
    }
  };
}

/** The `respond` payload of a reply: ephemeral unless the reply is meant for the whole channel. */
export function toResponse(reply: Reply): RespondArguments {
  const message = renderReply(reply);
  return { response_type: reply.visibility === 'channel' ? 'in_channel' : 'ephemeral', text: message.text, blocks: message.blocks };
}

/**
 * Join the channel when it now expects posts (interests or a digest). Returns a hint for the reply when the
 * bot cannot join by itself (private channels, DMs), else undefined.
 */
async function joinForPosting(client: CommandArgs['client'], channel: ChannelRef, options: CommandHandlerOptions): Promise<string | undefined> {
  const settings = await options.core.channelSettings(channel);
  if (settings.interests.length === 0 && !settings.digest.enabled) return undefined;
  try {
    await withRateLimitRetry(() => client.conversations.join({ channel: channel.channel }), { wait: options.wait, logger: options.core.logger, what: 'conversations.join' });
    return undefined;
  } catch (error) {
    options.core.logger.info('slack: could not join channel', { channel: channelKey(channel), reason: slackErrorCode(error) ?? String(error) });
    return `I can't join this channel by myself. Invite me with \`/invite @${options.botName}\` so I can post papers here and see your reactions.`;
  }
}
