/**
 * The chat adapters Paperboy can run, and how the composition root starts and stops them together.
 *
 * Adding a platform (Matrix, Teams, ...) is one folder under `adapters/` whose `index.ts` exports a
 * `ChatAdapter` (see `chat-adapter.ts`), its name in `PlatformName` and its settings in `src/config.ts`, plus
 * one line in `CHAT_ADAPTERS` below; `main.ts` does not change. Every enabled adapter runs at once; when none
 * is enabled the console chat runs instead.
 */
import type { Logger } from '../src/ports.js';
import { AdapterStartError, type AdapterDeps, type ChatAdapter, type StartedAdapter } from './chat-adapter.js';
import { consoleAdapter } from './console/index.js';
import { discordAdapter } from './discord/index.js';
import { slackAdapter } from './slack/index.js';

/** Every chat platform, in start order (they stop in the reverse order). */
export const CHAT_ADAPTERS: readonly ChatAdapter[] = [slackAdapter, discordAdapter];

/** What runs when the configuration enables no chat platform: the terminal chat. */
export const FALLBACK_ADAPTER: ChatAdapter = consoleAdapter;

/** A started adapter that owns the foreground (the console chat): the bot ends when its `run` resolves. */
export type ForegroundAdapter = StartedAdapter & { run(): Promise<void> };

/**
 * The adapters `config` enables, in registry order; `[fallback]` when it enables none.
 * `registry` and `fallback` default to `CHAT_ADAPTERS` and `FALLBACK_ADAPTER` (tests pass their own).
 */
export function enabledAdapters(
  config: AdapterDeps['config'],
  registry: readonly ChatAdapter[] = CHAT_ADAPTERS,
  fallback: ChatAdapter = FALLBACK_ADAPTER,
): ChatAdapter[] {
  const enabled = registry.filter((adapter) => adapter.enabled(config));
  return enabled.length > 0 ? enabled : [fallback];
}

/**
 * Start `adapters` one after another, in order. When one fails, those already started are stopped (in
 * reverse order) and the error is rethrown; an `AdapterStartError` is first labelled with the failing
 * adapter's name, for `startFailureMessage`.
 */
export async function startAdapters(adapters: readonly ChatAdapter[], deps: AdapterDeps): Promise<StartedAdapter[]> {
  const started: StartedAdapter[] = [];
  for (const adapter of adapters) {
    try {
      started.push(await adapter.start(deps));
    } catch (error) {
      if (error instanceof AdapterStartError) error.adapter ??= adapter.name;
      await stopAdapters(started, deps.logger);
      throw error;
    }
  }
  return started;
}

/** Stop `started` adapters in the reverse order of their start. A failing stop is logged; the rest still stop. */
export async function stopAdapters(started: readonly StartedAdapter[], logger: Logger): Promise<void> {
  for (const adapter of [...started].reverse()) {
    await adapter.stop().catch((error: unknown) => logger.error('stopping an adapter failed', { platform: adapter.platform.name, error }));
  }
}

/** The first started adapter that owns the foreground (has `run`), if any. */
export function foregroundAdapter(started: readonly StartedAdapter[]): ForegroundAdapter | undefined {
  return started.find((adapter): adapter is ForegroundAdapter => adapter.run !== undefined);
}

/** The line printed before exiting on a start failure: `Slack could not start: <what to fix>`. */
export function startFailureMessage(error: AdapterStartError): string {
  const name = error.adapter ? `${error.adapter[0].toUpperCase()}${error.adapter.slice(1)}` : 'A chat adapter';
  return `${name} could not start: ${error.message}`;
}
