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
  /** What the asker is to this channel, as the platform knows it. Default `CHANNEL_OWNER` (the console's local user). */
  access?: ChannelAccess;
}

/** Who the asker is to a channel: a workspace admin or owner, and whether they created the channel. */
export interface ChannelRole {
  admin: boolean;
  creator: boolean;
}

/**
 * How a platform says who may change a channel's settings. `permission`: the platform has a channel-manager
 * permission of its own (Discord: Manage Channels) and it alone decides. `role`: it has none (Slack), so anyone
 * changes an unlocked channel and only admins and the channel's creator a locked one; `role` is asked only when
 * the answer matters (it may call the platform's API) and throws `UserError` when it cannot find out.
 */
export type ChannelAccess = { kind: 'permission'; canManageChannel: boolean } | { kind: 'role'; role: () => Promise<ChannelRole> };

/** The asker owns the channel and the workspace: the console's local user, benchmarks. */
export const CHANNEL_OWNER: ChannelAccess = { kind: 'role', role: async () => ({ admin: true, creator: true }) };

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
   * Autocomplete suggestions platforms may offer: IANA timezones; `topic`: the channel's own topics (and its own
   * categories once `category:` is typed); `category`: known arXiv categories (src/sources/arxiv-categories.ts)
   * for a `category:` filter typed at the end of the text, nothing otherwise (the text stays free).
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
  /**
   * Whether running it with these arguments changes the channel's topics or digest, and so needs permission
   * (`commands/channel-permission.ts`): a fixed answer, or one that depends on the parsed arguments
   * (`/papers digest` shows the schedule to anyone; `/papers digest off` changes it).
   */
  changesChannel: boolean | ((args: Args) => boolean);
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
