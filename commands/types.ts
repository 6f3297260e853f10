/**
 * The shape of a `/papers` subcommand. Each one parses its argument text and runs against the core, returning
 * the neutral reply model; none touches a platform API.
 */
import type { Core } from '../src/core.js';
import type { ChannelRef, Reply, UserRef } from '../src/types.js';

export interface CommandContext {
  core: Core;
  channel: ChannelRef;
  user: UserRef;
  /** Whether the asker may change this channel's settings (Discord: Manage Channels). Default true. */
  canManageChannel?: boolean;
}

/** One typed option, so platforms with structured commands (Discord) can offer fields. */
export interface CommandOption {
  name: string;
  description: string;
  required: boolean;
  choices?: string[];
  /**
   * The value's type where platforms type their options (Discord). Default `string`. An `integer` is written
   * as digits in the command text, a `boolean` as `on` or `off`.
   */
  type?: 'string' | 'integer' | 'boolean';
  /** Smallest value of an `integer` option. */
  minValue?: number;
  /** Largest value of an `integer` option. */
  maxValue?: number;
  /**
   * Autocomplete suggestions platforms may offer: IANA timezones, the channel's own topics, or known arXiv
   * categories (src/sources/arxiv-categories.ts).
   */
  suggest?: 'timezone' | 'topic' | 'category';
  /** When set, the value is written after this word in the command text (`size 3`); otherwise it stands alone. */
  keyword?: string;
}

export interface Command<Args = unknown> {
  name: string;
  /** One line for help. */
  summary: string;
  /** Argument syntax after the name: `<query>`. */
  usage: string;
  examples: string[];
  options: CommandOption[];
  /** Changes channel settings: needs `canManageChannel`. */
  changesChannel: boolean;
  /** Parse the argument text; throws `UserError` with a helpful message when it is wrong. */
  parse(args: string): Args;
  run(ctx: CommandContext, args: Args): Promise<Reply>;
}

/** Helper so each command file keeps its argument type. */
export function defineCommand<Args>(command: Command<Args>): Command<Args> {
  return command;
}

/** A reply with only text. */
export function textReply(visibility: Reply['visibility'], lines: string[], title?: string): Reply {
  return { visibility, title, lines, papers: [] };
}
