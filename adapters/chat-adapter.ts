/**
 * The contract every chat adapter (Slack, Discord, the console, a future Matrix or Teams) fulfils, so the
 * composition root can start and stop them all the same way: is it enabled by this configuration, start it
 * from the core, configuration and logger, and get back the `Platform` digests post through and a `stop`.
 * A start failure the operator can fix is an `AdapterStartError` whose message names the variable to fix.
 */
import type { Config } from '../src/config.js';
import type { Core } from '../src/core.js';
import type { Logger, Platform } from '../src/ports.js';
import type { Store } from '../src/store/store.js';
import type { PlatformName } from '../src/types.js';

/** What every adapter is started with. */
export interface AdapterDeps {
  core: Core;
  /** The project's store, for what an adapter keeps of its own (Slack installations). */
  store: Store;
  /** The whole validated configuration; each adapter reads its own section (`config.slack`, `config.discord`). */
  config: Config;
  logger: Logger;
}

/** A running adapter. */
export interface StartedAdapter {
  /** The core's outward port on this platform: where digests post. */
  platform: Platform;
  /** Disconnect and release everything the adapter holds. Safe to call once after start. */
  stop(): Promise<void>;
  /** Whether the connection to the platform is up now (`/readyz`); an adapter without it is always ready. */
  isReady?(): boolean;
  /**
   * Only for an adapter that owns the foreground (the console chat): serve until the user leaves. The
   * composition root awaits it and then shuts the bot down; adapters without it run until a signal.
   */
  run?(): Promise<void>;
}

/** A chat platform the bot can speak: one of these per folder under `adapters/`, listed in the registry. */
export interface ChatAdapter<Started extends StartedAdapter = StartedAdapter> {
  /** The platform's name, as in channel keys (`slack:T123:C456`). */
  readonly name: PlatformName;
  /** True when the configuration asks for this adapter (its tokens are set). */
  enabled(config: Config): boolean;
  /** Connect and start answering. Throws `AdapterStartError` when the operator must fix something. */
  start(deps: AdapterDeps): Promise<Started>;
}

/**
 * An adapter cannot start with this configuration. The message is for the person running the bot: it says
 * what is wrong and what to do, naming the environment variable to fix when one is to blame.
 */
export class AdapterStartError extends Error {
  /** The adapter that failed; filled in by the registry when the adapter itself did not say. */
  adapter?: PlatformName;

  constructor(
    message: string,
    /** The environment variable to fix, when one is to blame (`SLACK_BOT_TOKEN`). */
    readonly variable?: string,
  ) {
    super(message);
    this.name = 'AdapterStartError';
  }
}
