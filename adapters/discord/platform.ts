/**
 * The core's `Platform` port on Discord: digests post here, one message per paper (the digest records the
 * message id -> paper map, so reactions find their paper), each with the 👍 👎 hints so people can answer with
 * one click. Discord's "gone or forbidden" errors become `ChannelUnavailableError`, so the
 * digest stops posting to that channel; rate limits are left to discord.js's REST queue. A channel outside the
 * ref's server (`ChannelRef.workspace`) is refused. A digest post carries a nonce derived from its key with
 * `enforce_nonce`, so a repeated send within minutes returns the first message; `findPosted` reads recent
 * messages back and matches the bot's own message by its rendered content (REST message objects do not carry
 * the nonce: it only comes back in the create response and gateway events). A reply to a digest's summary
 * (`PostOptions.replyTo`) goes into the thread started on the summary, or into the channel as a reply where
 * threads are not allowed (threads.ts), and is read back there.
 * the nonce: it only comes back in the create response and gateway events). A personal digest goes to the
 * person's DM channel (`openDirect`: `POST /users/@me/channels`), posted and read back the same way; a DM ref
 * must name a DM channel, as a server channel ref must name a channel of its server.
 */
import { createHash } from 'node:crypto';
import { ChannelType, DiscordAPIError, RESTJSONErrorCodes, Routes, type APIEmbed, type REST } from 'discord.js';
import { ChannelUnavailableError } from '../../src/errors.js';
import type { Logger, Platform, PostedMessage, PostKey, PostOptions, SentPost } from '../../src/ports.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { renderReply, type DiscordMessageBody } from './render.js';
import { DigestThreads, type ReplyTarget } from './threads.js';

/** Discord's limit on a nonce's length. */
const NONCE_MAX = 25;
/** Milliseconds from the Unix epoch to Discord's (2015-01-01), for turning a time into a snowflake. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
/** Most pages of 100 messages `findPosted` reads before it concludes a post is not there. */
const HISTORY_PAGES_MAX = 10;
/** Where a DM channel is, in the map of where channels are (server channels: their server id). */
const DIRECT = '@direct';

/** The subset of a REST message object `findPosted` reads. */
interface ListedMessage {
  id: string;
  author: { id: string };
  content: string;
  embeds: APIEmbed[];
}

/** Reactions added under each paper post, as hints; the bot's own reactions are not votes. */
export const DEFAULT_REACTION_HINTS = ['👍', '👎'];

/** Discord error codes meaning the bot cannot post to a channel until someone fixes it. */
const UNAVAILABLE_CODES = new Map<number, string>([
  [RESTJSONErrorCodes.UnknownChannel, 'the channel was deleted'],
  [RESTJSONErrorCodes.UnknownGuild, 'the bot is no longer in that server'],
  [RESTJSONErrorCodes.MissingAccess, 'the bot cannot see the channel'],
  [RESTJSONErrorCodes.MissingPermissions, 'the bot lacks a permission there (Send Messages, Embed Links)'],
  [RESTJSONErrorCodes.CannotSendMessagesToThisUser, 'the person does not accept direct messages from the bot'],
  [RESTJSONErrorCodes.UnknownUser, 'the person is unknown to Discord'],
]);

export interface DiscordPlatformDeps {
  rest: REST;
  logger: Logger;
  /** Emoji added under every paper post; [] for none. Default 👍 👎. */
  reactionHints?: string[];
}

/** Build the Discord `Platform`. */
export function createDiscordPlatform(deps: DiscordPlatformDeps): Platform {
  const hints = deps.reactionHints ?? DEFAULT_REACTION_HINTS;
  const threads = new DigestThreads(deps);
  /** Where each channel is: its server id, or `DIRECT` for a DM channel (read once per channel). */
  const placeOf = new Map<string, string | undefined>();
  let botUserId: string | undefined;

  /**
   * Refuse a channel outside the ref's server, a DM ref that names no DM channel (or the reverse), or a channel
   * Discord says is gone.
   */
  async function checkServer(channel: ChannelRef): Promise<void> {
    if (!placeOf.has(channel.channel)) {
      const found = (await deps.rest.get(Routes.channel(channel.channel))) as { guild_id?: string; type?: number };
      placeOf.set(channel.channel, found.type === ChannelType.DM ? DIRECT : found.guild_id);
    }
    if (placeOf.get(channel.channel) === (channel.direct ? DIRECT : channel.workspace)) return;
    throw new ChannelUnavailableError(`Discord channel ${channel.channel} is not in server ${channel.workspace}; not posting there.`, 'the channel is not in that server');
  }

  /** Run a REST call on a channel; Discord's "gone or forbidden" become `ChannelUnavailableError` (logged). */
  async function onChannel<T>(channel: ChannelRef, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      const failure = unavailableOr(error, channel);
      if (failure instanceof ChannelUnavailableError) deps.logger.warn('cannot post to a Discord channel', { channel: channel.channel, server: channel.workspace, reason: failure.reason });
      throw failure;
    }
  }

  return {
    name: 'discord',
    async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
      const nonce = options.key ? { nonce: nonceOf(options.key), enforce_nonce: true } : {};
      const body = { ...renderReply(reply), allowed_mentions: { parse: [] }, ...nonce };
      let target: ReplyTarget = { channelId: channel.channel };
      const send = async (to: ReplyTarget) => {
        target = to;
        const reference = to.messageReference ? { message_reference: to.messageReference } : {};
        return (await deps.rest.post(Routes.channelMessages(to.channelId), { body: { ...body, ...reference }, signal: options.signal })) as { id: string };
      };
      const message = await onChannel(channel, async () => {
        await checkServer(channel);
        if (!options.replyTo) return send(target);
        const summaryId = options.replyTo.messageId;
        try {
          return await send(await threads.replyTarget(channel, summaryId, options.signal));
        } catch (error) {
          const instead = threads.afterRefusal(channel, summaryId, error);
          if (!instead) throw error;
          return send(instead);
        }
      });
      if (reply.papers.length === 1) await addHints(deps, target.channelId, message.id, hints);
      return { messageId: message.id };
    },

    /** The person's DM channel with the bot (`POST /users/@me/channels`: the same channel every time). */
    async openDirect(user: UserRef): Promise<ChannelRef> {
      const person: ChannelRef = { platform: 'discord', workspace: user.workspace, channel: user.user, direct: true };
      const opened = await onChannel(person, async () => (await deps.rest.post(Routes.userChannels(), { body: { recipient_id: user.user } })) as { id: string });
      placeOf.set(opened.id, DIRECT);
      return { ...person, channel: opened.id };
    },

    async findPosted(channel: ChannelRef, sent: SentPost, since: Date): Promise<PostedMessage | undefined> {
      botUserId ??= ((await deps.rest.get(Routes.user())) as { id: string }).id;
      const wanted = renderReply(sent.reply);
      const own = (m: ListedMessage) => m.author.id === botUserId && sameMessage(m, wanted);
      return onChannel(channel, async () => {
        await checkServer(channel);
        const places = sent.replyTo ? await threads.readBackPlaces(channel, sent.replyTo.messageId) : [channel.channel];
        for (const place of places) {
          const found = await findMessage(deps.rest, place, since, own);
          if (found) return { messageId: found.id };
        }
        return undefined;
      });
    },
  };
}

/** The first message in `channelId` (a channel or thread) created at or after `since` that `wanted` accepts. */
async function findMessage(rest: REST, channelId: string, since: Date, wanted: (m: ListedMessage) => boolean): Promise<ListedMessage | undefined> {
  let after = snowflakeAt(since);
  for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
    const query = new URLSearchParams({ limit: '100', after });
    const messages = (await rest.get(Routes.channelMessages(channelId), { query })) as ListedMessage[];
    const found = messages.find(wanted);
    if (found || messages.length < 100) return found;
    after = messages.map((m) => BigInt(m.id)).reduce((a, b) => (a > b ? a : b)).toString();
  }
  return undefined;
}

/** The nonce of a digest post: a hash of its key, cut to Discord's 25 characters. */
export function nonceOf(key: PostKey): string {
  return createHash('sha256').update(`${key.runId}|${key.item}`).digest('base64url').slice(0, NONCE_MAX);
}

/** The smallest snowflake of a message created at or after `at`, for `after=` (which is exclusive, hence - 1). */
function snowflakeAt(at: Date): string {
  const ms = BigInt(Math.max(at.getTime(), Number(DISCORD_EPOCH_MS)));
  const id = ((ms - DISCORD_EPOCH_MS) << 22n) - 1n;
  return (id < 0n ? 0n : id).toString();
}

/** True when a listed message shows what `wanted` renders: the same header and the same embeds (title, link). */
function sameMessage(message: ListedMessage, wanted: DiscordMessageBody): boolean {
  if ((message.content ?? '').trim() !== (wanted.content ?? '').trim()) return false;
  if (message.embeds.length !== wanted.embeds.length) return false;
  return wanted.embeds.every((e, i) => message.embeds[i].title === e.title && message.embeds[i].url === e.url);
}

/** `ChannelUnavailableError` for Discord's "gone or forbidden" codes; the error itself otherwise. */
export function unavailableOr(error: unknown, channel: ChannelRef): unknown {
  if (error instanceof DiscordAPIError && typeof error.code === 'number') {
    const reason = UNAVAILABLE_CODES.get(error.code);
    if (reason) {
      return new ChannelUnavailableError(`Cannot post to Discord channel ${channel.channel} in server ${channel.workspace}: ${reason} (Discord error ${error.code}).`, reason);
    }
  }
  return error;
}

/**
 * Add the hint reactions under a message in `channelId` (a channel or a digest's thread); a failure here (no Add
 * Reactions permission) is logged, the post still counts.
 */
async function addHints(deps: DiscordPlatformDeps, channelId: string, messageId: string, hints: string[]): Promise<void> {
  for (const emoji of hints) {
    try {
      await deps.rest.put(Routes.channelMessageOwnReaction(channelId, messageId, encodeURIComponent(emoji)));
    } catch (error) {
      deps.logger.warn('could not add a reaction hint; give the bot Add Reactions and Read Message History', {
        channel: channelId,
        code: (error as { code?: unknown }).code,
      });
      return;
    }
  }
}
