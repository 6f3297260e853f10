/**
 * Personal weekly digests: each subscribed person gets their own picks by direct message, exactly once a week,
 * through the same machinery as channel digests (run records, the fenced lease, the run poster that reads the
 * conversation back after a crash). A person's run is kept under their key and posts to their direct-message
 * channel, opened when the run is planned. The picks are the person's own (their votes, the interests of the
 * channels they use the bot from), never a paper they voted on or were already sent. A person the platform
 * cannot message (left the workspace, blocks direct messages) is marked unavailable and skipped until they
 * change their subscription: never retried every tick.
 */
import { randomUUID } from 'node:crypto';
import type { PostedMessages } from '../channels/posted-messages.js';
import { ChannelUnavailableError } from '../errors.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Clock, Logger, Platform } from '../ports.js';
import { userKey, type ChannelRef, type Recommendation, type UserRef } from '../types.js';
import { LeaseLostError, type DigestLease } from './digest-lease.js';
import { FIRST_DIGEST_WINDOW_MS, toPlanned, type DigestRun, type DigestRunRepository, type DigestState } from './digest-runs.js';
import type { PersonalSubscription, PersonalSubscriptions } from './personal-subscriptions.js';
import { RunPoster } from './run-poster.js';
import { latestSlot } from './schedule.js';

/** What personal digests need from the core. */
export interface PersonalDigestDeps {
  clock: Clock;
  logger: Logger;
  papers: Pick<PaperRepository, 'get' | 'newSince'>;
  posted: Pick<PostedMessages, 'wasPosted' | 'postedIds'>;
  people: PersonalSubscriptions;
  /** The person's best `k` of `candidates`, from their votes and the interests of `channels` (src/ranking/recommender.ts). */
  rankForPerson(user: UserRef, channels: ChannelRef[], candidates: string[], k: number, exclude: Set<string>): Promise<Recommendation[]>;
}

/** What one pass of personal digests did. */
export interface PersonalPassSummary {
  /** People whose digest was started or resumed. */
  people: number;
  /** Messages posted. */
  posted: number;
}

/** Personal digests over `runs`; `runDue` is called by the digest pass while it holds the lease. */
export function createPersonalDigests(deps: PersonalDigestDeps, runs: DigestRunRepository) {
  /** Run or resume one person's digest when its latest slot is due. Returns posts made, or undefined if not due. */
  async function runPerson(subscription: PersonalSubscription, platform: Platform, lease: DigestLease): Promise<number | undefined> {
    const { user, digest } = subscription;
    const now = deps.clock.now();
    const state = await runs.armedState(user, digest, now);
    const slot = latestSlot(digest, now);
    if (slot.getTime() <= Date.parse(state.armedAt)) return undefined;
    let run = await runs.run(user, slot);
    if (run && run.status !== 'running') return undefined;
    if (!run) {
      const direct = await openDirect(subscription, platform);
      if (!direct) return undefined;
      run = await planRun(subscription, direct, state, slot, now, lease.token);
    }
    run = await runs.claim(run, lease.token);
    const unreachable = { markUnavailable: (_channel: ChannelRef, reason: string, at: Date) => markUnreachable(user, reason, at) };
    const posterDeps = { clock: deps.clock, logger: deps.logger, runs, papers: deps.papers, posted: deps.posted, channels: unreachable };
    return new RunPoster(posterDeps, run, subscription, platform, lease).postAll();
  }

  /** The person's direct-message channel (remembered on the subscription), or undefined when they cannot be messaged. */
  async function openDirect(subscription: PersonalSubscription, platform: Platform): Promise<ChannelRef | undefined> {
    try {
      const direct = await platform.openDirect!(subscription.user);
      if (direct.channel !== subscription.directChannel) await deps.people.setDirectChannel(subscription.user, direct.channel);
      return direct;
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      await markUnreachable(subscription.user, error.reason, deps.clock.now());
      return undefined;
    }
  }

  async function markUnreachable(user: UserRef, reason: string, at: Date): Promise<void> {
    await deps.people.markUnavailable(user, reason, at);
    deps.logger.warn('personal digest: cannot message the person; stopped until they change their digest', { user: userKey(user), reason });
  }

  async function planRun(subscription: PersonalSubscription, direct: ChannelRef, state: DigestState, slot: Date, now: Date, token: number): Promise<DigestRun> {
    const { user } = subscription;
    const since = state.lastRun ? new Date(state.lastRun.cutoff) : new Date(now.getTime() - FIRST_DIGEST_WINDOW_MS);
    const candidates = deps.papers.newSince(since).map((p) => p.id);
    // A DM noted before it was known as the digest's (a command typed there) is no channel to draw interests from.
    const used = subscription.channelsUsed.filter((channel) => channel !== direct.channel);
    const channels = used.map((channel) => ({ platform: user.platform, workspace: user.workspace, channel }));
    const picks = await deps.rankForPerson(user, channels, candidates, subscription.digest.k, await deps.posted.postedIds(direct));
    const planned: DigestRun = { runId: randomUUID(), channel: direct, user, slot: slot.toISOString(), cutoff: now.toISOString(), plan: picks.map(toPlanned), status: 'running', fence: token };
    const run = await runs.createRun(planned, { ...state, lastRun: { runId: planned.runId, slot: planned.slot, cutoff: planned.cutoff } });
    if (run === planned) deps.logger.info('personal digest planned', { user: userKey(user), slot: run.slot, candidates: candidates.length, picks: run.plan.length });
    return run;
  }

  return {
    /** Post every personal digest due now on `platforms` (those that can message a person) under `lease`. */
    async runDue(platforms: Platform[], lease: DigestLease): Promise<PersonalPassSummary> {
      const summary: PersonalPassSummary = { people: 0, posted: 0 };
      for (const subscription of await deps.people.enabled()) {
        const platform = platforms.find((p) => p.name === subscription.user.platform && p.openDirect);
        if (!platform) continue;
        try {
          const posted = await runPerson(subscription, platform, lease);
          if (posted === undefined) continue;
          summary.people++;
          summary.posted += posted;
        } catch (error) {
          if (error instanceof LeaseLostError || lease.signal.aborted) throw new LeaseLostError();
          deps.logger.error('personal digest failed; it resumes on the next tick', { user: userKey(subscription.user), error });
        }
      }
      return summary;
    },
  };
}
