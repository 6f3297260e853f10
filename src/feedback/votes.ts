/**
 * Votes: one per user and paper, the latest reaction or button click wins, removing the reaction (or clicking
 * the same button again) undoes it. Each vote is kept twice, under the user (for their profile, `me` and
 * `forget-me`) and under the channel where it was cast (for the channel's profile).
 */
import type { Collection, Store } from '../store/store.js';
import { channelKey, userKey, type ChannelRef, type Sentiment, type UserRef } from '../types.js';

export interface Vote {
  user: string;
  channel: string;
  paperId: string;
  sentiment: Sentiment;
  /**
   * Canonical names of the reactions that hold this vote (👍 and ❤️ both count; it ends when both are gone),
   * and `VOTE_BUTTON` when a vote button cast it.
   */
  emojis: string[];
  at: string;
}

export type VoteChange = 'recorded' | 'removed' | 'unchanged';

/** The name a vote button leaves in `Vote.emojis`, next to the reactions' canonical names. */
export const VOTE_BUTTON = 'button';

const BY_USER = 'vote';
const BY_CHANNEL = 'channelvote';

export class VoteRepository {
  private readonly byUser: Collection<Vote>;
  private readonly byChannel: Collection<Vote>;

  constructor(private readonly store: Store) {
    this.byUser = store.collection<Vote>(BY_USER);
    this.byChannel = store.collection<Vote>(BY_CHANNEL);
  }

  /**
   * Apply a reaction added or removed. The user's vote and the channel's copy change in one store transaction,
   * so they always agree, and concurrent reactions (two emoji from one person at once) all count.
   */
  async apply(
    user: UserRef,
    channel: ChannelRef,
    paperId: string,
    emoji: { name: string; sentiment: Sentiment },
    action: 'added' | 'removed',
    at: Date,
  ): Promise<VoteChange> {
    const key = `${userKey(user)}|${paperId}`;
    return this.store.transaction(async (tx) => {
      const byUser = tx.collection<Vote>(BY_USER);
      const byChannel = tx.collection<Vote>(BY_CHANNEL);
      const existing = await byUser.get(key);
      if (action === 'added') {
        const vote: Vote =
          existing && existing.sentiment === emoji.sentiment
            ? { ...existing, emojis: [...new Set([...existing.emojis, emoji.name])], at: at.toISOString() }
            : { user: userKey(user), channel: channelKey(channel), paperId, sentiment: emoji.sentiment, emojis: [emoji.name], at: at.toISOString() };
        if (existing && existing.channel !== vote.channel) await byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
        await byUser.set(key, vote);
        await byChannel.set(`${vote.channel}|${vote.user}|${paperId}`, vote);
        return 'recorded';
      }
      if (!existing || existing.sentiment !== emoji.sentiment || !existing.emojis.includes(emoji.name)) return 'unchanged';
      const emojis = existing.emojis.filter((e) => e !== emoji.name);
      if (emojis.length > 0) {
        const vote = { ...existing, emojis };
        await byUser.set(key, vote);
        await byChannel.set(`${vote.channel}|${vote.user}|${paperId}`, vote);
        return 'unchanged';
      }
      await byUser.delete(key);
      await byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
      return 'removed';
    });
  }

  /**
   * A vote button clicked: the latest click wins, and clicking the button whose vote the person already cast
   * takes that vote back (`removed`). Atomic like `apply`, in one store transaction.
   */
  async toggleButton(user: UserRef, channel: ChannelRef, paperId: string, sentiment: Sentiment, at: Date): Promise<VoteChange> {
    const key = `${userKey(user)}|${paperId}`;
    return this.store.transaction(async (tx) => {
      const byUser = tx.collection<Vote>(BY_USER);
      const byChannel = tx.collection<Vote>(BY_CHANNEL);
      const existing = await byUser.get(key);
      if (existing && existing.sentiment === sentiment && existing.emojis.includes(VOTE_BUTTON)) {
        await byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
        await byUser.delete(key);
        return 'removed';
      }
      const vote: Vote =
        existing && existing.sentiment === sentiment
          ? { ...existing, emojis: [...existing.emojis, VOTE_BUTTON], at: at.toISOString() }
          : { user: userKey(user), channel: channelKey(channel), paperId, sentiment, emojis: [VOTE_BUTTON], at: at.toISOString() };
      if (existing && existing.channel !== vote.channel) await byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
      await byUser.set(key, vote);
      await byChannel.set(`${vote.channel}|${vote.user}|${paperId}`, vote);
      return 'recorded';
    });
  }

  async forUser(user: UserRef): Promise<Vote[]> {
    return (await this.byUser.entries(`${userKey(user)}|`)).map(([, v]) => v);
  }

  async forChannel(channel: ChannelRef): Promise<Vote[]> {
    return (await this.byChannel.entries(`${channelKey(channel)}|`)).map(([, v]) => v);
  }

  /** `forChannel` of several channels in one read (the digest reads a group's votes at once). */
  async forChannels(channels: ChannelRef[]): Promise<Vote[][]> {
    const found = await this.byChannel.entriesMany(channels.map((channel) => `${channelKey(channel)}|`));
    return found.map((entries) => entries.map(([, v]) => v));
  }

  /**
   * Delete every vote of a user, in every channel, in one transaction, then purge the store so the deleted
   * votes leave no trace in its files. Returns how many.
   */
  async deleteUser(user: UserRef): Promise<number> {
    const count = await this.store.transaction(async (tx) => {
      const byChannel = tx.collection<Vote>(BY_CHANNEL);
      const votes = (await tx.collection<Vote>(BY_USER).entries(`${userKey(user)}|`)).map(([, v]) => v);
      for (const vote of votes) await byChannel.delete(`${vote.channel}|${vote.user}|${vote.paperId}`);
      await tx.collection<Vote>(BY_USER).deleteByPrefix(`${userKey(user)}|`);
      return votes.length;
    });
    await this.store.purge();
    return count;
  }
}
