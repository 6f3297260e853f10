/**
 * Who a Slack user is to a channel, for the shared lock rule (commands/channel-permission.ts). Slack has no
 * channel-manager permission, so the facts are a workspace role (`users.info`: admin, owner, primary owner)
 * and the channel's creator (`conversations.info`). They are fetched only when the rule asks (a change to a
 * locked channel, a lock or unlock), with the client of the command's own workspace, and kept for a short
 * while so a burst of commands costs one lookup. When Slack cannot tell, the answer says so and nothing changes.
 */
import type { AllMiddlewareArgs } from '@slack/bolt';
import type { ChannelAccess, ChannelRole } from '../../commands/index.js';
import { UserError } from '../../src/errors.js';
import type { Logger } from '../../src/ports.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { slackErrorCode, withRateLimitRetry, type Wait } from './slack-errors.js';

/** How long a looked-up role or channel creator is trusted, in milliseconds. */
export const ROLE_CACHE_MS = 60_000;
/** Entries kept at most; expired ones are dropped first, then the oldest. */
const MAX_CACHE_ENTRIES = 1000;

/** The answer when Slack could not say who the asker is. */
export const PERMISSION_CHECK_FAILED = "I couldn't check your permissions; try again.";

type SlackClient = AllMiddlewareArgs['client'];

export interface SlackAccessOptions {
  logger: Logger;
  wait: Wait;
  /** Milliseconds a fact stays cached. Default `ROLE_CACHE_MS`. */
  cacheMs?: number;
}

/** Builds each command's `ChannelAccess` from the Slack facts, sharing one short cache. */
export class SlackChannelAccess {
  private readonly cache = new Map<string, { value: boolean | string; expires: number }>();

  constructor(private readonly options: SlackAccessOptions) {}

  /** The access for `user` in `channel`; Slack is asked only if the rule calls `role()`. */
  accessFor(client: SlackClient, channel: ChannelRef, user: UserRef): ChannelAccess {
    return { kind: 'role', role: () => this.roleOf(client, channel, user) };
  }

  /** Workspace admin or owner, else whether the user created the channel. Throws `UserError` when Slack fails. */
  async roleOf(client: SlackClient, channel: ChannelRef, user: UserRef): Promise<ChannelRole> {
    const admin = await this.cached(`admin:${user.workspace}:${user.user}`, 'users.info', async () => {
      const { user: info } = await client.users.info({ user: user.user });
      return Boolean(info?.is_admin || info?.is_owner || info?.is_primary_owner);
    });
    if (admin) return { admin: true, creator: false };
    const creator = await this.cached(`creator:${channel.workspace}:${channel.channel}`, 'conversations.info', async () => {
      const { channel: info } = await client.conversations.info({ channel: channel.channel });
      return info?.creator ?? '';
    });
    return { admin: false, creator: creator === user.user };
  }

  private async cached<T extends boolean | string>(key: string, method: string, lookUp: () => Promise<T>): Promise<T> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.expires > now) return hit.value as T;
    let value: T;
    try {
      value = await withRateLimitRetry(lookUp, { wait: this.options.wait, logger: this.options.logger, what: method });
    } catch (error) {
      this.options.logger.warn('slack: could not check permissions', { method, key, reason: slackErrorCode(error) ?? String(error) });
      throw new UserError(PERMISSION_CHECK_FAILED);
    }
    this.remember(key, value, now);
    return value;
  }

  private remember(key: string, value: boolean | string, now: number): void {
    this.cache.delete(key);
    if (this.cache.size >= MAX_CACHE_ENTRIES) {
      for (const [k, entry] of this.cache) if (entry.expires <= now) this.cache.delete(k);
      if (this.cache.size >= MAX_CACHE_ENTRIES) this.cache.delete(this.cache.keys().next().value!);
    }
    this.cache.set(key, { value, expires: now + (this.options.cacheMs ?? ROLE_CACHE_MS) });
  }
}
