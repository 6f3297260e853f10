/**
 * The `/papers` command table, shared by every platform: lookup, the permission check, help generated from
 * the table, and `handleCommand`, the one place where a command's failure becomes a reply.
 */
import { describeFailure, UserError } from '../src/errors.js';
import { emojiHelp } from '../src/feedback/emoji.js';
import type { Reply } from '../src/types.js';
import { clean, firstWord, quote } from './args.js';
import { requireChannelChange } from './channel-permission.js';
import digest from './digest.js';
import follow from './follow.js';
import forgetMe from './forget-me.js';
import interests from './interests.js';
import { lock, unlock } from './lock.js';
import me from './me.js';
import picks from './picks.js';
import search from './search.js';
import { defineCommand, textReply, type Command, type CommandContext } from './types.js';
import unfollow from './unfollow.js';

export type { ChannelAccess, ChannelRole, Command, CommandContext, CommandOption } from './types.js';
export { CHANNEL_OWNER } from './types.js';

/** Longest command text accepted before parsing, in characters. */
export const MAX_COMMAND_LENGTH = 2000;

const help = defineCommand<string | undefined>({
  name: 'help',
  summary: 'List the commands, or explain one',
  usage: '[command]',
  examples: ['help', 'help digest'],
  options: [{ name: 'command', description: 'A command to explain', required: false }],
  changesChannel: false,
  parse: (args) => clean(args).toLowerCase() || undefined,
  async run(_ctx, name) {
    if (name) {
      const command = findCommand(name);
      if (!command) throw new UserError(`There is no command "${quote(name, 30)}". ${listHint()}`);
      return textReply('private', [`/papers ${command.name} ${command.usage}`.trim(), command.summary, ...command.examples.map((e) => `Example: /papers ${e}`)]);
    }
    return textReply('private', [...COMMANDS.map((c) => `/papers ${c.name} ${c.usage}`.trim() + ` — ${c.summary}`), `React to posted papers with ${emojiHelp()}.`], 'Paperboy commands');
  },
});

/** Every subcommand, in the order help lists them. */
export const COMMANDS: Command<any>[] = [search, follow, unfollow, interests, picks, digest, me, forgetMe, lock, unlock, help];

/** The table's command called `name` (case-insensitive). */
export function findCommand(name: string): Command<any> | undefined {
  return COMMANDS.find((c) => c.name === name.toLowerCase());
}

function listHint(): string {
  return `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Try \`/papers help\`.`;
}

/** Whether `command`, run with `args` (parsed), changes the channel's topics or digest. */
function changesChannelWith(command: Command<any>, args: unknown): boolean {
  return typeof command.changesChannel === 'function' ? command.changesChannel(args) : command.changesChannel;
}

/**
 * Whether a command line (the text after `/papers`) would change the channel's topics or digest: for adapters
 * that must guess a reply's visibility before it exists (Discord's deferral). False for text that does not parse.
 */
export function commandChangesChannel(text: string): boolean {
  const [name, args] = firstWord(text);
  const command = name ? findCommand(name) : undefined;
  if (!command) return false;
  try {
    return changesChannelWith(command, command.parse(args));
  } catch {
    return false;
  }
}

/** What `handleCommand` ran and what it answered. */
export interface CommandOutcome {
  reply: Reply;
  /** The command the text named, when it named one from the table. */
  command?: Command<any>;
  /** True when a channel-changing command succeeded, visibly: the channel's topics or digest changed. */
  changedChannel: boolean;
}

/** The command a line named, and whether what ran changed the channel's topics or digest. */
interface Ran {
  command?: Command<any>;
  changesChannel: boolean;
}

/** Parse and run one command line (the text after `/papers`). Throws `UserError` for bad input. */
export async function runCommand(ctx: CommandContext, text: string): Promise<Reply> {
  return runNamed(ctx, text, { changesChannel: false });
}

/**
 * `runCommand`, recording in `ran` which command the text named as soon as it is known and whether, with its
 * parsed arguments, it changes the channel. A change is checked against the channel's permission rule first.
 */
async function runNamed(ctx: CommandContext, text: string, ran: Ran): Promise<Reply> {
  if (text.length > MAX_COMMAND_LENGTH) {
    throw new UserError(`That command is ${text.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_COMMAND_LENGTH}.`);
  }
  const [name, args] = firstWord(text);
  if (!name) return help.run(ctx, undefined);
  const command = findCommand(name);
  if (!command) throw new UserError(`I don't know "${quote(name, 30)}". ${listHint()}`);
  ran.command = command;
  const parsed = command.parse(args);
  ran.changesChannel = changesChannelWith(command, parsed);
  if (ran.changesChannel) await requireChannelChange(ctx, command.name);
  return command.run(ctx, parsed);
}

/**
 * Run a command and always return a reply: a `UserError` becomes its message, anything else is logged with
 * its stack and becomes a short apology. Adapters call this from their single entry point; the outcome says
 * which command ran, so they need no lookup of their own.
 */
export async function handleCommand(ctx: CommandContext, text: string): Promise<CommandOutcome> {
  const ran: Ran = { changesChannel: false };
  try {
    await ctx.core.noteChannelUse(ctx.user, ctx.channel);
    const reply = await runNamed(ctx, text, ran);
    return { reply, command: ran.command, changedChannel: ran.changesChannel && reply.visibility === 'channel' && !reply.isError };
  } catch (error) {
    if (!(error instanceof UserError)) {
      ctx.core.logger.error('command failed', { command: text.slice(0, 200), channel: ctx.channel, error });
    }
    return { reply: { visibility: 'private', lines: [describeFailure(error)], papers: [], isError: true }, command: ran.command, changedChannel: false };
  }
}
