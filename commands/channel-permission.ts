/**
 * Who may change a channel's settings, decided once for every platform. Platforms with a channel-manager
 * permission (Discord: Manage Channels) decide by it. Platforms without one (Slack) let anyone change an
 * unlocked channel; a locked one only workspace admins, owners and the channel's creator; and only admins and
 * owners lock or unlock. Adapters only gather the facts (`CommandContext.access`); the asker's role is asked
 * for only when the answer matters, so an unlocked channel costs no platform API call.
 */
import { UserError } from '../src/errors.js';
import { CHANNEL_OWNER, type ChannelAccess, type CommandContext } from './types.js';

const STILL_ALLOWED = 'You can still search, get picks, react, and see or delete your own data (`/papers me`, `/papers forget-me`).';

function accessOf(ctx: CommandContext): ChannelAccess {
  return ctx.access ?? CHANNEL_OWNER;
}

/**
 * Throws `UserError` unless the asker may change the channel's topics or digest with `/papers <commandName>`.
 * Reads the channel's lock first: on an unlocked channel without a platform permission it asks nothing more.
 */
export async function requireChannelChange(ctx: CommandContext, commandName: string): Promise<void> {
  const access = accessOf(ctx);
  if (access.kind === 'permission') {
    if (access.canManageChannel) return;
    throw new UserError(`Only members who can manage this channel may use \`/papers ${commandName}\`. ${STILL_ALLOWED}`);
  }
  const { locked } = await ctx.core.channelSettings(ctx.channel);
  if (!locked) return;
  const role = await access.role();
  if (role.admin || role.creator) return;
  throw new UserError(
    `This channel is locked: only workspace admins, owners and the person who created it may change its topics or digest (\`/papers ${commandName}\`). Ask one of them. ${STILL_ALLOWED}`,
  );
}

/**
 * Throws `UserError` unless the asker may lock or unlock the channel: workspace admins and owners, on
 * platforms without a channel-manager permission. Where the platform has one, the lock has no use and the
 * answer says what decides instead.
 */
export async function requireLockRight(ctx: CommandContext, commandName: 'lock' | 'unlock'): Promise<void> {
  const access = accessOf(ctx);
  if (access.kind === 'permission') {
    throw new UserError(
      "Here the platform's Manage Channels permission already decides who may change this channel's topics and digest, so there is nothing to lock or unlock: change who has that permission in the channel's settings.",
    );
  }
  const role = await access.role();
  if (role.admin) return;
  throw new UserError(`Only workspace admins and owners may use \`/papers ${commandName}\`. ${STILL_ALLOWED}`);
}
