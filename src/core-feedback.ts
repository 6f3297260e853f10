/**
 * The core's feedback methods: reactions and vote buttons become votes, posts are remembered so reactions on them count, what was
 * learned about a person is shown, and a person or a whole workspace is forgotten.
 */
import type { CoreParts } from './core-parts.js';
import { forgetPersonalDigest, noteChannelUse } from './core-personal.js';
import type { CoreInternals } from './core-types.js';
import { emojiMeaning } from './feedback/emoji.js';
import type { Paper } from './types.js';
import { forgetWorkspace } from './workspaces/forget-workspace.js';

type FeedbackMethods = Pick<CoreInternals, 'react' | 'vote' | 'recordPost' | 'me' | 'forgetMe' | 'forgetWorkspace'>;

/** Votes, posts and forgetting over the repositories in `parts`. */
export function feedbackMethods(parts: CoreParts): FeedbackMethods {
  const { store, papers, votes, posted, recommender, clock, logger } = parts;
  return {
    /** A reaction added or removed on a posted paper (`messageId`) or a listed one (`paperId`). */
    async react(event) {
      const meaning = emojiMeaning(event.emoji);
      if (!meaning) return { status: 'ignored' };
      const paperId = event.paperId ?? (event.messageId ? await posted.paperFor(event.channel, event.messageId) : undefined);
      if (!paperId || !(await papers.find(paperId))) return { status: 'ignored' };
      const status = await votes.apply(event.user, event.channel, paperId, meaning, event.action, clock.now());
      await noteChannelUse(parts, event.user, event.channel);
      logger.info('reaction', { paperId, emoji: meaning.name, action: event.action, status });
      return { status, paperId, sentiment: meaning.sentiment };
    },

    /** A vote button clicked: toggled in the vote store, unknown papers refused before anything is stored. */
    async vote(user, channel, paperId, sentiment) {
      const paper = await papers.find(paperId);
      if (!paper) {
        logger.warn('vote on an unknown paper refused', { paperId: paperId.slice(0, 120), channel: channel.channel });
        return { status: 'unknown paper', paperId, sentiment };
      }
      const change = await votes.toggleButton(user, channel, paperId, sentiment, clock.now());
      await noteChannelUse(parts, user, channel);
      const status = change === 'removed' ? 'removed' : 'recorded';
      logger.info('vote', { paperId, sentiment, status });
      return { status, paperId, sentiment, title: paper.title };
    },

    /** Remember that a message in `channel` shows `paperId`. */
    async recordPost(channel, paperId, messageId, runId) {
      await posted.record(channel, { paperId, messageId, at: clock.now().toISOString(), runId });
    },

    /** What the bot has learned about a person. */
    async me(user) {
      const userVotes = await votes.forUser(user);
      const profile = await recommender.userProfile(user);
      const order = [...profile.vector.ids.keys()].filter((i) => profile.vector.weights[i] > 0);
      order.sort((a, b) => profile.vector.weights[b] - profile.vector.weights[a]);
      const topTerms = [...new Set(order.slice(0, 8).map((i) => papers.index.surface(profile.vector.ids[i])))];
      const known = (ids: string[]) => ids.map((id) => papers.get(id)).filter((p): p is Paper => p !== undefined);
      return { votes: userVotes, topTerms, liked: known(profile.liked), disliked: known(profile.disliked) };
    },

    /** Delete everything stored about a person: the personal digest first, then the votes (which purges the store). */
    async forgetMe(user) {
      const personal = await forgetPersonalDigest(parts, user);
      return { votes: await votes.deleteUser(user), personal };
    },

    forgetWorkspace: (platform, workspace) => forgetWorkspace(store, platform, workspace),
  };
}
