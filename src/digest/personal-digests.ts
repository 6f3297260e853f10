/**
 * Personal weekly digests: each subscribed person gets their own picks by direct message, exactly once a week,
 * through the same machinery as channel digests (run records, the shard leases, the batched run writes, the run
 * poster that reads the conversation back after a crash). A person's run is kept under their key (and in their
 * key's shard) and posts to their direct-message channel, opened when the run is planned. The picks are the
 * person's own (their votes, the interests of the channels they use the bot from), never a paper they voted on or
 * were already sent. A person the platform cannot message (left the workspace, blocks direct messages) is marked
 * unavailable and skipped until they change their subscription: never retried every tick. A person forgotten
 * (forget-me) while a pass works on their digest is not brought back: nothing here re-creates a subscription, and
 * the run's start and record re-read it in their transactions (run-batch.ts); nor sent more: the subscription is
 * read again before each direct message (`stillWanted`), so forget-me or turning it off stops a run in progress.
 */
import { randomUUID } from 'node:crypto';
import type { PostedMessages } from '../channels/posted-messages.js';
import { ChannelUnavailableError } from '../errors.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Clock, Logger, Platform } from '../ports.js';
import { userKey, type ChannelRef, type Recommendation, type UserRef } from '../types.js';
import { toPlanned, type DigestRun } from './digest-runs.js';
import type { DueDigest } from './digest-group.js';
import { receivesDigests, type PersonalSubscription, type PersonalSubscriptions } from './personal-subscriptions.js';

/** What personal digests need from the core. */
export interface PersonalDigestDeps {
  clock: Clock;
  logger: Logger;
  papers: Pick<PaperRepository, 'get' | 'newSince'>;
  posted: Pick<PostedMessages, 'postedIds'>;
  people: PersonalSubscriptions;
  /** The person's best `k` of `candidates`, from their votes and the interests of `channels` (src/ranking/recommender.ts). */
  rankForPerson(user: UserRef, channels: ChannelRef[], candidates: string[], k: number, exclude: Set<string>): Promise<Recommendation[]>;
}

/** Personal digests: the people whose digest may be due, for the digest pass to run with the channels. */
export function createPersonalDigests(deps: PersonalDigestDeps) {
  /**
   * The person's direct-message channel (remembered on the subscription), or undefined when they cannot be
   * messaged or their subscription is gone (deleted by forget-me since the pass read it).
   */
  async function openDirect(subscription: PersonalSubscription, platform: Platform): Promise<ChannelRef | undefined> {
    let direct: ChannelRef;
    try {
      direct = await platform.openDirect!(subscription.user);
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      await markUnreachable(subscription.user, error.reason, deps.clock.now());
      return undefined;
    }
    if (direct.channel === subscription.directChannel || (await deps.people.setDirectChannel(subscription.user, direct.channel))) return direct;
    deps.logger.info('personal digest: the subscription was deleted meanwhile; no digest', { user: userKey(subscription.user) });
    return undefined;
  }

  async function markUnreachable(user: UserRef, reason: string, at: Date): Promise<void> {
    if (!(await deps.people.markUnavailable(user, reason, at))) return; // deleted meanwhile: nothing to stop
    deps.logger.warn('personal digest: cannot message the person; stopped until they change their digest', { user: userKey(user), reason });
  }

  /** Open the person's direct messages and rank their picks: a new run, or undefined when they cannot be messaged. */
  async function planRun(subscription: PersonalSubscription, platform: Platform, since: Date, slot: Date, now: Date): Promise<DigestRun | undefined> {
    const direct = await openDirect(subscription, platform);
    if (!direct) return undefined;
    const { user } = subscription;
    const candidates = deps.papers.newSince(since).map((p) => p.id);
    // A DM noted before it was known as the digest's (a command typed there) is no channel to draw interests from.
    const used = subscription.channelsUsed.filter((channel) => channel !== direct.channel);
    const channels = used.map((channel) => ({ platform: user.platform, workspace: user.workspace, channel }));
    const picks = await deps.rankForPerson(user, channels, candidates, subscription.digest.k, await deps.posted.postedIds(direct));
    return { runId: randomUUID(), channel: direct, user, slot: slot.toISOString(), cutoff: now.toISOString(), plan: picks.map(toPlanned), status: 'running' };
  }

  return {
    /** Every subscribed person reachable on `platforms` (those that can message a person), as digests that may be due. */
    async dues(platforms: Platform[]): Promise<DueDigest[]> {
      const dues: DueDigest[] = [];
      for (const subscription of await deps.people.enabled()) {
        const platform = platforms.find((p) => p.name === subscription.user.platform && p.openDirect);
        if (!platform) continue;
        dues.push({
          owner: subscription.user,
          schedule: subscription.digest,
          platform,
          plan: (since, slot, now) => planRun(subscription, platform, since, slot, now),
          markUnavailable: (reason, at) => markUnreachable(subscription.user, reason, at),
          stillWanted: async () => receivesDigests(await deps.people.get(subscription.user)),
        });
      }
      return dues;
    },
  };
}
