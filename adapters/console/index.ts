/**
 * The console chat as a chat adapter: the registry's fallback when no chat platform is configured, so
 * `npm start` with no tokens opens a terminal chat on the bundled papers. It owns the foreground: its `run`
 * reads stdin until the user quits, and the composition root then shuts the bot down.
 */
import type { ChatAdapter, StartedAdapter } from '../chat-adapter.js';
import { ConsoleAdapter, type ConsoleOptions } from './console-adapter.js';

/** A started console chat; `run` serves until the input ends or the user types `quit`. */
export interface StartedConsole extends StartedAdapter {
  platform: ConsoleAdapter;
  run(): Promise<void>;
}

/**
 * The console chat adapter over the given streams (read when it starts). Default: the process's stdin and
 * stdout. Always enabled: it needs no tokens.
 */
export function createConsoleChatAdapter(io: () => ConsoleOptions = processStreams): ChatAdapter<StartedConsole> {
  return {
    name: 'console',
    enabled: () => true,
    async start({ core }) {
      const chat = new ConsoleAdapter(core, io());
      return { platform: chat, run: () => chat.run(), stop: async () => undefined };
    },
  };
}

/** The console chat on stdin and stdout: the registry's fallback. */
export const consoleAdapter = createConsoleChatAdapter();

function processStreams(): ConsoleOptions {
  return { input: process.stdin, output: process.stdout };
}
