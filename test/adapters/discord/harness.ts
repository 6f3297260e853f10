/**
 * One Discord test setup: a real core on sqlite, the fake Discord, and the adapter's real discord.js client
 * logged in to it. Reaction results are collected so tests can wait for them instead of sleeping. Several
 * harnesses can share one running fake (`server`): several instances of the bot, each on its own shards.
 */
import { startDiscord, type DiscordAdapter, type ReactionResult, type StartDiscordOptions } from '../../../adapters/discord/index.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { FakeDiscord, GOOD_TOKEN, type FakeDiscordOptions } from './fake-discord.js';
import { APPLICATION_ID } from './fake-payloads.js';

export interface DiscordHarness {
  fake: FakeDiscord;
  fixture: CoreFixture;
  adapter: DiscordAdapter;
  reactions: ReactionResult[];
  /** Ids of the interactions this adapter answered or failed, in order. */
  interactions: string[];
  /** Resolve once `count` reaction events have been handled in total. */
  reactionsHandled(count: number): Promise<ReactionResult[]>;
  /** Resolve once the interaction was answered (true) or failed (false). */
  interactionHandled(interactionId: string): Promise<boolean>;
  /** Resolve with the first log line (past or future) that matches. */
  waitForLog(pattern: RegExp): Promise<string>;
  /** Stop the client and start a new one on the same store (a bot restart). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

type AdapterOptions = Partial<Omit<StartDiscordOptions, 'core' | 'logger' | 'onReactionHandled' | 'onInteractionHandled'>>;

export interface HarnessOptions {
  adapter?: AdapterOptions;
  /** Options for the fake this harness starts; ignored with `server`. */
  fake?: FakeDiscordOptions;
  /** A running fake to log in to, shared with other harnesses; `close()` leaves it running. */
  server?: FakeDiscord;
  fixture?: CoreFixture;
}

export async function startHarness(options: HarnessOptions = {}): Promise<DiscordHarness> {
  const fake = options.server ?? (await FakeDiscord.start(options.fake));
  const fixture = options.fixture ?? (await createCoreFixture());
  const reactions: ReactionResult[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const onReactionHandled = (result: ReactionResult) => {
    reactions.push(result);
    for (const waiter of waiters.filter((w) => reactions.length >= w.count)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const interactions: string[] = [];
  const handledInteractions = new Map<string, boolean>();
  const interactionWaiters = new Map<string, (ok: boolean) => void>();
  const onInteractionHandled = ({ interactionId, ok }: { interactionId: string; ok: boolean }) => {
    interactions.push(interactionId);
    handledInteractions.set(interactionId, ok);
    interactionWaiters.get(interactionId)?.(ok);
  };
  const logWaiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const notify = (write: (m: string, f?: Record<string, unknown>) => void) => (message: string, fields?: Record<string, unknown>) => {
    write(message, fields);
    const line = fixture.logger.lines[fixture.logger.lines.length - 1];
    for (const waiter of logWaiters.filter((w) => w.pattern.test(line))) {
      logWaiters.splice(logWaiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  };
  const logger = { info: notify(fixture.logger.info), warn: notify(fixture.logger.warn), error: notify(fixture.logger.error) };
  const start = () =>
    startDiscord({
      core: fixture.core,
      logger,
      config: { token: GOOD_TOKEN, applicationId: APPLICATION_ID },
      restApi: fake.apiUrl,
      readyTimeoutMs: 5000,
      onReactionHandled,
      onInteractionHandled,
      ...options.adapter,
    });
  const harness: DiscordHarness = {
    fake,
    fixture,
    adapter: await start(),
    reactions,
    interactions,
    reactionsHandled(count) {
      if (reactions.length >= count) return Promise.resolve(reactions.slice(0, count));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${reactions.length} of ${count} reactions were handled`)), 5000);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve(reactions.slice(0, count))) });
      });
    },
    interactionHandled(interactionId) {
      if (handledInteractions.has(interactionId)) return Promise.resolve(handledInteractions.get(interactionId)!);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`interaction ${interactionId} was never handled`)), 5000);
        interactionWaiters.set(interactionId, (ok) => (clearTimeout(timer), resolve(ok)));
      });
    },
    waitForLog(pattern) {
      const found = fixture.logger.lines.find((line) => pattern.test(line));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no log line matched ${pattern}`)), 5000);
        logWaiters.push({ pattern, resolve: (line) => (clearTimeout(timer), resolve(line)) });
      });
    },
    async restart() {
      await harness.adapter.stop();
      harness.adapter = await start();
    },
    async close() {
      await harness.adapter.stop();
      if (!options.server) await fake.close();
      await fixture.close();
    },
  };
  return harness;
}
