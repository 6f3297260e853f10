/**
 * `reaction_added` / `reaction_removed` on the bot's paper messages reach the core's `react`, keyed by the
 * workspace, channel and message `ts`. The bot's own reactions (its 👍/👎 under each post) and reactions on
 * other people's messages are ignored here; skin tones and aliases are folded by the core's emoji table, and
 * messages that are not recorded paper posts are ignored by the core.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Core } from '../../src/core.js';
import type { ReactionEvent } from '../../src/types.js';

type ReactionArgs = SlackEventMiddlewareArgs<'reaction_added' | 'reaction_removed'> & AllMiddlewareArgs;

/** The raw fields of a Slack reaction event the bot needs. */
export interface SlackReaction {
  teamId: string | undefined;
  user: string;
  reaction: string;
  itemType: string;
  itemUser?: string;
  channel?: string;
  ts?: string;
}

/**
 * The core event for a Slack reaction, or undefined when it must be ignored: not on a message, made by the
 * bot itself, on a message the bot did not write, or without a workspace.
 */
export function toReactionEvent(raw: SlackReaction, botUserId: string | undefined, action: ReactionEvent['action']): ReactionEvent | undefined {
  if (raw.itemType !== 'message' || !raw.channel || !raw.ts || !raw.teamId) return undefined;
  if (botUserId && raw.user === botUserId) return undefined;
  if (botUserId && raw.itemUser && raw.itemUser !== botUserId) return undefined;
  return {
    user: { platform: 'slack', workspace: raw.teamId, user: raw.user },
    channel: { platform: 'slack', workspace: raw.teamId, channel: raw.channel },
    messageId: raw.ts,
    emoji: raw.reaction,
    action,
  };
}

/** Build the listener for both reaction events. It never throws: failures are logged. */
export function createReactionHandler(core: Core, botUserId: string): (args: ReactionArgs) => Promise<void> {
  return async ({ event, body }) => {
    const item = event.item as { type: string; channel?: string; ts?: string };
    const raw: SlackReaction = {
      teamId: (body as { team_id?: string }).team_id,
      user: event.user,
      reaction: event.reaction,
      itemType: item.type,
      itemUser: event.item_user,
      channel: item.channel,
      ts: item.ts,
    };
    const action = event.type === 'reaction_added' ? 'added' : 'removed';
    const reaction = toReactionEvent(raw, botUserId, action);
    if (!reaction) return;
    try {
      await core.react(reaction);
    } catch (error) {
      core.logger.error('slack: reaction failed', { channel: reaction.channel.channel, error });
    }
  };
}
