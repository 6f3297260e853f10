import { afterEach, describe, expect, it } from 'vitest';
import { AdapterStartError } from '../../../adapters/chat-adapter.js';
import { startDiscord } from '../../../adapters/discord/index.js';
import { createMemoryLogger } from '../../../src/ports.js';
import { CLOSED_PORT } from '../../helpers/free-port.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { FakeDiscord, GOOD_TOKEN } from './fake-discord.js';
import { APPLICATION_ID } from './fake-payloads.js';
import { startHarness, type DiscordHarness } from './harness.js';

let fake: FakeDiscord | undefined;
let fixture: CoreFixture | undefined;
let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  await fake?.close();
  await fixture?.close();
  harness = fake = fixture = undefined;
});

async function startWith(token: string, fakeOptions = {}) {
  fake = await FakeDiscord.start(fakeOptions);
  fixture = await createCoreFixture({ seed: false });
  return startDiscord({ core: fixture.core, logger: createMemoryLogger(), config: { token, applicationId: APPLICATION_ID }, restApi: fake.apiUrl, readyTimeoutMs: 5000 });
}

describe('starting the Discord adapter', () => {
  it('identifies with only the guild and reaction intents, never message content', async () => {
    harness = await startHarness();
    const [identify] = harness.fake.identifies;
    expect(identify.token).toBe(GOOD_TOKEN);
    expect(identify.intents).toBe((1 << 0) | (1 << 10));
    expect(harness.adapter.client.guilds.cache.size).toBe(1);
  });

  it('says in one line that Discord cannot be reached when it cannot (no raw network error)', async () => {
    fixture = await createCoreFixture({ seed: false });
    const failure = await startDiscord({ core: fixture.core, logger: createMemoryLogger(), config: { token: GOOD_TOKEN, applicationId: APPLICATION_ID }, restApi: `http://127.0.0.1:${CLOSED_PORT}/api`, readyTimeoutMs: 5000 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdapterStartError);
    expect((failure as Error).message).toBe("Could not reach Discord (ECONNREFUSED). Check this machine's network connection and DNS, then start again.");
  });

  it('ends with instructions when Discord rejects the token', async () => {
    const failure = await startWith('not-the-token').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdapterStartError);
    expect((failure as Error).message).toMatch(/rejected DISCORD_TOKEN.*"Reset Token".*DISCORD_TOKEN/);
    expect((failure as AdapterStartError).variable).toBe('DISCORD_TOKEN');
    expect(fake!.identifies).toEqual([]);
  });

  it('ends with instructions when the gateway closes with 4004 (authentication failed)', async () => {
    const failure = await startWith(GOOD_TOKEN, { rejectIdentify: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AdapterStartError);
    expect((failure as Error).message).toMatch(/rejected DISCORD_TOKEN/);
    expect(fake!.identifies).toHaveLength(1);
  });

  it('stops cleanly: the gateway session closes', async () => {
    harness = await startHarness();
    expect(harness.adapter.isReady()).toBe(true);
    await harness.adapter.stop();
    expect(harness.adapter.isReady()).toBe(false);
    await harness.fake.close();
    await harness.fixture.close();
    harness = undefined;
  });
});
