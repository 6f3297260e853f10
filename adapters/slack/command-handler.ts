/**
 * `/papers` on Slack. The request is acknowledged first, always inside Slack's 3 seconds, and the command's work
 * waits in a `WorkQueue` (adapters/work-queue.ts) until the acknowledgements of requests that arrived meanwhile
 * have gone out: in a burst of 1,000 searches every ack leaves before the searches hold the process. The answer
 * goes through the command's `response_url` (`respond`): that works in every channel, even where the bot is not
 * a member, and lets the answer be private (`ephemeral`: search, me, help, errors) or visible to the channel
 * (`in_channel`: follow, unfollow, digest changes), as the shared command table decides. When a channel starts
 * following topics or turns on its digest, the bot joins it so that its posts and the reactions on them work.
 */
import type { AllMiddlewareArgs, RespondArguments, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { handleCommand } from '../../commands/index.js';
import type { Core } from '../../src/core.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import { channelKey, type ChannelRef, type Reply, type UserRef } from '../../src/types.js';
import { BUSY_MESSAGE, WorkQueue, WorkQueueFullError } from '../work-queue.js';
import { renderReply } from './blocks.js';
import { SlackChannelAccess } from './channel-permissions.js';
import { decodeSlackText } from './escape.js';
import { slackErrorCode, withRateLimitRetry, type Wait } from './slack-errors.js';

export interface CommandHandlerOptions {
  core: Core;
  /** The bot's user name, for the "invite me" hint. */
  botName: string;
  wait: Wait;
  /** Where acknowledged commands wait for their turn. Default: a new `WorkQueue` with its default limits. */
  work?: WorkQueue;
}

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * Build the listener for the slash command: ack, then queue the work. It never throws and never leaves a
 * rejection behind: failures are logged and answered with an apology, a full queue with `BUSY_MESSAGE`.
 */
export function createCommandHandler(options: CommandHandlerOptions): (args: CommandArgs) => Promise<void> {
  const work = options.work ?? new WorkQueue();
  const joined = new Set<string>();
  const access = new SlackChannelAccess({ logger: options.core.logger, wait: options.wait });
  return async (args) => {
    await work.acknowledge(args.ack());
    const channel: ChannelRef = { platform: 'slack', workspace: args.command.team_id, channel: args.command.channel_id };
    void work.run(() => answerCommand(args, channel, joined, access, options)).catch((error: unknown) => apologise(args.respond, channel, error, options.core));
  };
}

/** Run the command and send its reply through `response_url`; join the channel when it now expects posts. */
async function answerCommand(args: CommandArgs, channel: ChannelRef, joined: Set<string>, access: SlackChannelAccess, options: CommandHandlerOptions): Promise<void> {
  const { command, respond, client } = args;
  const user: UserRef = { platform: 'slack', workspace: command.team_id, user: command.user_id };
  const text = decodeSlackText(command.text ?? '');
  const { reply, changedChannel } = await handleCommand({ core: options.core, channel, user, access: access.accessFor(client, channel, user) }, text);
  if (changedChannel && !joined.has(channelKey(channel))) {
    const hint = await joinForPosting(client, channel, options);
    if (hint) reply.lines.push(hint);
    else joined.add(channelKey(channel));
  }
  await respond(toResponse(reply));
}

/** A command that could not be queued or failed outside `handleCommand` (sending its answer, say): log and say so. */
async function apologise(respond: CommandArgs['respond'], channel: ChannelRef, error: unknown, core: Core): Promise<void> {
  const busy = error instanceof WorkQueueFullError;
  if (busy) core.logger.warn('slack: /papers refused, too many commands waiting', { channel: channelKey(channel), reason: error.message });
  else core.logger.error('slack: /papers failed', { channel: channelKey(channel), error });
  await respond({ response_type: 'ephemeral', text: busy ? BUSY_MESSAGE : GENERIC_APOLOGY }).catch((again: unknown) =>
    core.logger.error('slack: could not answer through response_url', { channel: channelKey(channel), error: again }),
  );
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
