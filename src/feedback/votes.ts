/**
 * Votes: one per user and paper, the latest reaction wins, removing the reaction undoes it. Each vote is kept
 * twice, under the user (for their profile, `me` and `forget-me`) and under the channel where it was cast (for
 * the channel's profile).
 */
import type { Collection, Store } from '../store/store.js';
import { channelKey, userKey, type ChannelRef, type Sentiment, type UserRef } from '../types.js';

export interface Vote {
  user: string;
  channel: string;
  paperId: string;
  sentiment: Sentiment;
  /** Canonical names of the reactions that hold this vote (👍 and ❤️ both count; it ends when both are gone). */
  emojis: string[];
  at: string;
}

export type VoteChange = 'recorded' | 'removed' | 'unchanged';

export class VoteRepository {
  private readonly byUser: Collection<Vote>;
  private readonly byChannel: Collection<Vote>;

  constructor(store: Store) {
    this.byUser = store.collection<Vote>('vote');
    this.byChannel = store.collection<Vote>('channelvote');
  }

  /** Apply a reaction added or removed. */
  async apply(
    user: UserRef,
    channel: ChannelRef,
    paperId: string,
    emoji: { name: string; sentiment: Sentiment },
    action: 'added' | 'removed',
    at: Date,
  ): Promise<VoteChange> {
    const key = `${userKey(user)}|${paperId}`;
    const existing = await this.byUser.get(key);
    if (action === 'added') {
      const vote: Vote =
        existing && existing.sentiment === emoji.sentiment
          ? { ...existing, emojis: [...new Set([...existing.emojis, emoji.name])], at: at.toISOString() }
          : { user: userKey(user), channel: channelKey(channel), paperId, sentiment: emoji.sentiment, emojis: [emoji.name], at: at.toISOString() };
      if (existing) await this.byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
      await this.byUser.set(key, vote);
      await this.byChannel.set(`${vote.channel}|${vote.user}|${paperId}`, vote);
      return 'recorded';
    }
    if (!existing || existing.sentiment !== emoji.sentiment || !existing.emojis.includes(emoji.name)) return 'unchanged';
    const emojis = existing.emojis.filter((e) => e !== emoji.name);
    if (emojis.length > 0) {
      const vote = { ...existing, emojis };
      await this.byUser.set(key, vote);
      await this.byChannel.set(`${vote.channel}|${vote.user}|${paperId}`, vote);
      return 'unchanged';
    }
    await this.byUser.delete(key);
    await this.byChannel.delete(`${existing.channel}|${existing.user}|${paperId}`);
    return 'removed';
  }

  async forUser(user: UserRef): Promise<Vote[]> {
    return (await this.byUser.entries(`${userKey(user)}|`)).map(([, v]) => v);
  }

  async forChannel(channel: ChannelRef): Promise<Vote[]> {
    return (await this.byChannel.entries(`${channelKey(channel)}|`)).map(([, v]) => v);
  }

  /** Delete every vote of a user, in every channel. Returns how many. */
  async deleteUser(user: UserRef): Promise<number> {
    const votes = await this.forUser(user);
    for (const vote of votes) await this.byChannel.delete(`${vote.channel}|${vote.user}|${vote.paperId}`);
    await this.byUser.deleteByPrefix(`${userKey(user)}|`);
    return votes.length;
  }
}
