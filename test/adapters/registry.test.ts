/**
 * The chat-adapter registry: enabled adapters start in order and stop in reverse; a failing start ends in an
 * `AdapterStartError` with a message for the operator, after stopping what had already started; nothing
 * enabled means the console chat.
 */
import { createMemoryStore } from '../../src/store/store.js';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AdapterStartError, type AdapterDeps, type ChatAdapter, type StartedAdapter } from '../../adapters/chat-adapter.js';
import { createConsoleChatAdapter } from '../../adapters/console/index.js';
import {
  CHAT_ADAPTERS,
  enabledAdapters,
  FALLBACK_ADAPTER,
  foregroundAdapter,
  startAdapters,
  startFailureMessage,
  stopAdapters,
} from '../../adapters/registry.js';
import { loadConfig } from '../../src/config.js';
import type { Core } from '../../src/core.js';
import { createMemoryLogger } from '../../src/ports.js';
import type { PlatformName } from '../../src/types.js';

const config = loadConfig({});

/** A fake adapter that records its starts and stops in `events`. */
function fakeAdapter(name: string, events: string[], behaviour: { enabled?: boolean; startError?: Error; stopError?: Error } = {}): ChatAdapter {
  const platformName = name as PlatformName;
  return {
    name: platformName,
    enabled: () => behaviour.enabled ?? true,
    async start(deps: AdapterDeps): Promise<StartedAdapter> {
      expect(deps.config).toBe(config);
      if (behaviour.startError) throw behaviour.startError;
      events.push(`start ${name}`);
      return {
        platform: { name: platformName, post: async () => ({ messageId: '1' }), findPosted: async () => undefined },
        stop: async () => {
          events.push(`stop ${name}`);
          if (behaviour.stopError) throw behaviour.stopError;
        },
      };
    },
  };
}

function deps(): AdapterDeps & { logger: ReturnType<typeof createMemoryLogger> } {
  return { core: {} as Core, store: createMemoryStore(), config, logger: createMemoryLogger() };
}

describe('choosing the adapters', () => {
  it('lists Slack then Discord, and falls back to the console chat', () => {
    expect(CHAT_ADAPTERS.map((adapter) => adapter.name)).toEqual(['slack', 'discord']);
    expect(FALLBACK_ADAPTER.name).toBe('console');
  });

  it('enables an adapter when its tokens are set, and the console chat when none are', () => {
    expect(enabledAdapters(config).map((adapter) => adapter.name)).toEqual(['console']);
    const both = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456' });
    expect(enabledAdapters(both).map((adapter) => adapter.name)).toEqual(['slack', 'discord']);
    const discordOnly = loadConfig({ DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456' });
    expect(enabledAdapters(discordOnly).map((adapter) => adapter.name)).toEqual(['discord']);
  });

  it('takes a newly registered adapter without any other change', () => {
    const events: string[] = [];
    const matrix = fakeAdapter('matrix', events);
    const registry = [...CHAT_ADAPTERS, matrix];
    expect(enabledAdapters(config, registry)).toEqual([matrix]);
  });
});

describe('starting and stopping', () => {
  it('starts the enabled adapters in order and stops them in reverse order', async () => {
    const events: string[] = [];
    const registry = [fakeAdapter('a', events), fakeAdapter('off', events, { enabled: false }), fakeAdapter('b', events), fakeAdapter('c', events)];
    const d = deps();
    const started = await startAdapters(enabledAdapters(config, registry), d);
    expect(started.map((adapter) => adapter.platform.name)).toEqual(['a', 'b', 'c']);
    await stopAdapters(started, d.logger);
    expect(events).toEqual(['start a', 'start b', 'start c', 'stop c', 'stop b', 'stop a']);
  });

  it('stops the rest when one adapter fails to stop, and logs the failure', async () => {
    const events: string[] = [];
    const d = deps();
    const started = await startAdapters([fakeAdapter('a', events), fakeAdapter('b', events, { stopError: new Error('socket stuck') })], d);
    await stopAdapters(started, d.logger);
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
    expect(d.logger.lines.some((line) => line.startsWith('error stopping an adapter failed') && line.includes('"platform":"b"'))).toBe(true);
  });

  it('on a start failure, stops what already started (in reverse), starts nothing after, and says what to fix', async () => {
    const events: string[] = [];
    const failure = new AdapterStartError('MATRIX_TOKEN was rejected: create a new access token.', 'MATRIX_TOKEN');
    const registry = [fakeAdapter('a', events), fakeAdapter('b', events), fakeAdapter('matrix', events, { startError: failure }), fakeAdapter('c', events)];
    const error = await startAdapters(registry, deps()).catch((e: unknown) => e);
    expect(error).toBe(failure);
    expect(failure.adapter).toBe('matrix');
    expect(failure.variable).toBe('MATRIX_TOKEN');
    expect(startFailureMessage(failure)).toBe('Matrix could not start: MATRIX_TOKEN was rejected: create a new access token.');
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('also stops what already started when a start fails unexpectedly, and rethrows that error as it is', async () => {
    const events: string[] = [];
    const bug = new TypeError('boom');
    const error = await startAdapters([fakeAdapter('a', events), fakeAdapter('b', events, { startError: bug })], deps()).catch((e: unknown) => e);
    expect(error).toBe(bug);
    expect(events).toEqual(['start a', 'stop a']);
  });

  it('names the Slack and Discord variables in their start errors', async () => {
    const d = deps();
    const slack = await startAdapters([CHAT_ADAPTERS[0]], d).catch((e: unknown) => e);
    expect(slack).toBeInstanceOf(AdapterStartError);
    expect(startFailureMessage(slack as AdapterStartError)).toBe('Slack could not start: SLACK_BOT_TOKEN is not set.');
    const discord = await startAdapters([CHAT_ADAPTERS[1]], d).catch((e: unknown) => e);
    expect((discord as AdapterStartError).variable).toBe('DISCORD_TOKEN');
  });
});

describe('the console chat through the contract', () => {
  it('starts as the foreground adapter, runs until "quit", and stops', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk) => (text += chunk));
    const adapter = createConsoleChatAdapter(() => ({ input, output, userName: 'ada' }));
    const core = { logger: createMemoryLogger() } as unknown as Core;
    const started = await startAdapters([adapter], { core, store: createMemoryStore(), config, logger: createMemoryLogger() });
    const foreground = foregroundAdapter(started);
    expect(foreground?.platform.name).toBe('console');
    const running = foreground!.run();
    input.end('quit\n');
    await running;
    expect(text).toContain('Paperboy console');
    await stopAdapters(started, createMemoryLogger());
  });

  it('finds no foreground adapter among chat platforms', async () => {
    const started = await startAdapters([fakeAdapter('a', [])], deps());
    expect(foregroundAdapter(started)).toBeUndefined();
  });
});
