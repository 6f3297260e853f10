/**
 * The core's personal-digest methods: a person's own weekly digest by direct message (show and change it),
 * remembering which channels a person uses the bot from (their interests feed the person's picks), the picks
 * themselves, a vote cast on a direct-message card, and forgetting all of it for `forget-me`.
 */
import type { CoreParts } from './core-parts.js';
import type { CoreInternals, ForgetMeResult } from './core-types.js';
import { DigestRunRepository } from './digest/digest-runs.js';
import { PostedMessages } from './channels/posted-messages.js';
import { userKey, type ChannelRef, type UserRef } from './types.js';

type PersonalMethods = Pick<CoreInternals, 'personalDigest' | 'updatePersonalDigest' | 'noteChannelUse' | 'rankForPerson' | 'directVote'>;

/** Personal digests over the repositories in `parts`; `vote` is the core's vote (core-feedback.ts). */
export function personalMethods(parts: CoreParts, vote: CoreInternals['vote']): PersonalMethods {
  const { people, posted, recommender } = parts;
  return {
    personalDigest: (user) => people.get(user),

    updatePersonalDigest: (user, change, from) => people.update(user, change, parts.clock.now(), from),

    noteChannelUse: (user, channel) => noteChannelUse(parts, user, channel),

    rankForPerson: (user, channels, candidates, k, exclude) => recommender.forPerson(user, channels, candidates, k, exclude),

    async directVote(message, paperId, sentiment) {
      for (const subscription of await people.byDirectChannel(message.platform, message.directChannel)) {
        if (subscription.user.user !== message.user) continue;
        const direct: ChannelRef = { platform: message.platform, workspace: subscription.user.workspace, channel: message.directChannel, direct: true };
        if ((await posted.paperFor(direct, message.messageId)) === undefined) continue;
        return vote(subscription.user, direct, paperId, sentiment);
      }
      return undefined;
    },
  };
}

/**
 * Remember that `user` used the bot from `channel`. Best effort: a failure is logged and never fails the
 * command or vote it came with (those are already saved).
 */
export async function noteChannelUse({ people, logger }: Pick<CoreParts, 'people' | 'logger'>, user: UserRef, channel: ChannelRef): Promise<void> {
  try {
    await people.noteChannel(user, channel);
  } catch (error) {
    logger.warn('could not remember the channel a person used', { user: userKey(user), error });
  }
}

/**
 * Delete a person's personal digest: the subscription, its run records and state, and the record of what was
 * sent to their direct messages. Says what there was: a digest (on, or one sent), only its settings (and the
 * channels they used the bot from), or nothing. (The caller purges the store.)
 *
 * The subscription goes first: a digest pass on another instance re-reads it in each of its transactions
 * (run-batch.ts), so once it is gone that pass writes nothing more for the person, and what it wrote before is
 * deleted next.
 */
export async function forgetPersonalDigest({ store, people }: Pick<CoreParts, 'store' | 'people'>, user: UserRef): Promise<ForgetMeResult['personal']> {
  const subscription = await people.remove(user);
  if (subscription?.directChannel) {
    await new PostedMessages(store).forgetChannel({ platform: user.platform, workspace: user.workspace, channel: subscription.directChannel, direct: true });
  }
  await new DigestRunRepository(store).deleteOwner(user);
  if (!subscription) return undefined;
  return subscription.digest.enabled || subscription.directChannel !== undefined ? 'digest' : 'settings';
}
