/**
 * The `/papers` command table, shared by every platform: lookup, the permission check, help generated from
 * the table, and `handleCommand`, the one place where a command's failure becomes a reply.
 */
import { describeFailure, UserError } from '../src/errors.js';
import { emojiHelp } from '../src/feedback/emoji.js';
import type { Reply } from '../src/types.js';
import { clean, firstWord, quote } from './args.js';
import digest from './digest.js';
import follow from './follow.js';
import forgetMe from './forget-me.js';
import interests from './interests.js';
import me from './me.js';
import picks from './picks.js';
import search from './search.js';
import { defineCommand, textReply, type Command, type CommandContext } from './types.js';
import unfollow from './unfollow.js';

export type { Command, CommandContext, CommandOption } from './types.js';

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
export const COMMANDS: Command<any>[] = [search, follow, unfollow, interests, picks, digest, me, forgetMe, help];

/** The table's command called `name` (case-insensitive). */
export function findCommand(name: string): Command<any> | undefined {
  return COMMANDS.find((c) => c.name === name.toLowerCase());
}

function listHint(): string {
  return `Commands: ${COMMANDS.map((c) => c.name).join(', ')}. Try \`/papers help\`.`;
}

/** What `handleCommand` ran and what it answered. */
export interface CommandOutcome {
  reply: Reply;
  /** The command the text named, when it named one from the table. */
  command?: Command<any>;
  /** True when a channel-changing command succeeded, visibly: the channel's settings changed. */
  changedChannel: boolean;
}

/** Parse and run one command line (the text after `/papers`). Throws `UserError` for bad input. */
export async function runCommand(ctx: CommandContext, text: string): Promise<Reply> {
  return runNamed(ctx, text, () => undefined);
}

/** `runCommand`, telling `found` which command the text named as soon as it is known (before it runs). */
async function runNamed(ctx: CommandContext, text: string, found: (command: Command<any>) => void): Promise<Reply> {
  if (text.length > MAX_COMMAND_LENGTH) {
    throw new UserError(`That command is ${text.length.toLocaleString('en-US')} characters long; please keep it under ${MAX_COMMAND_LENGTH}.`);
  }
  const [name, args] = firstWord(text);
  if (!name) return help.run(ctx, undefined);
  const command = findCommand(name);
  if (!command) throw new UserError(`I don't know "${quote(name, 30)}". ${listHint()}`);
  found(command);
  if (command.changesChannel && ctx.canManageChannel === false) {
    throw new UserError(`Only members who can manage this channel may use \`/papers ${command.name}\`. You can still search, get picks and react.`);
  }
  return command.run(ctx, command.parse(args));
}

/**
 * Run a command and always return a reply: a `UserError` becomes its message, anything else is logged with
 * its stack and becomes a short apology. Adapters call this from their single entry point; the outcome says
 * which command ran, so they need no lookup of their own.
 */
export async function handleCommand(ctx: CommandContext, text: string): Promise<CommandOutcome> {
  let command: Command<any> | undefined;
  try {
    const reply = await runNamed(ctx, text, (c) => (command = c));
    return { reply, command, changedChannel: Boolean(command?.changesChannel) && reply.visibility === 'channel' && !reply.isError };
  } catch (error) {
    if (!(error instanceof UserError)) {
      ctx.core.logger.error('command failed', { command: text.slice(0, 200), channel: ctx.channel, error });
    }
    return { reply: { visibility: 'private', lines: [describeFailure(error)], papers: [], isError: true }, command, changedChannel: false };
  }
}
