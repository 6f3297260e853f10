/**
 * The console chat: the same `/papers` commands as Slack and Discord, typed in a terminal. Papers in replies
 * are numbered so `react 2 👍` (or `unreact 2 👍`) works on them. Also a `Platform`, so digests can post here;
 * it keeps an in-memory log of keyed digest posts, so a digest can read back what it posted in this process.
 * Replies in a thread (the papers of a thread-style digest) are printed indented under their summary.
 * A personal digest is "sent by direct message" here: printed under a header naming the person, and a reaction
 * to one of its papers is recorded with that direct message as its channel, like a button in a Slack DM.
 */
import { createInterface } from 'node:readline';
import { userInfo } from 'node:os';
import type { Readable, Writable } from 'node:stream';
import { CHANNEL_OWNER, handleCommand } from '../../commands/index.js';
import type { Core } from '../../src/core.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import { emojiFor, emojiHelp, primaryEmoji } from '../../src/feedback/emoji.js';
import type { Platform, PostedMessage, PostKey, PostOptions, SentPost } from '../../src/ports.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { plain, renderReply } from './render.js';

export const CONSOLE_CHANNEL: ChannelRef = { platform: 'console', workspace: 'local', channel: 'terminal' };

const LIKE = primaryEmoji('like');

const GREETING = [
  `Paperboy console. Type /papers help for the commands, "react N ${LIKE}" to rate paper N, "quit" to leave.`,
  'Try: /papers search low-rank adaptation',
].join('\n');

/** How far a reply in a thread is indented under its summary. */
const THREAD_INDENT = '    ';

/** The console's own hint under numbered papers: here, reacting means typing. */
const REACT_HINT = `Type "react N ${LIKE}" to rate paper N (${emojiHelp()}).`;

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  userName?: string;
}

export class ConsoleAdapter implements Platform {
  readonly name = 'console' as const;
  /** The numbered papers `react N` names, each with the channel it was shown in. */
  private listed: { paperId: string; channel: ChannelRef }[] = [];
  private readonly user: UserRef;
  private nextMessage = 1;
  /** Keyed digest posts of this process, as `runId|item` -> message. */
  private readonly keyedPosts = new Map<string, PostedMessage>();

  constructor(
    private readonly core: Core,
    private readonly options: ConsoleOptions,
  ) {
    this.user = { platform: 'console', workspace: 'local', user: options.userName ?? safeUserName() };
  }

  /** Read lines until the input ends or the user quits. */
  async run(): Promise<void> {
    this.write(GREETING);
    const lines = createInterface({ input: this.options.input, terminal: false });
    for await (const line of lines) {
      const text = line.trim();
      if (!text) continue;
      if (/^(quit|exit|\/quit)$/i.test(text)) break;
      this.write(await this.handleLine(text));
    }
    lines.close();
  }

  /** One line typed by the user, answered as text. Never throws. */
  async handleLine(text: string): Promise<string> {
    try {
      const react = /^(un)?react\s+(\S+)\s+(.+)$/i.exec(text);
      if (react) return await this.react(react[2], react[3], react[1] ? 'removed' : 'added');
      if (/^(un)?react\b/i.test(text)) return `Use "react N ${LIKE}" (or ${[...emojiFor('dislike'), ...emojiFor('like').slice(1)].join(', ')}) where N is the number of a listed paper; "unreact N ${LIKE}" takes it back.`;
      const command = text.replace(/^\/?papers\b/i, '').trim();
      const { reply } = await handleCommand({ core: this.core, channel: CONSOLE_CHANNEL, user: this.user, access: CHANNEL_OWNER }, command);
      return this.render(reply);
    } catch (error) {
      this.core.logger.error('console line failed', { error });
      return GENERIC_APOLOGY;
    }
  }

  /**
   * Digest posts append to the numbered list, so each posted paper can be reacted to; thread replies are indented,
   * and a DM gets a header.
   */
  async post(channel: ChannelRef, reply: Reply, options: PostOptions = {}): Promise<PostedMessage> {
    const first = this.listed.length + 1;
    this.listed.push(...reply.papers.map((r) => ({ paperId: r.paper.id, channel })));
    if (channel.direct) this.write(`-- direct message to ${plain(channel.channel.replace(/^@/, ''))} --`);
    const text = renderReply(reply, first);
    this.write(options.replyTo ? text.replace(/^/gm, THREAD_INDENT) : text);
    const posted = { messageId: `console-${this.nextMessage++}` };
    if (options.key) this.keyedPosts.set(keyText(options.key), posted);
    return posted;
  }

  /** The person's "direct messages": this terminal, under a header naming them. */
  async openDirect(user: UserRef): Promise<ChannelRef> {
    return { platform: 'console', workspace: user.workspace, channel: `@${user.user}`, direct: true };
  }

  /** The digest post made under `key` in this process (the terminal has no history to read back). */
  async findPosted(_channel: ChannelRef, sent: SentPost): Promise<PostedMessage | undefined> {
    return this.keyedPosts.get(keyText(sent.key));
  }

  /** A command's papers replace the numbered list: "react 2" means the second paper of the last answer. */
  private render(reply: Reply): string {
    if (reply.papers.length === 0) return renderReply(reply);
    this.listed = reply.papers.map((r) => ({ paperId: r.paper.id, channel: CONSOLE_CHANNEL }));
    return `${renderReply(reply)}\n${REACT_HINT}`;
  }

  private async react(numberText: string, emoji: string, action: 'added' | 'removed'): Promise<string> {
    const n = Number(numberText);
    const shown = Number.isInteger(n) ? this.listed[n - 1] : undefined;
    if (!shown) {
      return this.listed.length === 0
        ? 'There is no numbered paper yet: try /papers picks or /papers search <query> first.'
        : `"${plain(numberText).slice(0, 10)}" is not a listed paper number: use 1 to ${this.listed.length}.`;
    }
    const { paperId, channel } = shown;
    const outcome = await this.core.react({ user: this.user, channel, paperId, emoji: emoji.trim(), action });
    const title = this.core.paper(paperId)?.title ?? paperId;
    if (outcome.status === 'ignored') return `"${plain(emoji).slice(0, 20)}" carries no meaning for me. Use ${emojiHelp()}.`;
    if (outcome.status === 'removed') return `Taken back: your reaction to "${plain(title)}".`;
    if (outcome.status === 'unchanged') return `Nothing changed for "${plain(title)}".`;
    return outcome.sentiment === 'like' ? `Noted: more like "${plain(title)}".` : `Noted: fewer like "${plain(title)}".`;
  }

  private write(text: string): void {
    this.options.output.write(`${text}\n`);
  }
}

function keyText(key: PostKey): string {
  return `${key.runId}|${key.item}`;
}

function safeUserName(): string {
  try {
    return userInfo().username || 'you';
  } catch {
    return 'you';
  }
}
