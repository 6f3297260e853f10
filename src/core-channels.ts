/**
 * The core's channel methods: a channel's settings, its interests (the rules live in channels/interests.ts),
 * its digest schedule and its lock. Every change is one atomic store update.
 */
import { addInterests, removeInterests } from './channels/interests.js';
import type { CoreParts } from './core-parts.js';
import type { CoreInternals } from './core-types.js';

type ChannelMethods = Pick<CoreInternals, 'channelSettings' | 'follow' | 'unfollow' | 'updateDigest' | 'setChannelLocked'>;

/** Channel settings over the repositories in `parts`. */
export function channelMethods({ channels, recommender }: CoreParts): ChannelMethods {
  return {
    channelSettings: (channel) => channels.get(channel),

    async follow(channel, topics) {
      let outcome: { added: string[]; already: string[] } = { added: [], already: [] };
      const settings = await channels.update(channel, (s, isNew) => {
        // A channel that starts following topics gets the weekly digest at the default time unless it says otherwise.
        if (isNew) s.digest.enabled = true;
        outcome = addInterests(s, topics);
      });
      await recommender.prepareChannel(channel);
      return { ...outcome, settings };
    },

    async unfollow(channel, topics) {
      let outcome: { removed: string[]; missing: string[] } = { removed: [], missing: [] };
      const settings = await channels.update(channel, (s) => {
        outcome = removeInterests(s, topics);
      });
      await recommender.prepareChannel(channel);
      return { ...outcome, settings };
    },

    updateDigest: (channel, change) => channels.update(channel, (s) => void Object.assign(s.digest, change)),

    setChannelLocked: (channel, locked) => channels.setLocked(channel, locked),
  };
}
