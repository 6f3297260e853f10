/**
 * Posts one started digest run (claimed and marked in flight by run-batch.ts), exactly once per item, also
 * across crashes; what it posted is recorded by the caller with the rest of its group. A thread-style run first
 * settles its summary (`postHead`: the item `summary`, whose message id the run keeps); the caller records it,
 * and only then are the papers posted as replies in its thread (`postRest`), so a reply never goes into a
 * thread whose summary could be lost. A `messages` run posts each paper in the channel. Items a dead or displaced
 * process left in flight are read back first (`Platform.findPosted`, from their mark less a margin): a message
 * that arrived is recorded (so reactions on it count), one that did not is posted. Before each post the lease is
 * checked (by time, or the store when the last confirmation is old); a process that lost it stops there, and its
 * in-flight platform call is told to stop retrying through the lease's abort signal.
 *
 * A failed post other than "channel unavailable" stops this run for the pass: its item stays marked (a timed-out
 * post may have arrived, so the next pass reads it back), and the marks of items never attempted are cleared.
 * So does an owner that no longer wants the run (`RunTarget.stillWanted`, asked before each post: a person's
 * forget-me or turning their digest off, on any instance): nothing more is posted to them.
 */
import { ChannelUnavailableError } from '../errors.js';
import type { Clock, Logger, Platform, PostedMessage, PostKey } from '../ports.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import { channelKey, type Reply } from '../types.js';
import { LeaseLostError, type DigestLease } from './digest-lease.js';
import { inFlightOf, type DigestRun } from './digest-runs.js';
import { QUIET_NOTE, SUMMARY, threaded, type RunOutcome, type StartedRun } from './run-batch.js';

export { QUIET_NOTE, SUMMARY };
/** Reading the channel back starts this long before the recorded mark, for clock skew between hosts. */
const READ_BACK_SLACK_MS = 5 * 60_000;

/** What posting a run needs from the core. */
export interface RunPosterDeps {
  clock: Clock;
  logger: Logger;
  papers: Pick<PaperRepository, 'get'>;
}

/** Where the run posts, what to do when the platform refuses it (stop digests there), and whether it is still wanted. */
export interface RunTarget {
  platform: Platform;
  markUnavailable(reason: string, at: Date): Promise<void>;
  /** Asked before each post: false stops the run there (see `DueDigest.stillWanted`). */
  stillWanted?(): Promise<boolean>;
}

/** The run's owner no longer wants it (forgotten, or a person who turned their digest off): post nothing more. */
class NoLongerWanted extends Error {}

/** Posts the missing items of one started run while `lease` holds; one instance per run and pass. */
export class RunPoster {
  /** Messages posted in this pass. */
  posted = 0;
  private run: DigestRun;
  private readonly readBack: Set<string>;
  private readonly toPost: string[];
  private readonly attempted = new Set<string>();
  private messages = new Map<string, string>();
  private cleared: string[] = [];
  private status?: RunOutcome['status'];
  private stopped = false;

  constructor(
    private readonly deps: RunPosterDeps,
    started: StartedRun,
    private readonly target: RunTarget,
    private readonly lease: DigestLease,
  ) {
    this.run = started.run;
    this.readBack = new Set(started.readBack);
    this.toPost = started.toPost;
  }

  /** The run as last recorded (the caller passes it back after each batch record). */
  recorded(run: DigestRun): void {
    this.run = run;
  }

  /** Settle a thread-style run's summary: read it back, or post it. Nothing for other runs. */
  async postHead(): Promise<void> {
    if (!threaded(this.run) || this.run.summary !== undefined) return;
    await this.settleAll([SUMMARY]);
  }

  /** Settle every other item (read back first, then the rest in plan order); the run is then done. */
  async postRest(): Promise<void> {
    if (this.stopped) return;
    if (threaded(this.run) && this.run.summary === undefined) return; // the summary is not recorded: no replies yet
    const items = [...this.readBack, ...this.toPost].filter((item, i, all) => item !== SUMMARY && all.indexOf(item) === i);
    if (await this.settleAll(items)) this.status = 'done';
  }

  /** What changed since the last call, to record; undefined when nothing did. */
  takeOutcome(): RunOutcome | undefined {
    if (this.messages.size === 0 && this.cleared.length === 0 && !this.status) return undefined;
    const outcome: RunOutcome = { run: this.run, messages: this.messages, cleared: this.cleared, ...(this.status ? { status: this.status } : {}) };
    this.messages = new Map();
    this.cleared = [];
    this.status = undefined;
    return outcome;
  }

  /** Settle `items` in order; false (and this run stopped for the pass) when one failed. */
  private async settleAll(items: string[]): Promise<boolean> {
    try {
      for (const item of items) await this.settle(item);
      return true;
    } catch (error) {
      if (error instanceof LeaseLostError || this.lease.signal.aborted) throw new LeaseLostError();
      this.stopped = true;
      this.cleared.push(...this.toPost.filter((item) => !this.attempted.has(item)));
      if (error instanceof NoLongerWanted) {
        this.deps.logger.info('digest stopped: no longer wanted (forgotten or turned off)', { channel: channelKey(this.run.channel), run: this.run.runId });
      } else if (error instanceof ChannelUnavailableError) {
        await this.target.markUnavailable(error.reason, this.deps.clock.now());
        this.status = 'unavailable';
        this.deps.logger.warn('channel unavailable; digests stop there until its settings change', { channel: channelKey(this.run.channel), reason: error.reason });
      } else {
        this.deps.logger.error('digest failed; it resumes on the next tick', { channel: channelKey(this.run.channel), error });
      }
      return false;
    }
  }

  /** Read `item` back when it was left in flight; post it unless it arrived; skip a paper no longer stored. */
  private async settle(item: string): Promise<void> {
    const reply = this.replyFor(item);
    if (!reply) {
      this.cleared.push(item);
      return;
    }
    if (this.readBack.has(item) && (await this.foundInChannel(item, reply))) return;
    await this.lease.check();
    if (this.target.stillWanted && !(await this.target.stillWanted())) throw new NoLongerWanted();
    this.attempted.add(item);
    const message = await this.target.platform.post(this.run.channel, reply, { key: this.keyOf(item), signal: this.lease.signal, replyTo: this.threadOf(item) });
    this.messages.set(item, message.messageId);
    this.posted++;
  }

  /** Read the channel back for an item left in flight; true (and its message kept) when it had arrived. */
  private async foundInChannel(item: string, reply: Reply): Promise<boolean> {
    const markedAt = inFlightOf(this.run)[item] ?? this.run.cutoff;
    const since = new Date(Date.parse(markedAt) - READ_BACK_SLACK_MS);
    const found = await this.target.platform.findPosted(this.run.channel, { key: this.keyOf(item), reply, replyTo: this.threadOf(item) }, since);
    const fields = { channel: channelKey(this.run.channel), run: this.run.runId, item };
    if (found) {
      this.messages.set(item, found.messageId);
      this.deps.logger.info('digest: a post in flight before a restart had arrived; recorded it', { ...fields, messageId: found.messageId });
      return true;
    }
    this.deps.logger.info('digest: a post in flight before a restart never arrived; posting it', fields);
    return false;
  }

  private keyOf(item: string): PostKey {
    return { runId: this.run.runId, item };
  }

  /** The summary a paper of a thread-style run replies to, once it is recorded; undefined for anything else. */
  private threadOf(item: string): PostedMessage | undefined {
    return threaded(this.run) && item !== SUMMARY && item !== QUIET_NOTE && this.run.summary !== undefined ? { messageId: this.run.summary } : undefined;
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
