/**
 * What the digest remembers, so each weekly digest is posted exactly once: one run record per channel (or
 * person, for a personal digest sent by direct message) and slot (written before the first post: the planned picks, which post was in flight, and the fencing token of
 * the process running it), and one state record per channel (when its current schedule was first seen, and its
 * last run's cutoff, so the next digest takes only papers added since). Every write a run makes while posting
 * goes through `fenced`/`recordPost`, which check the run's token in the same atomic write: a process that
 * lost the digest lease cannot mark or record anything.
 */
import { PostedMessages } from '../channels/posted-messages.js';
import type { Collection, Store } from '../store/store.js';
import { channelKey, type ChannelRef, type DigestSchedule, type DigestStyle, type Recommendation, type UserRef } from '../types.js';
import { LeaseLostError } from './digest-lease.js';

/** How far back the first digest of a channel (or person) looks for papers. */
export const FIRST_DIGEST_WINDOW_MS = 7 * 24 * 3600 * 1000;

/** One planned pick of a run, stored so a resumed run posts the same papers with the same reasons. */
export interface PlannedPick {
  paperId: string;
  score: number;
  reason: string;
  terms: string[];
  exploratory?: boolean;
}

/** A ranked pick as the run stores it. */
export function toPlanned(rec: Recommendation): PlannedPick {
  return { paperId: rec.paper.id, score: rec.score, reason: rec.reason, terms: rec.terms, ...(rec.exploratory ? { exploratory: true } : {}) };
}

export type RunStatus = 'running' | 'done' | 'unavailable';

export interface DigestRun {
  runId: string;
  /** Where the run posts: a channel, or the person's direct-message channel for a personal digest. */
  channel: ChannelRef;
  /** Set on a personal digest: the person it is for. Its run and state are kept under the person's key. */
  user?: UserRef;
  /** ISO instant of the schedule slot this run serves. */
  slot: string;
  /** ISO instant the candidates were taken: the next run takes papers added from here on. */
  cutoff: string;
  plan: PlannedPick[];
  /** The layout, fixed when the run is planned; absent on runs planned before styles existed (posted as `messages`). */
  style?: DigestStyle;
  status: RunStatus;
  /** Paper id (or `summary`, `quiet-note`) whose post was started and not yet recorded: the next runner reads the channel back. */
  attempting?: string;
  /** ISO instant the `attempting` post was started: where reading the channel back begins. */
  attemptedAt?: string;
  /** Fencing token of the digest lease under which the run is being posted; writes with an older one fail. */
  fence?: number;
  /** Message id of the quiet-week note, once posted. */
  quietNote?: string;
  /** Message id of a thread-style run's summary, once posted: the papers are posted (and read back) in its thread. */
  summary?: string;
  finishedAt?: string;
}

export interface DigestState {
  /** The schedule as last seen (`weekday minute timezone`): a change re-arms the channel. */
  signature: string;
  /** ISO instant the current schedule was first seen; slots at or before it are not due. */
  armedAt: string;
  lastRun?: { runId: string; slot: string; cutoff: string };
}

/** The part of a schedule that decides when slots fall. */
export function scheduleSignature(schedule: DigestSchedule): string {
  return `${schedule.weekday} ${schedule.minuteOfDay} ${schedule.timezone}`;
}

const RUNS = 'digestrun';

/** Whom a digest is for: a channel, or a person (a personal digest, sent by direct message). */
export type DigestOwner = ChannelRef | UserRef;

/**
 * The store key of a digest's owner: the channel key, or for a person `platform:workspace:@user` (no channel or
 * user id starts with `@`, so the two never meet; both start with the workspace prefix).
 */
export function ownerKey(owner: DigestOwner): string {
  return 'user' in owner ? `${owner.platform}:${owner.workspace}:@${owner.user}` : channelKey(owner);
}

/** The owner of a run: its person for a personal digest, else its channel. */
function ownerOf(run: DigestRun): DigestOwner {
  return run.user ?? run.channel;
}

/** The store key of a run. */
function runKey(owner: DigestOwner, slot: string): string {
  return `${ownerKey(owner)}|${slot}`;
}

/** Throw `LeaseLostError` unless `stored` is fenced by `token` (it exists and no newer owner claimed it). */
function assertFenced(stored: DigestRun | undefined, token: number): DigestRun {
  if (!stored || stored.fence !== token) throw new LeaseLostError();
  return stored;
}

export class DigestRunRepository {
  private readonly runs: Collection<DigestRun>;
  private readonly states: Collection<DigestState>;

  constructor(private readonly store: Store) {
    this.runs = store.collection<DigestRun>(RUNS);
    this.states = store.collection<DigestState>('digeststate');
  }

  /**
   * Stamp the run with `token` (the caller's lease token), so older owners' writes fail from now on. Throws
   * `LeaseLostError` when a newer owner already claimed it. Returns the run as stored.
   */
  async claim(run: DigestRun, token: number): Promise<DigestRun> {
    const stored = await this.runs.update(runKey(ownerOf(run), run.slot), (current) => {
      if (!current || (current.fence ?? 0) > token) throw new LeaseLostError();
      current.fence = token;
      return current;
    });
    return stored!;
  }

  /** Change the stored run atomically, only while `token` fences it (else `LeaseLostError`). Returns it as stored. */
  async fenced(run: DigestRun, token: number, change: (run: DigestRun) => void): Promise<DigestRun> {
    const stored = await this.runs.update(runKey(ownerOf(run), run.slot), (current) => {
      change(assertFenced(current, token));
      return current;
    });
    return stored!;
  }

  /**
   * Record that `messageId` shows `paperId` and clear the run's in-flight mark, in one transaction that first
   * checks the run is still fenced by `token`: both land, or (lease lost) neither.
   */
  async recordPost(run: DigestRun, token: number, posted: { paperId: string; messageId: string; at: string }): Promise<DigestRun> {
    return this.store.transaction(async (tx) => {
      const runs = tx.collection<DigestRun>(RUNS);
      const key = runKey(ownerOf(run), run.slot);
      const stored = assertFenced(await runs.get(key), token);
      stored.attempting = undefined;
      stored.attemptedAt = undefined;
      await runs.set(key, stored);
      await new PostedMessages(tx).record(run.channel, { ...posted, runId: run.runId });
      return stored;
    });
  }

  async run(owner: DigestOwner, slot: Date): Promise<DigestRun | undefined> {
    return this.runs.get(runKey(owner, slot.toISOString()));
  }

  /**
   * Write a new run and the channel's state pointing at it, in one transaction. When a run for the slot already
   * exists (another process planned it), that one is returned and nothing is written.
   */
  async createRun(run: DigestRun, state: DigestState): Promise<DigestRun> {
    return this.store.transaction(async (tx) => {
      const runs = tx.collection<DigestRun>(RUNS);
      const key = runKey(ownerOf(run), run.slot);
      const existing = await runs.get(key);
      if (existing) return existing;
      await runs.set(key, run);
      await tx.collection<DigestState>('digeststate').set(ownerKey(ownerOf(run)), state);
      return run;
    });
  }

  /** Overwrite a run (tests and tools; the digest itself writes through `createRun`, `claim` and `fenced`). */
  async saveRun(run: DigestRun): Promise<void> {
    await this.runs.set(runKey(ownerOf(run), run.slot), run);
  }

  /** Every run of a channel (or person), oldest slot first. */
  async runsOf(owner: DigestOwner): Promise<DigestRun[]> {
    return (await this.runs.entries(`${ownerKey(owner)}|`)).map(([, run]) => run);
  }

  async state(owner: DigestOwner): Promise<DigestState | undefined> {
    return this.states.get(ownerKey(owner));
  }

  async saveState(owner: DigestOwner, state: DigestState): Promise<void> {
    await this.states.set(ownerKey(owner), state);
  }

  /**
   * The owner's state for `schedule`: as stored while the schedule is unchanged; re-armed at `now` (stored)
   * when the schedule is new or changed, so slots at or before the change are not due.
   */
  async armedState(owner: DigestOwner, schedule: DigestSchedule, now: Date): Promise<DigestState> {
    const signature = scheduleSignature(schedule);
    const state = await this.state(owner);
    if (state && state.signature === signature) return state;
    const armed: DigestState = { ...state, signature, armedAt: now.toISOString() };
    await this.saveState(owner, armed);
    return armed;
  }

  /** Delete a person's runs and digest state (forget-me). Returns how many records went. */
  async deleteOwner(owner: DigestOwner): Promise<number> {
    const runs = await this.runs.deleteByPrefix(`${ownerKey(owner)}|`);
    return runs + ((await this.states.delete(ownerKey(owner))) ? 1 : 0);
  }
}
