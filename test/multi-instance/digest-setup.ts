/**
 * Digest fixtures for the multi-instance tests: channels whose weekly digest is due the moment a bot looks
 * (switched on for the current weekday two minutes ago, armed long before), and the digest posts the fake Slack
 * received, read from each message's metadata.
 */
import { DigestRunRepository, scheduleSignature } from '../../src/digest/digest-runs.js';
import { WEEKDAYS } from '../../src/digest/schedule.js';
import type { CoreInternals } from '../../src/core.js';
import type { Store } from '../../src/store/store.js';
import type { ChannelRef } from '../../src/types.js';
import type { FakeSlack } from '../adapters/slack/fake-slack.js';

/** Make each channel follow a topic and have `picks` papers due now (UTC schedule two minutes ago, armed in 2020). */
export async function armDueDigests(core: CoreInternals, store: Store, channels: ChannelRef[], picks: number): Promise<void> {
  const slot = new Date(Date.now() - 2 * 60_000);
  const runs = new DigestRunRepository(store);
  for (const channel of channels) {
    await core.follow(channel, ['language models', 'reasoning']);
    const settings = await core.updateDigest(channel, {
      enabled: true,
      weekday: WEEKDAYS.indexOf(WEEKDAYS[slot.getUTCDay()]),
      minuteOfDay: slot.getUTCHours() * 60 + slot.getUTCMinutes(),
      timezone: 'UTC',
      k: picks,
    });
    await runs.saveState(channel, { signature: scheduleSignature(settings.digest), armedAt: '2020-01-01T00:00:00.000Z' });
  }
}

/** The paper ids of the digest posts in `channel`, in the order the fake Slack created them. */
export function digestMessages(fake: FakeSlack, channel: string): string[] {
  return digestItems(fake, channel).filter((item) => item !== 'summary');
}

/** How many thread-style summaries (the default digest layout: a summary, each paper a reply) `channel` got. */
export function digestSummaries(fake: FakeSlack, channel: string): number {
  return digestItems(fake, channel).filter((item) => item === 'summary').length;
}

/** The item each message in `channel` carries in its digest metadata (a paper id, or `summary`). */
function digestItems(fake: FakeSlack, channel: string): string[] {
  return fake.messages(channel).map((message) => String(message.metadata?.event_payload.paper_id ?? 'no metadata'));
}
