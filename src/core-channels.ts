/**
 * The core's channel methods: a channel's settings, what it follows (topics, papers, categories, authors; the
 * rules live in channels/interests.ts), its digest schedule and its lock. Every change is one atomic store
 * update; a followed paper the bot does not know is fetched from arXiv first, outside the update.
 */
import { addInterests, removeInterests } from './channels/interests.js';
import type { CoreParts } from './core-parts.js';
import { changeSchedule } from './digest/schedule.js';
import { findPaper } from './core-papers.js';
import type { CoreInternals } from './core-types.js';

type ChannelMethods = Pick<CoreInternals, 'channelSettings' | 'follow' | 'unfollow' | 'updateDigest' | 'setChannelLocked' | 'followedCategories' | 'saveWidenedInterests'>;

/** Channel settings over the repositories in `parts`. */
export function channelMethods(parts: CoreParts): ChannelMethods {
  const { channels, recommender, widened } = parts;
  const saveWidenedInterests = () => widened.saveMany(recommender.takeComputedExpansions());
  // A follow is saved once its settings are: failing to store the widened interests (a cache) only costs a search later.
  const saveAfterFollow = () => saveWidenedInterests().catch((error: unknown) => parts.logger.warn('could not store widened interests', { error }));
  return {
    channelSettings: (channel) => channels.get(channel),

    async follow(channel, values, kind = 'topic') {
      // Papers are fetched (or found) before the update: the update must be synchronous, and a failed fetch stores nothing.
      if (kind === 'paper') for (const id of values) await findPaper(parts, id);
      let outcome: { added: string[]; already: string[] } = { added: [], already: [] };
      const settings = await channels.update(channel, (s, isNew) => {
        // A channel that starts following something gets the weekly digest at the default time unless it says otherwise.
        if (isNew) changeSchedule(s.digest, { enabled: true }, parts.clock.now());
        outcome = addInterests(s, values, kind);
      });
      await recommender.prepareChannel(channel);
      await saveAfterFollow();
      return { ...outcome, settings };
    },

    async unfollow(channel, values, kind = 'topic') {
      let outcome: { removed: string[]; missing: string[] } = { removed: [], missing: [] };
      const settings = await channels.update(channel, (s) => {
        outcome = removeInterests(s, values, kind);
      });
      await recommender.prepareChannel(channel);
      await saveAfterFollow();
      return { ...outcome, settings };
    },

    updateDigest: (channel, change) => channels.update(channel, (s) => changeSchedule(s.digest, change, parts.clock.now())),

    setChannelLocked: (channel, locked) => channels.setLocked(channel, locked),

    saveWidenedInterests,

    async followedCategories() {
      const all = (await channels.all()).flatMap((s) => s.categories ?? []);
      return [...new Set(all)];
    },
  };
}
