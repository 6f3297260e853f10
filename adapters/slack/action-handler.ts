/**
 * Vote buttons on Slack. A click on "👍 More like this" or "👎 Not for me" under a paper card (blocks.ts)
 * arrives as a `block_actions` interaction (over HTTP at the request URL, or over the socket in Socket Mode). It
 * is acknowledged first, inside Slack's 3 seconds, then becomes the same vote a reaction is (`core.vote`), and
 * the person who clicked gets a short private confirmation through the action's `response_url`, as a new
 * ephemeral message: the card itself is never replaced. Payloads can be forged, so an action id none of our
 * buttons carries, or a paper the bot does not know, is refused with a message and nothing is stored.
 */
import type { AllMiddlewareArgs, BlockAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { FORGED_VOTE_MESSAGE, parseVoteActionId, voteConfirmation } from '../../commands/paper-card.js';
import type { Core } from '../../src/core.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { escapeMrkdwn } from './escape.js';

type ActionArgs = SlackActionMiddlewareArgs<BlockAction> & AllMiddlewareArgs;

/** What Bolt's `app.action` matches: every block action (the bot's only interactive elements are vote buttons). */
export const BLOCK_ACTIONS = { type: 'block_actions' } as const;

const NOT_IN_A_CHANNEL = 'Vote on papers from a channel message: votes belong to a person and a channel.';

/** The core's names for the clicking person and the channel, or undefined when the click came from no channel. */
export function actionRefs(body: BlockAction): { user: UserRef; channel: ChannelRef } | undefined {
  const workspace = body.team?.id ?? body.user.team_id;
  if (!workspace || !body.channel?.id) return undefined;
  return {
    user: { platform: 'slack', workspace, user: body.user.id },
    channel: { platform: 'slack', workspace, channel: body.channel.id },
  };
}

/**
 * The private answer to one clicked element: a vote recorded or taken back, or why nothing was saved. The bot's
 * only interactive elements are vote buttons, so anything else is refused as forged.
 */
export async function answerAction(core: Core, body: BlockAction, actionId: string): Promise<string> {
  const vote = parseVoteActionId(actionId);
  if (!vote) {
    core.logger.warn('slack: forged vote button refused', { actionId: actionId.slice(0, 120) });
    return FORGED_VOTE_MESSAGE;
  }
  const refs = actionRefs(body);
  if (!refs) return NOT_IN_A_CHANNEL;
  return voteConfirmation(await core.vote(refs.user, refs.channel, vote.paperId, vote.sentiment));
}

/** Build the listener for block actions. It never throws: failures are logged and answered with an apology. */
export function createActionHandler(core: Core): (args: ActionArgs) => Promise<void> {
  return async ({ ack, body, action, respond, client }) => {
    await ack();
    const actionId = typeof action.action_id === 'string' ? action.action_id : '';
    let text: string;
    try {
      text = await answerAction(core, body, actionId);
    } catch (error) {
      core.logger.error('slack: vote failed', { channel: body.channel?.id, error });
      text = GENERIC_APOLOGY;
    }
    const message = { response_type: 'ephemeral' as const, replace_original: false, text: escapeMrkdwn(text) };
    try {
      if (body.response_url) await respond(message);
      else if (body.channel?.id) await client.chat.postEphemeral({ channel: body.channel.id, user: body.user.id, text: message.text });
    } catch (error) {
      core.logger.error('slack: could not confirm a vote', { channel: body.channel?.id, error });
    }
  };
}
