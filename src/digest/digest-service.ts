/**
 * The weekly digest, exactly once, shared by every process on the store. `runDue` finds each channel (and
 * subscribed person, personal-digests.ts) whose latest schedule slot has no finished run (a slot missed while the
 * bot was down is caught up, as the latest slot is always within its week), takes the papers added since its
 * last digest that were never posted there, ranks them with the same function `/papers picks` uses, writes the
 * run record (with the channel's digest style), and posts one message per paper, in the thread of a summary
 * message or each in the channel (run-poster.ts).
 *
 * Sharing: channels and people are split into shards by their key (digest-lease.ts); a pass walks the shards
 * from one that depends on this process's name (two at a time), takes each shard's fenced lease that is free, runs
 * that shard's digests in groups (digest-group.ts: a few batched store transactions per group) and gives the lease
 * back, so several processes share a tick, each on the shards it got. A shard held by another process is skipped
 * (`busy`); a dead process's shard is taken over once its lease expires, and a displaced process stops that shard
 * at its next fenced write or lease check. A crash resumes with only what is missing, reading the channel back
 * for every post that was marked in flight.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../ports.js';
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { PostedMessages } from '../channels/posted-messages.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Store } from '../store/store.js';
import { channelKey, digestStyle, type Recommendation } from '../types.js';
import { DigestRunRepository, FIRST_DIGEST_WINDOW_MS, ownerKey, toPlanned, type DigestOwner, type DigestRun } from './digest-runs.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, DIGEST_SHARDS, LeaseLostError, shardOf, takeShardLease, type DigestLease } from './digest-lease.js';
import { mapAtOnce, runGroup, type DueDigest, type GroupSummary } from './digest-group.js';
import { leaseOwner } from '../store/fenced-lease.js';
import { createPersonalDigests, type PersonalDigestDeps } from './personal-digests.js';
import { readChannelInputs, type ChannelInputDeps, type ChannelInputs, type ReadAhead } from './channel-inputs.js';

export { DEFAULT_LEASE_MS } from './digest-lease.js';
export { CHANNELS_AT_ONCE } from './digest-group.js';
export { FIRST_DIGEST_WINDOW_MS };

/** Channels (and people) whose runs are planned, started and recorded together. */
export const GROUP_SIZE = 32;
/** Groups of one shard in progress at once, so one group's ranking overlaps another's store writes. */
const GROUPS_AT_ONCE = 2;
/**
 * Shards a process works on at once: a shard holds few groups when the digests are shared by several processes
 * (1,000 channels over 16 shards: about two), so one shard at a time leaves the process waiting on the store.
 */
const SHARDS_AT_ONCE = 2;

export interface DigestServiceOptions {
  /** Names this process in the leases. Default: host, pid and a random suffix. */
  owner?: string;
  /** How long a shard lease lasts without a renewal. Default `DEFAULT_LEASE_MS` (60 s). */
  leaseMs?: number;
  /** How often a running shard renews its lease. Default `DEFAULT_HEARTBEAT_MS` (15 s). */
  heartbeatMs?: number;
  /** Shards the digests are split into; every process on the store must use the same. Default `DIGEST_SHARDS`. */
  shards?: number;
}

export interface DigestPassSummary {
  /** True when another process held the lease of a shard with digests in it, so this pass skipped that shard. */
  busy: boolean;
  /** Channels whose digest was started or resumed in this pass. */
  channels: number;
  /** People whose personal digest was started or resumed in this pass. */
  people: number;
  /** Messages posted in this pass (papers, summaries and quiet notes, in channels and direct messages). */
  posted: number;
}

/**
 * What the digest service needs: the repositories and the channel ranking. `createCore` builds one from its
 * internals (`CoreInternals` satisfies this), so the public `Core` hands out no repository.
 */
export interface DigestDeps extends PersonalDigestDeps, ChannelInputDeps {
  /** Store the widened interests computed since the last call (see CoreInternals). */
  saveWidenedInterests(): Promise<void>;
  /** Take in the papers other processes stored since the last look (see CoreInternals). */
  syncPapers(): Promise<number>;
  store: Store;
  papers: Pick<PaperRepository, 'get' | 'newSince'>;
  channels: Pick<ChannelSettingsRepository, 'all' | 'markUnavailable' | 'getMany'>;
  posted: Pick<PostedMessages, 'postedIds' | 'postedIdsOf'>;
  rankForChannel(channel: ChannelSettings['channel'], candidates: string[], k: number, read?: ChannelInputs): Promise<Recommendation[]>;
}

export type DigestService = ReturnType<typeof createDigestService>;

/**
 * Build a digest service on the core's internals. The same store may be shared by several processes; each
 * service (each `owner`) takes the shard leases on its own.
 */
export function createDigestService(core: DigestDeps, options: DigestServiceOptions = {}) {
  const runs = new DigestRunRepository(core.store);
  const owner = options.owner ?? leaseOwner();
  const shards = options.shards ?? DIGEST_SHARDS;
  const leaseOptions = { store: core.store, clock: core.clock, logger: core.logger, owner, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS };
  const personal = createPersonalDigests(core);
  const groupDeps = { store: core.store, clock: core.clock, logger: core.logger, runs, papers: core.papers, readAhead: (owners: DigestOwner[]) => readChannelInputs(core, owners), savePlanning: () => core.saveWidenedInterests() };
  let inFlight: Promise<DigestPassSummary> | undefined;

  async function pass(platforms: Platform[]): Promise<DigestPassSummary> {
    const summary: DigestPassSummary = { busy: false, channels: 0, people: 0, posted: 0 };
    // A run's cutoff starts the next run's window: a paper another process stored before it but not yet taken in
    // here would fall into neither run. One read of the change feed (nothing new: one small query) first.
    await core.syncPapers();
    const byShard = new Map<number, DueDigest[]>();
    for (const due of [...(await channelDues(platforms)), ...(await personal.dues(platforms))]) {
      const shard = shardOf(ownerKey(due.owner), shards);
      const list = byShard.get(shard);
      if (list) list.push(due);
      else byShard.set(shard, [due]);
    }
    const first = shardOf(owner, shards);
    const order = Array.from({ length: shards }, (_, i) => (first + i) % shards).filter((shard) => byShard.has(shard));
    await mapAtOnce(order, SHARDS_AT_ONCE, async (shard) => {
      const lease = await takeShardLease(leaseOptions, shard);
      if (!lease) {
        summary.busy = true;
        return;
      }
      try {
        add(summary, await runShard(byShard.get(shard)!, lease));
      } catch (error) {
        if (!(error instanceof LeaseLostError)) throw error;
        core.logger.warn('digest lease of a shard taken over by another process; stopping that shard', { owner, shard });
      } finally {
        await lease.release();
      }
    });
    return summary;
  }

  /** Run a shard's digests in groups, a few groups at once; the first lost lease stops them all. */
  async function runShard(dues: DueDigest[], lease: DigestLease): Promise<GroupSummary> {
    const total: GroupSummary = { channels: 0, people: 0, posted: 0 };
    const groups = Array.from({ length: Math.ceil(dues.length / GROUP_SIZE) }, (_, i) => dues.slice(i * GROUP_SIZE, (i + 1) * GROUP_SIZE));
    let next = 0;
    const worker = async () => {
      while (next < groups.length && !lease.signal.aborted) {
        const group = groups[next++];
        try {
          add(total, await runGroup(groupDeps, group, lease));
        } catch (error) {
          if (error instanceof LeaseLostError || lease.signal.aborted) throw new LeaseLostError();
          core.logger.error('digest failed; it resumes on the next tick', { owners: group.map((d) => ownerKey(d.owner)).slice(0, 5), error });
        }
      }
    };
    const workers = await Promise.allSettled(Array.from({ length: GROUPS_AT_ONCE }, worker));
    const lost = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
    if (lost) throw lost.reason;
    return total;
  }

  /** Every enabled, available channel on `platforms`, as digests that may be due (planned by `planChannel`). */
  async function channelDues(platforms: Platform[]): Promise<DueDigest[]> {
    const candidates = candidatesSince();
    return (await core.channels.all()).flatMap((settings) => {
      const platform = platforms.find((p) => p.name === settings.channel.platform);
      if (!settings.digest.enabled || settings.unavailable || !platform) return [];
      return [{
        owner: settings.channel,
        schedule: settings.digest,
        platform,
        plan: (since: Date, slot: Date, now: Date, readAhead: ReadAhead) => planChannel(settings, candidates(since, now), slot, now, readAhead.get(channelKey(settings.channel))),
        markUnavailable: (reason: string, at: Date) => core.channels.markUnavailable(settings.channel, reason, at),
      }];
    });
  }

  /**
   * Papers added since an instant, computed once per instant and group (`now`) in a pass: most channels share
   * their last cutoff. A list computed after `now` holds every paper added before the run's cutoff.
   */
  function candidatesSince(): (since: Date, now: Date) => string[] {
    const known = new Map<string, string[]>();
    return (since, now) => {
      const key = `${since.getTime()} ${now.getTime()}`;
      let ids = known.get(key);
      if (known.size > 8) known.clear();
      if (!ids) known.set(key, (ids = core.papers.newSince(since).map((p) => p.id)));
      return ids;
    };
  }

  async function planChannel(settings: ChannelSettings, candidates: string[], slot: Date, now: Date, read: ChannelInputs | undefined): Promise<DigestRun> {
    const picks = await core.rankForChannel(settings.channel, candidates, settings.digest.k, read);
    return {
      runId: randomUUID(),
      channel: settings.channel,
      slot: slot.toISOString(),
      cutoff: now.toISOString(),
      plan: picks.map(toPlanned),
      style: digestStyle(settings.digest),
      status: 'running',
    };
  }

  return {
    owner,
    runs,
    /**
     * Post every digest that is due now on the given platforms, in the shards this process can take. Never
     * overlaps itself in one process; returns `busy` when another process held a shard it had digests in.
     */
    async runDue(platforms: Platform[]): Promise<DigestPassSummary> {
      if (inFlight) return { busy: true, channels: 0, people: 0, posted: 0 };
      inFlight = pass(platforms);
      try {
        return await inFlight;
      } finally {
        inFlight = undefined;
      }
    },
  };
}

function add(total: GroupSummary, part: GroupSummary): void {
  total.channels += part.channels;
  total.people += part.people;
  total.posted += part.posted;
}
