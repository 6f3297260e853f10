/**
 * kill -9 an instance holding a digest shard lease in the middle of a run (the fake Slack takes 1.5 s a post, so a
 * post is in flight): another of the three takes that shard over once its lease expires (`LEASE_MS` 4 s here;
 * 60 s by default) and finishes every run: each planned paper is in its channel exactly once, and every post, the
 * ones the dead process never heard back about included, is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGEST_SHARDS, shardLeaseName, shardOf } from '../../src/digest/digest-lease.js';
import { DigestRunRepository, type DigestRun } from '../../src/digest/digest-runs.js';
import { openStore } from '../../src/store/store.js';
import { channelKey, type ChannelRef } from '../../src/types.js';
import { TEAM_ID } from '../adapters/slack/fake-slack.js';
import { armDueDigests, digestMessages, digestSummaries } from './digest-setup.js';
import pg from 'pg';
import { eventually, startFleet, type Fleet, type FleetBot } from './fleet.js';

const CHANNELS: ChannelRef[] = ['T1', 'T2', 'T3'].map((id) => ({ platform: 'slack', workspace: TEAM_ID, channel: `C0TAKE${id}` }));
const PICKS = 4;

/** A bot holding an unexpired digest shard lease (`digest-runner:<shard>`, any shard unless named), if any. */
async function shardHolder(fleet: Fleet, shard?: number): Promise<FleetBot | undefined> {
  const client = new pg.Client({ connectionString: fleet.url });
  await client.connect();
  try {
    const name = shard === undefined ? 'digest-runner:%' : shardLeaseName(shard);
    const { rows } = await client.query<{ owner: string }>(`SELECT owner FROM pb_lease WHERE name LIKE $2 AND until_ms > $1`, [Date.now(), name]);
    const pids = rows.map((row) => Number(row.owner.split(':')[1]));
    return fleet.bots.find((b) => pids.includes(b.pid));
  } finally {
    await client.end();
  }
}

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet({
    env: { DIGEST_CRON: '* * * * * *' },
    prepare: (core, store) => armDueDigests(core, store, CHANNELS, PICKS),
    beforeStart: (fake) => fake.slow('chat.postMessage', 1500),
  });
}, 120_000);
afterAll(async () => {
  await fleet?.stop();
});

describe('the instance posting digests is killed mid-run', () => {
  it('another instance finishes every run within about a minute: no duplicate, nothing lost, every post recorded', async () => {
    await fleet.fake.waitFor(() => fleet.fake.callsOf('chat.postMessage').length >= 2, 60_000, 'the first digest posts');
    // Kill the instance posting right now: the holder of the shard of the channel posted to last (its next post
    // is in flight), not just any shard's holder, which may have nothing in flight.
    const posting = fleet.fake.callsOf('chat.postMessage').at(-1)!.args.channel as string;
    const holder = await shardHolder(fleet, shardOf(channelKey({ platform: 'slack', workspace: TEAM_ID, channel: posting }), DIGEST_SHARDS));
    expect(holder).toBeDefined();
    holder!.bot.child.kill('SIGKILL');
    expect((await holder!.bot.exited()).signal).toBe('SIGKILL');
    const postsBeforeKill = fleet.fake.callsOf('chat.postMessage').length;

    const store = await openStore(fleet.url);
    try {
      const runs = new DigestRunRepository(store);
      const lastRun = async (channel: ChannelRef): Promise<DigestRun | undefined> => {
        const state = await runs.state(channel);
        return state?.lastRun && runs.run(channel, new Date(state.lastRun.slot));
      };
      const allDone = async () => {
        const found = await Promise.all(CHANNELS.map(lastRun));
        return found.every((run) => run?.status === 'done') ? (found as DigestRun[]) : undefined;
      };
      const done = await eventually(allDone, 90_000, 'the surviving instances to finish every run');

      expect(fleet.fake.callsOf('chat.postMessage').length).toBeGreaterThan(postsBeforeKill);
      // The post in flight at the kill was marked first: the taker read the channel back for it.
      expect(fleet.fake.callsOf('conversations.history').length).toBeGreaterThan(0);
      for (const [i, channel] of CHANNELS.entries()) {
        const planned = done[i].plan.map((pick) => pick.paperId).sort();
        expect(planned).toHaveLength(PICKS);
        const inChannel = digestMessages(fleet.fake, channel.channel);
        expect([...inChannel].sort()).toEqual(planned);
        expect(digestSummaries(fleet.fake, channel.channel)).toBe(1);
        const recorded = await store.collection<{ paperId: string }>('posted').entries(`${channelKey(channel)}|`);
        expect(recorded.map(([, post]) => post.paperId).sort()).toEqual(planned);
      }
      // The dead process took no part in the finish: it holds no lease any more.
      expect((await shardHolder(fleet))?.pid).not.toBe(holder!.pid);
    } finally {
      await store.close();
    }
  }, 120_000);
});
