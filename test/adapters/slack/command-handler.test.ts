/**
 * The Slack `/papers` listener on its own, with a real core on sqlite: `ack` and `respond` (Slack's side of
 * the network) are recorded. The whole path through the real Bolt app is in slack-app.test.ts; here are the
 * orders and failures that are hard to provoke through HTTP: ack before any work, a full work queue, an
 * answer that cannot be sent.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommandHandler } from '../../../adapters/slack/command-handler.js';
import { BUSY_MESSAGE, WorkQueue } from '../../../adapters/work-queue.js';
import { GENERIC_APOLOGY } from '../../../src/errors.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';

let fixture: CoreFixture;
beforeEach(async () => {
  fixture = await createCoreFixture();
});
afterEach(async () => {
  await fixture.close();
});

type Listener = ReturnType<typeof createCommandHandler>;

/** Call the listener as Bolt does for `/papers <text>`; `events` records acks and answers in order. */
function invoke(listener: Listener, text: string, events: string[], respond?: (body: any) => Promise<unknown>) {
  const args = {
    ack: async () => void events.push(`ack ${text}`),
    command: { team_id: 'T1', channel_id: 'C1', user_id: 'U1', text },
    respond: respond ?? (async (body: any) => void events.push(`answer ${text}: ${body.text}`)),
    client: {},
  };
  return listener(args as unknown as Parameters<Listener>[0]);
}

/** Resolve once `check` holds; fail after 15 s (a generous deadline, under the test's 20 s, for a loaded machine). */
const until = async (check: () => boolean) => {
  const deadline = Date.now() + 15_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the answers');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('the Slack /papers listener', () => {
  it('acknowledges every command of a burst before it runs any of them', async () => {
    const listener = createCommandHandler({ core: fixture.core, botName: 'paperboy', wait: async () => undefined });
    const events: string[] = [];
    await Promise.all(Array.from({ length: 20 }, (_, i) => invoke(listener, `search query ${i}`, events)));
    // The listener returned: all acks are out and no search has run yet.
    expect(events).toHaveLength(20);
    expect(events.every((e) => e.startsWith('ack '))).toBe(true);
    await until(() => events.length === 40);
    expect(events.slice(20).every((e) => e.startsWith('answer search query'))).toBe(true);
  });

  it('answers the commands that find the queue full with the busy message, and runs the others', async () => {
    const listener = createCommandHandler({ core: fixture.core, botName: 'paperboy', wait: async () => undefined, work: new WorkQueue({ capacity: 2 }) });
    const events: string[] = [];
    await Promise.all(['search low-rank adaptation', 'search diffusion models', 'search graph neural networks'].map((text) => invoke(listener, text, events)));
    await until(() => events.length === 6);
    expect(events.filter((e) => e.startsWith('ack'))).toHaveLength(3);
    expect(events).toContain(`answer search graph neural networks: ${BUSY_MESSAGE}`);
    expect(events.filter((e) => e.startsWith('answer search low-rank adaptation: ') || e.startsWith('answer search diffusion models: '))).toHaveLength(2);
    expect(events.filter((e) => e.includes(BUSY_MESSAGE))).toHaveLength(1);
    expect(fixture.logger.lines.some((line) => line.includes('too many commands waiting'))).toBe(true);
  });

  it('apologises when the answer cannot be sent, and logs both failures', async () => {
    const listener = createCommandHandler({ core: fixture.core, botName: 'paperboy', wait: async () => undefined });
    const events: string[] = [];
    const respond = async (body: any) => {
      events.push(body.text);
      if (body.text !== GENERIC_APOLOGY) throw new Error('response_url refused the answer');
    };
    await invoke(listener, 'search low-rank adaptation', events, respond);
    await until(() => events.length === 3);
    expect(events[0]).toBe('ack search low-rank adaptation');
    expect(events[2]).toBe(GENERIC_APOLOGY);
    expect(fixture.logger.lines.some((line) => line.startsWith('error') && line.includes('slack: /papers failed'))).toBe(true);
  });
});
