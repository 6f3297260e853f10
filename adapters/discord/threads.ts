/**
 * Where the replies of a thread-style digest go on Discord: into a thread started on the summary message
 * (`POST /channels/:id/messages/:mid/threads`; such a thread has the message's own id, so a restarted bot finds
 * it again, and Discord answers 160004 when it already exists). Where the bot may not start threads (no Create
 * Public Threads permission, or a channel type without threads) or may not post in them (no Send Messages in
 * Threads), the papers are posted in the channel as replies to the summary instead, with a log line saying which
 * permissions to grant. Reading back after a crash looks in
 * the thread when there is one, else in the channel.
 */
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from 'discord.js';
import type { Logger } from '../../src/ports.js';
import type { ChannelRef } from '../../src/types.js';

/** The name of a digest's thread (Discord requires one; at most 100 characters). */
export const DIGEST_THREAD_NAME = 'Weekly digest papers';
/** Threads of digests archive after a week without messages (Discord's longest auto-archive, in minutes). */
const AUTO_ARCHIVE_MINUTES = 10080;
/** Thread-start refusals that mean "not here": post in the channel as replies instead. */
const NO_THREADS_HERE = new Set<number>([RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType]);
/** Refusals of a post in the thread that mean "not in threads": post in the channel as replies instead. */
const NO_POSTS_IN_THREAD = new Set<number>([RESTJSONErrorCodes.MissingPermissions, RESTJSONErrorCodes.MissingAccess]);

/** Where one reply goes: a channel or thread id, and for the channel fallback, the reference to the summary. */
export interface ReplyTarget {
  channelId: string;
  messageReference?: { message_id: string; fail_if_not_exists: false };
}

/** Finds (and remembers, per summary message) where the replies to a summary go. */
export class DigestThreads {
  private readonly targets = new Map<string, ReplyTarget>();

  constructor(private readonly deps: { rest: REST; logger: Logger }) {}

  /** Where a reply to `summaryId` in `channel` goes: its thread (started now if needed), or the channel as a reply. */
  async replyTarget(channel: ChannelRef, summaryId: string, signal?: AbortSignal): Promise<ReplyTarget> {
    const known = this.targets.get(summaryId);
    if (known) return known;
    const target = await this.startThread(channel, summaryId, signal);
    this.targets.set(summaryId, target);
    return target;
  }

  /**
   * After a post to `summaryId`'s thread failed with `error`: the channel fallback when Discord refused the post
   * for a missing permission (nothing was posted, so sending it there is safe), else undefined.
   */
  afterRefusal(channel: ChannelRef, summaryId: string, error: unknown): ReplyTarget | undefined {
    const refused = this.targets.get(summaryId);
    if (!refused || refused.channelId === channel.channel || !(error instanceof DiscordAPIError) || !NO_POSTS_IN_THREAD.has(error.code as number)) return undefined;
    return this.fallBack(channel, summaryId, error.code as number);
  }

  /**
   * Where replies to `summaryId` may be, to read back after a crash: its thread when it exists (asked of Discord,
   * as an earlier process may have started it), then the channel (the fallback), in that order.
   */
  async readBackPlaces(channel: ChannelRef, summaryId: string): Promise<string[]> {
    try {
      const found = (await this.deps.rest.get(Routes.channel(summaryId))) as { parent_id?: string };
      return found.parent_id === channel.channel ? [summaryId, channel.channel] : [channel.channel];
    } catch (error) {
      if (error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownChannel) return [channel.channel];
      throw error;
    }
  }

  private async startThread(channel: ChannelRef, summaryId: string, signal?: AbortSignal): Promise<ReplyTarget> {
    try {
      const body = { name: DIGEST_THREAD_NAME, auto_archive_duration: AUTO_ARCHIVE_MINUTES };
      const thread = (await this.deps.rest.post(Routes.threads(channel.channel, summaryId), { body, signal })) as { id: string };
      return { channelId: thread.id };
    } catch (error) {
      if (!(error instanceof DiscordAPIError) || typeof error.code !== 'number') throw error;
      if (error.code === RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage) return { channelId: summaryId };
      if (!NO_THREADS_HERE.has(error.code)) throw error;
      return this.fallBack(channel, summaryId, error.code);
    }
  }

  /** From now on, replies to `summaryId` go to the channel as replies to it; logged once per summary. */
  private fallBack(channel: ChannelRef, summaryId: string, code: number): ReplyTarget {
    this.deps.logger.warn('discord: cannot use a digest thread here (give the bot Create Public Threads and Send Messages in Threads); posting the papers as replies in the channel', {
      channel: channel.channel,
      server: channel.workspace,
      code,
    });
    const target: ReplyTarget = { channelId: channel.channel, messageReference: { message_id: summaryId, fail_if_not_exists: false } };
    this.targets.set(summaryId, target);
    return target;
  }
}
