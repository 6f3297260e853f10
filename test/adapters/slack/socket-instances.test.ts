/**
 * Slack Socket Mode with several Paperboy instances: each real Bolt app opens its own connection with the one
 * app-level token, Slack delivers each envelope to one of the app's connections, and each instance handles
 * exactly what reached its connection, writing to the one shared store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSlack, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { secondInstanceOn } from '../../helpers/second-instance.js';
import { APP_TOKEN, BOT_TOKEN, FakeSlack, TEAM_ID } from './fake-slack.js';
import { reactionBody } from './harness.js';

let fake: FakeSlack | undefined;
let fixtures: CoreFixture[] = [];
let adapters: SlackAdapter[] = [];
afterEach(async () => {
  for (const adapter of adapters) await adapter.stop();
  // The second instance's fixture first: it closes only its store; the first one's removes the shared file.
  for (const fixture of fixtures.reverse()) await fixture.close();
  await fake?.stop();
  fake = undefined;
  fixtures = [];
  adapters = [];
});

/** Start one Socket Mode instance on `fixture`'s core; returns what its Bolt app received, in order. */
async function startInstance(fixture: CoreFixture): Promise<string[]> {
  fixtures.push(fixture);
  const adapter = await startSlack({ core: fixture.core, botToken: BOT_TOKEN, appToken: APP_TOKEN, slackApiUrl: fake!.apiUrl, retryConfig: { retries: 0 } });
  adapters.push(adapter);
  const received: string[] = [];
  adapter.app.use(async ({ body, next }) => {
    const envelope = body as { command?: string; channel_id?: string; event?: { type: string; item?: { channel?: string } } };
    received.push(envelope.command ? `command ${envelope.channel_id}` : `event ${envelope.event?.type} ${envelope.event?.item?.channel}`);
    await next();
  });
  return received;
}

const followCommand = (channel: string, topic: string) => ({
  team_id: TEAM_ID, channel_id: channel, user_id: 'UALICE', command: '/papers', text: `follow ${topic}`,
  response_url: fake!.responseUrl(channel), trigger_id: '1.2.3', api_app_id: 'A0APP',
});
const reaction = (channel: string) => JSON.parse(reactionBody({ type: 'reaction_added', user: 'UALICE', reaction: 'thumbsup', channel, ts: '1700000000.000001' }));

describe('two instances in Socket Mode', () => {
  it('each opens a connection and handles exactly the envelopes sent to it', async () => {
    fake = await new FakeSlack().start();
    const first = await startInstance(await createCoreFixture());
    const second = await startInstance(await secondInstanceOn(fixtures[0]));
    expect(fake.connectionCount).toBe(2);
    expect(fake.callsOf('apps.connections.open')).toHaveLength(2);

    // As Slack does: every envelope to one of the open connections (here: 0 and 1 by turn).
    await fake.sendEnvelope('slash_commands', followCommand('C0FIRST', 'speech recognition'), 'env-a', 0);
    await fake.sendEnvelope('slash_commands', followCommand('C0SECOND', 'graph neural networks'), 'env-b', 1);
    await fake.sendEnvelope('events_api', reaction('C0FIRST'), 'env-c', 0);
    await fake.sendEnvelope('events_api', reaction('C0SECOND'), 'env-d', 1);
    await fake.waitFor(() => fake!.responses.length === 2);

    expect(first).toEqual(['command C0FIRST', 'event reaction_added C0FIRST']);
    expect(second).toEqual(['command C0SECOND', 'event reaction_added C0SECOND']);
    expect(fake.responses.map((response) => response.id).sort()).toEqual(['C0FIRST', 'C0SECOND']);
    // Both wrote to the one store: either instance reads what the other saved.
    const channel = (id: string) => ({ platform: 'slack' as const, workspace: TEAM_ID, channel: id });
    expect((await fixtures[0].core.channels.get(channel('C0SECOND'))).interests).toEqual(['graph neural networks']);
    expect((await fixtures[1].core.channels.get(channel('C0FIRST'))).interests).toEqual(['speech recognition']);
  });
});
