/**
 * The weekly digest, exactly once. `runDue` finds each channel whose latest schedule slot has no finished run
 * (a slot missed while the bot was down is caught up, as the latest slot is always within its week), takes the
 * papers added since the channel's last digest that were never posted there, ranks them with the same
 * function `/papers picks` uses, writes the run record (with the channel's digest style), and then posts one
 * message per paper, in the thread of a summary message or each in the channel (run-poster.ts), recording
 * each as it goes. A fenced, heartbeat-renewed lease (digest-lease.ts) keeps a second process out
 * and stops a displaced one; a crash resumes with only what is missing, reading the channel back for the post
 * that was in flight. The same pass, under the same lease, then sends people's own digests by direct message
 * (personal-digests.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Clock, Logger, Platform } from '../ports.js';
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { PostedMessages } from '../channels/posted-messages.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Store } from '../store/store.js';
import { channelKey, digestStyle, type Recommendation } from '../types.js';
import { latestSlot } from './schedule.js';
import { DigestRunRepository, FIRST_DIGEST_WINDOW_MS, toPlanned, type DigestRun, type DigestState } from './digest-runs.js';
import { DEFAULT_HEARTBEAT_MS, DEFAULT_LEASE_MS, LeaseLostError, takeDigestLease, type DigestLease } from './digest-lease.js';
import { RunPoster } from './run-poster.js';
import { leaseOwner } from '../store/fenced-lease.js';
import { createPersonalDigests, type PersonalDigestDeps } from './personal-digests.js';

export { DEFAULT_LEASE_MS } from './digest-lease.js';

/** Channels whose digests one pass runs at the same time. */
export const CHANNELS_AT_ONCE = 8;

export { FIRST_DIGEST_WINDOW_MS };

export interface DigestServiceOptions {
  /** Names this process in the lease. Default: host, pid and a random suffix. */
  owner?: string;
  /** How long the lease lasts without a renewal. Default `DEFAULT_LEASE_MS` (60 s). */
  leaseMs?: number;
  /** How often a running pass renews the lease. Default `DEFAULT_HEARTBEAT_MS` (15 s). */
  heartbeatMs?: number;
}

export interface DigestPassSummary {
  /** True when another process held the lease, so this pass did nothing. */
  busy: boolean;
  /** Channels whose digest was started or resumed in this pass. */
  channels: number;
  /** People whose personal digest was started or resumed in this pass. */
  people: number;
  /** Messages posted in this pass (papers and quiet notes, in channels and direct messages). */
  posted: number;
}

/**
 * What the digest service needs: the repositories and the channel ranking. `createCore` builds one from its
 * internals (`CoreInternals` satisfies this), so the public `Core` hands out no repository.
 */
export interface DigestDeps extends PersonalDigestDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  papers: Pick<PaperRepository, 'get' | 'newSince'>;
  channels: Pick<ChannelSettingsRepository, 'all' | 'markUnavailable'>;
  posted: Pick<PostedMessages, 'wasPosted' | 'postedIds'>;
  rankForChannel(channel: ChannelSettings['channel'], candidates: string[], k: number): Promise<Recommendation[]>;
}

export type DigestService = ReturnType<typeof createDigestService>;

/**
 * Build a digest service on the core's internals. The same store may be shared by several processes; each
 * service (each `owner`) takes the lease on its own.
 */
export function createDigestService(core: DigestDeps, options: DigestServiceOptions = {}) {
  const runs = new DigestRunRepository(core.store);
  const owner = options.owner ?? leaseOwner();
  const leaseOptions = { store: core.store, clock: core.clock, logger: core.logger, owner, leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS, heartbeatMs: options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS };
  const personal = createPersonalDigests(core, runs);
  let inFlight: Promise<DigestPassSummary> | undefined;

  async function pass(platforms: Platform[]): Promise<DigestPassSummary> {
    const summary: DigestPassSummary = { busy: false, channels: 0, people: 0, posted: 0 };
    const lease = await takeDigestLease(leaseOptions);
    if (!lease) return { ...summary, busy: true };
    try {
      const due = (await core.channels.all()).filter((s) => s.digest.enabled && !s.unavailable);
      // Channels are independent (each its own run, fenced by the same lease): several run at once, so the
      // store's round trips overlap. The first lost lease stops every worker before its next channel.
      let next = 0;
      const worker = async () => {
        while (next < due.length && !lease.signal.aborted) {
          const settings = due[next++];
          const platform = platforms.find((p) => p.name === settings.channel.platform);
          if (!platform) continue;
          try {
            const posted = await runChannel(settings, platform, lease);
            if (posted !== undefined) {
              summary.channels++;
              summary.posted += posted;
            }
          } catch (error) {
            if (error instanceof LeaseLostError || lease.signal.aborted) throw new LeaseLostError();
            core.logger.error('digest failed; it resumes on the next tick', { channel: channelKey(settings.channel), error });
          }
        }
      };
      const workers = await Promise.allSettled(Array.from({ length: CHANNELS_AT_ONCE }, worker));
      const lost = workers.find((w): w is PromiseRejectedResult => w.status === 'rejected');
      if (lost) throw lost.reason;
      const people = await personal.runDue(platforms, lease);
      summary.people = people.people;
      summary.posted += people.posted;
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      core.logger.warn('digest lease taken over by another process; stopping this pass', { owner });
    } finally {
      await lease.release();
    }
    return summary;
  }

  /** Run or resume this channel's digest when its latest slot is due. Returns posts made, or undefined if not due. */
  async function runChannel(settings: ChannelSettings, platform: Platform, lease: DigestLease): Promise<number | undefined> {
    const now = core.clock.now();
    const state = await runs.armedState(settings.channel, settings.digest, now);
    const slot = latestSlot(settings.digest, now);
    if (slot.getTime() <= Date.parse(state.armedAt)) return undefined;
    let run = await runs.run(settings.channel, slot);
    if (run && run.status !== 'running') return undefined;
    if (!run) run = await planRun(settings, state, slot, now, lease.token);
    run = await runs.claim(run, lease.token);
    const deps = { clock: core.clock, logger: core.logger, runs, papers: core.papers, channels: core.channels, posted: core.posted };
    return new RunPoster(deps, run, settings, platform, lease).postAll();
  }

  async function planRun(settings: ChannelSettings, state: DigestState, slot: Date, now: Date, token: number): Promise<DigestRun> {
    const since = state.lastRun ? new Date(state.lastRun.cutoff) : new Date(now.getTime() - FIRST_DIGEST_WINDOW_MS);
    const candidates = core.papers.newSince(since).map((p) => p.id);
    const picks = await core.rankForChannel(settings.channel, candidates, settings.digest.k);
    const planned: DigestRun = {
      runId: randomUUID(),
      channel: settings.channel,
      slot: slot.toISOString(),
      cutoff: now.toISOString(),
      plan: picks.map(toPlanned),
      style: digestStyle(settings.digest),
      status: 'running',
      fence: token,
    };
    const run = await runs.createRun(planned, { ...state, lastRun: { runId: planned.runId, slot: planned.slot, cutoff: planned.cutoff } });
    if (run === planned) core.logger.info('digest planned', { channel: channelKey(settings.channel), slot: run.slot, candidates: candidates.length, picks: run.plan.length });
    return run;
  }

  return {
    owner,
    runs,
    /**
     * Post every digest that is due now on the given platforms. Never overlaps itself in one process; returns
     * `busy` when another process holds the digest lease.
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
