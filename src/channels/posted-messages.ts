/**
 * Which platform message shows which paper in which channel, so a reaction on a message reaches its paper and
 * a paper is never posted to a channel twice. The digest records and checks a whole group of channels at once
 * (`recordMany`, `postedAmong`), inside its own transaction.
 */
import type { Collection, Store, Transaction } from '../store/store.js';
import { channelKey, type ChannelRef } from '../types.js';

export interface PostedPaper {
  paperId: string;
  messageId: string;
  /** ISO time of posting. */
  at: string;
  /** The digest run that posted it, if any. */
  runId?: string;
}

export class PostedMessages {
  private readonly byMessage: Collection<PostedPaper>;
  private readonly byPaper: Collection<PostedPaper>;

  /** On the store, or inside a `store.transaction` (`tx`), so a post can be recorded with other writes at once. */
  constructor(store: Store | Transaction) {
    this.byMessage = store.collection<PostedPaper>('message');
    this.byPaper = store.collection<PostedPaper>('posted');
  }

  /** Record that `messageId` in `channel` shows `paperId`. */
  async record(channel: ChannelRef, posted: PostedPaper): Promise<void> {
    const key = channelKey(channel);
    await this.byMessage.set(`${key}|${posted.messageId}`, posted);
    await this.byPaper.set(`${key}|${posted.paperId}`, posted);
  }

  /** Record many posts (each in its channel) in one batch write of each collection. */
  async recordMany(posts: { channel: ChannelRef; posted: PostedPaper }[]): Promise<void> {
    const keyed = posts.map(({ channel, posted }) => ({ key: channelKey(channel), posted }));
    await this.byMessage.setMany(keyed.map(({ key, posted }): [string, PostedPaper] => [`${key}|${posted.messageId}`, posted]));
    await this.byPaper.setMany(keyed.map(({ key, posted }): [string, PostedPaper] => [`${key}|${posted.paperId}`, posted]));
  }

  /** Which of these (channel, paper) pairs were posted, in one read: true at the index of each that was. */
  async postedAmong(pairs: { channel: ChannelRef; paperId: string }[]): Promise<boolean[]> {
    const found = await this.byPaper.getMany(pairs.map(({ channel, paperId }) => `${channelKey(channel)}|${paperId}`));
    return found.map((p) => p !== undefined);
  }

  /** The paper a message shows, or undefined for messages that are not the bot's paper posts. */
  async paperFor(channel: ChannelRef, messageId: string): Promise<string | undefined> {
    return (await this.byMessage.get(`${channelKey(channel)}|${messageId}`))?.paperId;
  }

  async wasPosted(channel: ChannelRef, paperId: string): Promise<boolean> {
    return (await this.byPaper.get(`${channelKey(channel)}|${paperId}`)) !== undefined;
  }

  /** Forget every post to `channel` (a person's direct messages, on forget-me). Returns how many records went. */
  async forgetChannel(channel: ChannelRef): Promise<number> {
    const prefix = `${channelKey(channel)}|`;
    return (await this.byMessage.deleteByPrefix(prefix)) + (await this.byPaper.deleteByPrefix(prefix));
  }

  /** Ids of every paper posted to `channel`. */
  async postedIds(channel: ChannelRef): Promise<Set<string>> {
    return new Set((await this.byPaper.entries(`${channelKey(channel)}|`)).map(([, p]) => p.paperId));
  }

  /** `postedIds` of several channels in one read. */
  async postedIdsOf(channels: ChannelRef[]): Promise<Set<string>[]> {
    const found = await this.byPaper.entriesMany(channels.map((channel) => `${channelKey(channel)}|`));
    return found.map((entries) => new Set(entries.map(([, p]) => p.paperId)));
  }
}
