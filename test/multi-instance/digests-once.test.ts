/**
 * Three bot processes on one Postgres, every one checking for due digests every second: each of six due
 * channels gets its digest posted exactly once across the three (counted at the fake Slack), and every post is
 * recorded in the store.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DigestRunRepository } from '../../src/digest/digest-runs.js';
import { openStore } from '../../src/store/store.js';
import { channelKey, type ChannelRef } from '../../src/types.js';
import { TEAM_ID } from '../adapters/slack/fake-slack.js';
import { eventually, startFleet, type Fleet } from './fleet.js';
import { armDueDigests, digestMessages, digestSummaries } from './digest-setup.js';

const CHANNELS: ChannelRef[] = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'].map((id) => ({ platform: 'slack', workspace: TEAM_ID, channel: `C0DIGEST${id}` }));
const PICKS = 3;

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({ env: { DIGEST_CRON: '* * * * * *' }, prepare: (core, store) => armDueDigests(core, store, CHANNELS, PICKS) });
}, 120_000);
afterAll(async () => {
  await fleet?.stop();
});

describe('three instances, six due digests', () => {
  it('posts every channel its picks exactly once, and records every post', async () => {
    const store = await openStore(fleet.url);
    try {
      const runs = new DigestRunRepository(store);
      const finished = async () => {
        for (const channel of CHANNELS) {
          const state = await runs.state(channel);
          const run = state?.lastRun && (await runs.run(channel, new Date(state.lastRun.slot)));
          if (run?.status !== 'done') return undefined;
        }
        return true;
      };
      await eventually(finished, 60_000, 'every channel to have a finished digest run');
      for (const channel of CHANNELS) {
        const posted = digestMessages(fleet.fake, channel.channel);
        expect(posted.length).toBe(PICKS);
        expect(new Set(posted).size).toBe(PICKS);
        expect(digestSummaries(fleet.fake, channel.channel)).toBe(1);
        const recorded = await store.collection<{ paperId: string }>('posted').entries(`${channelKey(channel)}|`);
        expect(recorded.map(([, post]) => post.paperId).sort()).toEqual([...posted].sort());
      }
      expect(fleet.fake.callsOf('chat.postMessage')).toHaveLength(CHANNELS.length * (PICKS + 1)); // a summary and its replies
    } finally {
      await store.close();
    }
  }, 90_000);
});

