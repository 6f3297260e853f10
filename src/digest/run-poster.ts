/**
 * Posts one digest run, exactly once per item, also across crashes. A thread-style run first posts a short
 * summary (its own item, `summary`, whose message id the run keeps) and then each paper as a reply in its
 * thread; a `messages` run posts each paper in the channel. For each item: mark it in flight (a fenced
 * write), check and renew the lease, post it with its key (run id, item), then record the message in the same
 * transaction that clears the mark. A run that finds a mark left by a dead or displaced process reads the
 * channel back (`Platform.findPosted`): a message that arrived is recorded (so reactions on it count), one that
 * did not is posted; a restarted run posts the remaining replies into the same thread. A process that lost
 * the lease stops at its next write or check, and its in-flight platform call is told to stop retrying through
 * the lease's abort signal.
 */
import type { PostedMessages } from '../channels/posted-messages.js';
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import { ChannelUnavailableError } from '../errors.js';
import type { Clock, Logger, Platform, PostedMessage, PostKey } from '../ports.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import { channelKey, type Reply } from '../types.js';
import type { DigestLease } from './digest-lease.js';
import type { DigestRun, DigestRunRepository } from './digest-runs.js';

/** The item name of a quiet-week note. */
export const QUIET_NOTE = 'quiet-note';
/** The item name of a thread-style digest's summary message. */
export const SUMMARY = 'summary';
/** Reading the channel back starts this long before the recorded attempt, for clock skew between hosts. */
const READ_BACK_SLACK_MS = 5 * 60_000;

/** What posting a run needs from the core. */
export interface RunPosterDeps {
  clock: Clock;
  logger: Logger;
  runs: DigestRunRepository;
  papers: Pick<PaperRepository, 'get'>;
  /** Told when the platform refuses the destination: the channel's settings, or the person's subscription for a DM. */
  channels: Pick<ChannelSettingsRepository, 'markUnavailable'>;
  posted: Pick<PostedMessages, 'wasPosted'>;
}

/** Posts the missing items of one claimed run while `lease` holds; one instance per run and pass. */
export class RunPoster {
  private posted = 0;

  constructor(
    private readonly deps: RunPosterDeps,
    private run: DigestRun,
    private readonly settings: Pick<ChannelSettings, 'digest'>,
    private readonly platform: Platform,
    private readonly lease: DigestLease,
  ) {}

  /** Post what is missing and finish the run. Returns the number of messages posted in this call. */
  async postAll(): Promise<number> {
    try {
      await this.reconcile();
      if (this.threaded() && this.run.summary === undefined) await this.send(SUMMARY, this.replyFor(SUMMARY)!);
      for (const pick of this.run.plan) {
        if (await this.deps.posted.wasPosted(this.run.channel, pick.paperId)) continue;
        const reply = this.replyFor(pick.paperId);
        if (reply) await this.send(pick.paperId, reply);
      }
      if (this.run.plan.length === 0 && this.settings.digest.quietNote && !this.run.quietNote) await this.send(QUIET_NOTE, this.replyFor(QUIET_NOTE)!);
    } catch (error) {
      if (!(error instanceof ChannelUnavailableError)) throw error;
      await this.deps.channels.markUnavailable(this.run.channel, error.reason, this.deps.clock.now());
      await this.update((r) => Object.assign(r, { status: 'unavailable', attempting: undefined, attemptedAt: undefined }));
      this.deps.logger.warn('channel unavailable; digests stop there until its settings change', { channel: channelKey(this.run.channel), reason: error.reason });
      return this.posted;
    }
    await this.update((r) => Object.assign(r, { status: 'done', finishedAt: this.deps.clock.now().toISOString() }));
    return this.posted;
  }

  /**
   * A post was in flight when its process died or lost the lease: read the channel back. Found: record it.
   * Not found: clear the mark, so the loop posts it.
   */
  private async reconcile(): Promise<void> {
    const item = this.run.attempting;
    if (item === undefined) return;
    const reply = this.replyFor(item);
    const since = new Date(Date.parse(this.run.attemptedAt ?? this.run.cutoff) - READ_BACK_SLACK_MS);
    const found = reply ? await this.platform.findPosted(this.run.channel, { key: this.keyOf(item), reply, replyTo: this.threadOf(item) }, since) : undefined;
    const fields = { channel: channelKey(this.run.channel), run: this.run.runId, item };
    if (found) {
      await this.record(item, found.messageId);
      this.deps.logger.info('digest: a post in flight before a restart had arrived; recorded it', { ...fields, messageId: found.messageId });
      return;
    }
    await this.update((r) => Object.assign(r, { attempting: undefined, attemptedAt: undefined }));
    this.deps.logger.info('digest: a post in flight before a restart never arrived; posting it', fields);
  }

  /**
   * Mark `item` in flight, check the lease, post, record. A failed post other than "channel unavailable" leaves
   * the mark, so the next pass reads the channel back before trying again (a timed-out post may have arrived).
   */
  private async send(item: string, reply: Reply): Promise<void> {
    await this.update((r) => Object.assign(r, { attempting: item, attemptedAt: this.deps.clock.now().toISOString() }));
    await this.lease.check();
    const message = await this.platform.post(this.run.channel, reply, { key: this.keyOf(item), signal: this.lease.signal, replyTo: this.threadOf(item) });
    await this.record(item, message.messageId);
    this.posted++;
  }

  /** Record a message of this run (fenced) and clear its in-flight mark. */
  private async record(item: string, messageId: string): Promise<void> {
    if (item === QUIET_NOTE || item === SUMMARY) {
      const field = item === QUIET_NOTE ? 'quietNote' : 'summary';
      await this.update((r) => Object.assign(r, { [field]: messageId, attempting: undefined, attemptedAt: undefined }));
      return;
    }
    this.run = await this.deps.runs.recordPost(this.run, this.lease.token, { paperId: item, messageId, at: this.deps.clock.now().toISOString() });
  }

  private async update(change: (run: DigestRun) => void): Promise<void> {
    this.run = await this.deps.runs.fenced(this.run, this.lease.token, change);
  }

  private keyOf(item: string): PostKey {
    return { runId: this.run.runId, item };
  }

  /** True for a thread-style run with papers (runs planned before styles existed posted messages). */
  private threaded(): boolean {
    return this.run.style === 'thread' && this.run.plan.length > 0;
  }

  /** The summary a paper of a thread-style run replies to, once it is posted; undefined for anything else. */
  private threadOf(item: string): PostedMessage | undefined {
    return this.threaded() && item !== SUMMARY && item !== QUIET_NOTE && this.run.summary !== undefined ? { messageId: this.run.summary } : undefined;
  }

  /** The message for an item of the run, or undefined for a paper no longer in the store. */
  private replyFor(item: string): Reply | undefined {
    if (item === QUIET_NOTE) {
      return { visibility: 'channel', title: 'Weekly digest', lines: ['A quiet week: no new papers matched this channel this time.'], papers: [] };
    }
    if (item === SUMMARY) {
      const count = this.run.plan.length;
      const lines = [`${count} ${count === 1 ? 'paper' : 'papers'} for this week, each a reply in this thread. React to a paper to vote on it.`];
      return { visibility: 'channel', title: 'Weekly digest', lines, papers: [] };
    }
    const index = this.run.plan.findIndex((p) => p.paperId === item);
    const paper = this.deps.papers.get(item);
    if (index < 0 || !paper) return undefined;
    const title = `${this.run.user ? 'Your weekly digest' : 'Weekly digest'} ${index + 1}/${this.run.plan.length}`;
    return { visibility: 'channel', title, lines: [], papers: [{ ...this.run.plan[index], paper }] };
  }
}
