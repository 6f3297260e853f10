/**
 * The weekly digest, exactly once. `runDue` finds each channel whose latest schedule slot has no finished run
 * (a slot missed while the bot was down is caught up, as the latest slot is always within its week), takes the
 * papers added since the channel's last digest that were never posted there, ranks them with the same
 * function `/papers picks` uses, writes the run record, and then posts one message per paper, recording each
 * as it goes. A crash resumes with only what is missing; a lease in the store keeps a second process out.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ChannelUnavailableError } from '../errors.js';
import type { Clock, Logger, Platform } from '../ports.js';
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { PostedMessages } from '../channels/posted-messages.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Store } from '../store/store.js';
import { channelKey, type Recommendation, type Reply } from '../types.js';
import { latestSlot } from './schedule.js';
import { DigestRunRepository, scheduleSignature, type DigestRun, type DigestState, type PlannedPick } from './digest-runs.js';

/** How far back the first digest of a channel looks for papers. */
export const FIRST_DIGEST_WINDOW_MS = 7 * 24 * 3600 * 1000;
/** The lease is held this long and renewed before each post. */
export const DEFAULT_LEASE_MS = 10 * 60 * 1000;
const LEASE_NAME = 'digest-runner';
const QUIET_NOTE = 'quiet-note';

export interface DigestServiceOptions {
  /** Names this process in the lease. Default: host, pid and a random suffix. */
  owner?: string;
  leaseMs?: number;
}

export interface DigestPassSummary {
  /** True when another process held the lease, so this pass did nothing. */
  busy: boolean;
  /** Channels whose digest was started or resumed in this pass. */
  channels: number;
  /** Messages posted in this pass (papers and quiet notes). */
  posted: number;
}

/**
 * What the digest service needs: the repositories and the channel ranking. `createCore` builds one from its
 * internals (`CoreInternals` satisfies this), so the public `Core` hands out no repository.
 */
export interface DigestDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  papers: Pick<PaperRepository, 'get' | 'newSince'>;
  channels: Pick<ChannelSettingsRepository, 'all' | 'markUnavailable'>;
  posted: Pick<PostedMessages, 'wasPosted'>;
  rankForChannel(channel: ChannelSettings['channel'], candidates: string[], k: number): Promise<Recommendation[]>;
  recordPost(channel: ChannelSettings['channel'], paperId: string, messageId: string, runId?: string): Promise<void>;
}

/** The lease moved to another process while we were posting; stop at once. */
class LeaseLostError extends Error {}

export type DigestService = ReturnType<typeof createDigestService>;

/**
 * Build a digest service on the core's internals. The same store may be shared by several processes; each
 * service (each `owner`) takes the lease on its own.
 */
export function createDigestService(core: DigestDeps, options: DigestServiceOptions = {}) {
  const runs = new DigestRunRepository(core.store);
  const owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  let inFlight: Promise<DigestPassSummary> | undefined;

  async function holdLease(): Promise<boolean> {
    const now = core.clock.now().getTime();
    return core.store.acquireLease(LEASE_NAME, owner, now, now + leaseMs);
  }

  async function pass(platforms: Platform[]): Promise<DigestPassSummary> {
    const summary: DigestPassSummary = { busy: false, channels: 0, posted: 0 };
    if (!(await holdLease())) return { ...summary, busy: true };
    try {
      for (const settings of await core.channels.all()) {
        const platform = platforms.find((p) => p.name === settings.channel.platform);
        if (!platform || !settings.digest.enabled || settings.unavailable) continue;
        try {
          const posted = await runChannel(settings, platform);
          if (posted !== undefined) {
            summary.channels++;
            summary.posted += posted;
          }
        } catch (error) {
          if (error instanceof LeaseLostError) throw error;
          core.logger.error('digest failed; it resumes on the next tick', { channel: channelKey(settings.channel), error });
        }
      }
    } catch (error) {
      if (!(error instanceof LeaseLostError)) throw error;
      core.logger.warn('digest lease taken over by another process; stopping this pass', { owner });
    } finally {
      await core.store.releaseLease(LEASE_NAME, owner).catch(() => undefined);
    }
    return summary;
  }

  /** Run or resume this channel's digest when its latest slot is due. Returns posts made, or undefined if not due. */
  async function runChannel(settings: ChannelSettings, platform: Platform): Promise<number | undefined> {
    const now = core.clock.now();
    const state = await armedState(settings, now);
    const slot = latestSlot(settings.digest, now);
    if (slot.getTime() <= Date.parse(state.armedAt)) return undefined;
    let run = await runs.run(settings.channel, slot);
    if (run && run.status !== 'running') return undefined;
    if (!run) run = await planRun(settings, state, slot, now);
    return postRun(run, settings, platform);
  }

  async function armedState(settings: ChannelSettings, now: Date): Promise<DigestState> {
    const signature = scheduleSignature(settings.digest);
    const state = await runs.state(settings.channel);
    if (state && state.signature === signature) return state;
    const armed: DigestState = { ...state, signature, armedAt: now.toISOString() };
    await runs.saveState(settings.channel, armed);
    return armed;
  }

  async function planRun(settings: ChannelSettings, state: DigestState, slot: Date, now: Date): Promise<DigestRun> {
    const since = state.lastRun ? new Date(state.lastRun.cutoff) : new Date(now.getTime() - FIRST_DIGEST_WINDOW_MS);
    const candidates = core.papers.newSince(since).map((p) => p.id);
    const picks = await core.rankForChannel(settings.channel, candidates, settings.digest.k);
    const run: DigestRun = {
      runId: randomUUID(),
      channel: settings.channel,
      slot: slot.toISOString(),
      cutoff: now.toISOString(),
      plan: picks.map(toPlanned),
      status: 'running',
      uncertain: [],
    };
    await runs.saveRun(run);
    await runs.saveState(settings.channel, { ...state, lastRun: { runId: run.runId, slot: run.slot, cutoff: run.cutoff } });
    core.logger.info('digest planned', { channel: channelKey(settings.channel), slot: run.slot, candidates: candidates.length, picks: run.plan.length });
    return run;
  }

  async function postRun(run: DigestRun, settings: ChannelSettings, platform: Platform): Promise<number> {
    let posted = 0;
    const total = run.plan.length;
    try {
      for (const [i, pick] of run.plan.entries()) {
        if (run.uncertain.includes(pick.paperId) || (await core.posted.wasPosted(run.channel, pick.paperId))) continue;
        const paper = core.papers.get(pick.paperId);
        if (!paper) continue;
        const reply: Reply = { visibility: 'channel', title: `Weekly digest ${i + 1}/${total}`, lines: [], papers: [{ ...pick, paper }] };
        const messageId = await postOnce(run, pick.paperId, platform, reply);
        if (messageId === undefined) continue;
        await core.recordPost(run.channel, pick.paperId, messageId, run.runId);
        posted++;
      }
      if (total === 0 && settings.digest.quietNote && !run.quietNote) {
        const reply: Reply = { visibility: 'channel', title: 'Weekly digest', lines: ['A quiet week: no new papers matched this channel this time.'], papers: [] };
        run.quietNote = await postOnce(run, QUIET_NOTE, platform, reply);
        if (run.quietNote !== undefined) posted++;
      }
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      await core.channels.markUnavailable(run.channel, error.reason, core.clock.now());
      run.status = 'unavailable';
      run.attempting = undefined;
      await runs.saveRun(run);
      core.logger.warn('channel unavailable; digests stop there until its settings change', { channel: channelKey(run.channel), reason: error.reason });
      return posted;
    }
    run.status = 'done';
    run.attempting = undefined;
    run.finishedAt = core.clock.now().toISOString();
    await runs.saveRun(run);
    return posted;
  }

  /**
   * Post one message of a run. The attempt is written down first: if this process dies mid-post, the resumed run
   * finds the mark and does not post that item again (it may have arrived). Returns undefined for such an item.
   */
  async function postOnce(run: DigestRun, item: string, platform: Platform, reply: Reply): Promise<string | undefined> {
    if (run.attempting === item) {
      run.uncertain.push(item);
      run.attempting = undefined;
      await runs.saveRun(run);
      core.logger.warn('a digest post was interrupted; not posting it again', { channel: channelKey(run.channel), item });
      return undefined;
    }
    if (!(await holdLease())) throw new LeaseLostError();
    run.attempting = item;
    await runs.saveRun(run);
    try {
      return (await platform.post(run.channel, reply)).messageId;
    } catch (error) {
      run.attempting = undefined;
      await runs.saveRun(run);
      throw error;
    }
  }

  return {
    owner,
    runs,
    /**
     * Post every digest that is due now on the given platforms. Never overlaps itself in one process; returns
     * `busy` when another process holds the digest lease.
     */
    async runDue(platforms: Platform[]): Promise<DigestPassSummary> {
      if (inFlight) return { busy: true, channels: 0, posted: 0 };
      inFlight = pass(platforms);
      try {
        return await inFlight;
      } finally {
        inFlight = undefined;
      }
    },
  };
}

function toPlanned(rec: Recommendation): PlannedPick {
  return { paperId: rec.paper.id, score: rec.score, reason: rec.reason, terms: rec.terms, ...(rec.exploratory ? { exploratory: true } : {}) };
}
