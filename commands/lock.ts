/**
 * `/papers lock` and `/papers unlock`: on platforms without a channel-manager permission (Slack), a workspace
 * admin or owner locks a channel so only admins, owners and the channel's creator change its topics and digest,
 * and unlocks it again. Who may lock is decided in channel-permission.ts.
 */
import { UserError } from '../src/errors.js';
import { clean } from './args.js';
import { requireLockRight } from './channel-permission.js';
import { defineCommand, textReply, type CommandContext } from './types.js';

function parseNoArguments(name: string): (args: string) => undefined {
  return (args) => {
    if (clean(args)) throw new UserError(`\`/papers ${name}\` takes no arguments; it acts on this channel.`);
    return undefined;
  };
}

async function setLocked(ctx: CommandContext, name: 'lock' | 'unlock'): Promise<{ changed: boolean }> {
  await requireLockRight(ctx, name);
  return ctx.core.setChannelLocked(ctx.channel, name === 'lock');
}

/** `/papers lock`: only admins, owners and the channel's creator change this channel's topics and digest. */
export const lock = defineCommand<undefined>({
  name: 'lock',
  summary: "Let only workspace admins, owners and the channel's creator change its topics and digest (admins only)",
  usage: '',
  examples: ['lock'],
  options: [],
  changesChannel: false,
  parse: parseNoArguments('lock'),
  async run(ctx) {
    const { changed } = await setLocked(ctx, 'lock');
    if (!changed) return textReply('private', ['This channel is already locked. `/papers unlock` lets everyone change it again.']);
    return textReply('channel', [
      "🔒 This channel is locked: from now on only workspace admins, owners and the channel's creator can change its topics and digest.",
      'Everyone can still search, get picks and react.',
    ]);
  },
});

/** `/papers unlock`: everyone in the channel may change its topics and digest again. */
export const unlock = defineCommand<undefined>({
  name: 'unlock',
  summary: 'Let everyone change the channel\'s topics and digest again (admins only)',
  usage: '',
  examples: ['unlock'],
  options: [],
  changesChannel: false,
  parse: parseNoArguments('unlock'),
  async run(ctx) {
    const { changed } = await setLocked(ctx, 'unlock');
    if (!changed) return textReply('private', ['This channel is not locked: everyone in it may change its topics and digest.']);
    return textReply('channel', ['🔓 This channel is unlocked: everyone in it can change its topics and digest again.']);
  },
});
