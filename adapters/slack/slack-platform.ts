/**
 * The core's `Platform` port on Slack: how digests post. Each paper is its own message, so a reaction maps to
 * exactly one paper (the digest records the message `ts` -> paper mapping), and the bot adds 👍 and 👎 so voting
 * is one click. Rate limits are waited out; a channel that is gone, archived or without the bot is logged and
 * reported with `ChannelUnavailableError` (the digest then marks it and skips it until its settings change),
 * never a crash. Each post goes out with the token of the channel's own workspace (`ChannelRef.workspace` is the
 * team id), found by a resolver: the one bot token in single-workspace mode, the workspace's installation when
 * the app is distributed through OAuth. A digest post carries its key as Slack message metadata
 * (`paperboy_digest_post`, with the run and paper ids), and `findPosted` reads the channel's recent history
 * back with `include_all_metadata` to find it again after a crash. A reply in a thread (`PostOptions.replyTo`,
 * the papers of a thread-style digest) is posted with `thread_ts` and read back with `conversations.replies`;
 * reactions on it arrive as `reaction_added` with the reply's own `ts`, in the channel, like any other post.
 * A personal digest goes to the person's direct-message channel (`openDirect`: `conversations.open`) and is
 * posted and read back the same way.
 */
import type { webApi } from '@slack/bolt';
import { ChannelUnavailableError } from '../../src/errors.js';
import type { Logger, Platform, PostedMessage, PostKey, PostOptions, SentPost } from '../../src/ports.js';
import { channelKey, type ChannelRef, type Reply, type UserRef } from '../../src/types.js';
import { renderReply } from './blocks.js';
import { CHANNEL_UNAVAILABLE_ERRORS, DIRECT_UNAVAILABLE_ERRORS, realWait, slackErrorCode, withRateLimitRetry, type Wait } from './slack-errors.js';

/** The message metadata event type of digest posts. */
export const DIGEST_EVENT_TYPE = 'paperboy_digest_post';
/** Most history pages (200 messages each) `findPosted` reads before it concludes a post is not there. */
const HISTORY_PAGES_MAX = 10;

/** Reactions the bot adds under each posted paper (Slack short names). */
export const VOTE_REACTIONS = ['+1', '-1'];

/**
 * The Web API client holding the bot token of workspace `teamId`, or undefined when the bot has no token there
 * (another workspace than the single bot token's, or a workspace that is not installed).
 */
export type SlackClientResolver = (teamId: string) => Promise<webApi.WebClient | undefined>;

/** The resolver of single-workspace mode: `client` for `teamId`, nothing for any other workspace. */
export function singleWorkspaceClients(client: webApi.WebClient, teamId: string): SlackClientResolver {
  return async (team) => (team === teamId ? client : undefined);
}

export interface SlackPlatformOptions {
  /** Where skipped channels, failed vote reactions and rate-limit waits are logged. */
  logger: Logger;
  /** The client (token) to post with in a workspace; a workspace without one is refused. */
  clients: SlackClientResolver;
  wait?: Wait;
  /** Add `VOTE_REACTIONS` under each posted paper. Default true. */
  addVoteReactions?: boolean;
}

/** Posts digests to Slack channels, each with the bot token of the channel's workspace. */
export class SlackPlatform implements Platform {
  readonly name = 'slack' as const;
  private readonly wait: Wait;

  constructor(private readonly options: SlackPlatformOptions) {
    this.wait = options.wait ?? realWait;
  }

  /**
   * Post `reply` as one message. A reply with exactly one paper is recorded as that paper's post, so reactions
   * on it count. Throws `ChannelUnavailableError` when Slack says the channel cannot be posted to.
   */
  async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
    const client = await this.clientFor(channel);
    const message = renderReply(reply);
    const metadata = options.key ? { event_type: DIGEST_EVENT_TYPE, event_payload: { run_id: options.key.runId, paper_id: options.key.item } } : undefined;
    const thread = options.replyTo ? { thread_ts: options.replyTo.messageId } : {};
    let ts: string;
    try {
      const result = await this.call(
        'chat.postMessage',
        () => client.chat.postMessage({ channel: channel.channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false, ...thread, ...(metadata ? { metadata } : {}) }),
        options.signal,
      );
      if (!result.ts) throw new Error('chat.postMessage returned no ts');
      ts = result.ts;
    } catch (error) {
      throw await this.unavailableOr(channel, error);
    }
    if (reply.papers.length === 1 && this.options.addVoteReactions !== false) await this.addVoteReactions(client, channel, ts);
    return { messageId: ts };
  }

  /**
   * The message posted under `key` since `since`, read back from the channel's history, or from the thread of
   * `sent.replyTo` with `conversations.replies` (bounded by `oldest`, with `include_all_metadata`). A workspace
   * installed before the history scopes were added answers `missing_scope`: that is logged (reinstall the app)
   * and treated as "not there".
   */
  async findPosted(channel: ChannelRef, sent: SentPost, since: Date): Promise<PostedMessage | undefined> {
    const client = await this.clientFor(channel);
    const oldest = (since.getTime() / 1000).toFixed(6);
    const thread = sent.replyTo?.messageId;
    let cursor: string | undefined;
    try {
      for (let page = 0; page < HISTORY_PAGES_MAX; page++) {
        const query = { channel: channel.channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        const result = thread
          ? await this.call('conversations.replies', () => client.conversations.replies({ ...query, ts: thread }))
          : await this.call('conversations.history', () => client.conversations.history(query));
        const found = (result.messages ?? []).find((m) => isDigestPost(m.metadata, sent.key));
        if (found?.ts) return { messageId: found.ts };
        cursor = result.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    } catch (error) {
      if (slackErrorCode(error) !== 'missing_scope') throw await this.unavailableOr(channel, error);
      this.options.logger.warn('slack: cannot read the channel back (reinstall the app to grant channels:history, groups:history and im:history)', { channel: channelKey(channel) });
      return undefined;
    }
  }

  /**
   * The person's direct-message channel with the bot (`conversations.open`, which returns the same channel every
   * time). Throws `ChannelUnavailableError` when Slack will not open it (the person left or was deactivated, or
   * the workspace's install lacks `im:write`).
   */
  async openDirect(user: UserRef): Promise<ChannelRef> {
    const person: ChannelRef = { platform: user.platform, workspace: user.workspace, channel: user.user, direct: true };
    const client = await this.clientFor(person);
    try {
      const result = await this.call('conversations.open', () => client.conversations.open({ users: user.user }));
      if (!result.channel?.id) throw new Error('conversations.open returned no channel');
      return { ...person, channel: result.channel.id };
    } catch (error) {
      throw await this.unavailableOr(person, error);
    }
  }

  /** The client for the channel's workspace; `ChannelUnavailableError` for a workspace without a token. */
  private async clientFor(channel: ChannelRef): Promise<webApi.WebClient> {
    if (channel.platform !== 'slack') throw new Error(`The Slack adapter cannot post to a ${channel.platform} channel.`);
    const client = await this.options.clients(channel.workspace);
    if (!client) {
      throw new ChannelUnavailableError(`Channel ${channelKey(channel)} is in a Slack workspace the bot has no token for (${channel.workspace}).`, 'other_workspace');
    }
    return client;
  }

  /** A `ChannelUnavailableError` (logged) when Slack said the channel cannot be posted to; else `error`. */
  private async unavailableOr(channel: ChannelRef, error: unknown): Promise<unknown> {
    const code = slackErrorCode(error);
    if (!code || !(CHANNEL_UNAVAILABLE_ERRORS.has(code) || (channel.direct && DIRECT_UNAVAILABLE_ERRORS.has(code)))) return error;
    this.options.logger.warn('slack: stopped posting to a channel', { channel: channelKey(channel), reason: code });
    return new ChannelUnavailableError(`Slack cannot post to ${channelKey(channel)}: ${code}`, code);
  }

  /** Votes are a convenience: failing to add them is logged, never fatal for the post. */
  private async addVoteReactions(client: webApi.WebClient, channel: ChannelRef, ts: string): Promise<void> {
    for (const name of VOTE_REACTIONS) {
      try {
        await this.call('reactions.add', () => client.reactions.add({ channel: channel.channel, timestamp: ts, name }));
      } catch (error) {
        this.options.logger.warn('slack: could not add a vote reaction', { channel: channelKey(channel), name, error: slackErrorCode(error) ?? String(error) });
      }
    }
  }

  /** Call with rate limits waited out; once `signal` is aborted no further attempt is made. */
  private call<T>(what: string, call: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const attempt = () => {
      signal?.throwIfAborted();
      return call();
    };
    return withRateLimitRetry(attempt, { wait: this.wait, logger: this.options.logger, what });
  }
}

/** True when message metadata marks the digest post `key`. */
function isDigestPost(metadata: { event_type?: string; event_payload?: Record<string, unknown> } | undefined, key: PostKey): boolean {
  return metadata?.event_type === DIGEST_EVENT_TYPE && metadata.event_payload?.run_id === key.runId && metadata.event_payload?.paper_id === key.item;
}
