/**
 * What the digest remembers, so each weekly digest is posted exactly once: one run record per channel (or
 * person, for a personal digest sent by direct message) and slot (written before the first post: the planned
 * picks, which posts are in flight, and the fencing token and lease name of the process running it), and one
 * state record per channel (when its current schedule was first seen, and its last run's cutoff, so the next
 * digest takes only papers added since). Every write a run makes while posting goes through run-batch.ts, which
 * checks the run's token in the same transaction: a process that lost its shard lease cannot mark or record
 * anything. This file holds the records' shapes and their plain reads and writes, batched over a group of owners.
 */
import type { Collection, Store, Transaction } from '../store/store.js';
import { CHANNEL_SETTINGS } from '../channels/channel-settings.js';
import { subscriptionsIn } from './personal-subscriptions.js';
import { channelKey, type ChannelRef, type DigestSchedule, type DigestStyle, type Recommendation, type UserRef } from '../types.js';

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
  /**
   * Items (paper ids, `summary`, `quiet-note`) marked in flight and not yet recorded, each with the ISO instant it
   * was marked: the next runner reads the channel back for each (from that instant, less a margin).
   */
  inFlight?: Record<string, string>;
  /** The one item in flight, as runs written before `inFlight` kept it (read through `inFlightOf`, never written). */
  attempting?: string;
  /** ISO instant the `attempting` post was started. */
  attemptedAt?: string;
  /** Fencing token of the shard lease under which the run is being posted; writes with an older one fail. */
  fence?: number;
  /** Name of the lease that gave `fence` (absent: the single `digest-runner` lease of earlier versions). */
  fenceLease?: string;
  /** Message id of the quiet-week note, once posted. */
  quietNote?: string;
  /** Message id of a thread-style run's summary, once posted: the papers are posted (and read back) in its thread. */
  summary?: string;
  finishedAt?: string;
}

export interface DigestState {
  /** The schedule as last seen (`weekday minute timezone`): a change re-arms the channel. */
  signature: string;
  /** ISO instant the current schedule was set (`DigestSchedule.changedAt`) or else first seen; slots at or before it are not due. */
  armedAt: string;
  lastRun?: { runId: string; slot: string; cutoff: string };
}

/** The part of a schedule that decides when slots fall. */
export function scheduleSignature(schedule: DigestSchedule): string {
  return `${schedule.weekday} ${schedule.minuteOfDay} ${schedule.timezone}`;
}

/** The collections of run and state records. */
export const RUNS = 'digestrun';
export const STATES = 'digeststate';

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
export function ownerOf(run: DigestRun): DigestOwner {
  return run.user ?? run.channel;
}

/** The store key of a run. */
export function runKey(owner: DigestOwner, slot: string): string {
  return `${ownerKey(owner)}|${slot}`;
}

/** The run's items in flight (item -> ISO instant marked), including the single `attempting` of older runs. */
export function inFlightOf(run: DigestRun): Record<string, string> {
  const marks = { ...run.inFlight };
  if (run.attempting !== undefined) marks[run.attempting] ??= run.attemptedAt ?? run.cutoff;
  return marks;
}

/** The state of an owner whose `schedule` is as stored, or re-armed at `now` when it is new or changed. */
function armed(state: DigestState | undefined, schedule: DigestSchedule, now: Date): { state: DigestState; changed: boolean } {
  const signature = scheduleSignature(schedule);
  if (state && state.signature === signature) return { state, changed: false };
  // A new schedule is armed from when it was set, when that is known and past, so a slot right after the change is
  // due even when no tick came between them; else from now.
  const at = now.toISOString();
  const armedAt = schedule.changedAt !== undefined && schedule.changedAt <= at ? schedule.changedAt : at;
  return { state: { ...state, signature, armedAt }, changed: true };
}

export class DigestRunRepository {
  private readonly runs: Collection<DigestRun>;
  private readonly states: Collection<DigestState>;

  constructor(private readonly store: Store) {
    this.runs = store.collection<DigestRun>(RUNS);
    this.states = store.collection<DigestState>(STATES);
  }

  async run(owner: DigestOwner, slot: Date): Promise<DigestRun | undefined> {
    return this.runs.get(runKey(owner, slot.toISOString()));
  }

  /** The runs of many owners at their slots (ISO), in one read; undefined where there is none. */
  async runsAt(slots: { owner: DigestOwner; slot: string }[]): Promise<(DigestRun | undefined)[]> {
    return this.runs.getMany(slots.map(({ owner, slot }) => runKey(owner, slot)));
  }

  /** Overwrite a run (tests and tools; the digest itself writes through run-batch.ts). */
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
    return (await this.armedStates([{ owner, schedule }], now))[0];
  }

  /** `armedState` for many owners: one read, and one batch write of the states re-armed. */
  async armedStates(owners: { owner: DigestOwner; schedule: DigestSchedule }[], now: Date): Promise<DigestState[]> {
    const stored = await this.states.getMany(owners.map(({ owner }) => ownerKey(owner)));
    const states = owners.map(({ schedule }, i) => armed(stored[i], schedule, now));
    const changed = owners.flatMap(({ owner }, i) => (states[i].changed ? [{ owner, state: states[i].state }] : []));
    if (changed.length > 0) {
      // Only for owners still stored: one deleted since the pass listed it (forget-me, a forgotten workspace) gets
      // no state back. Read in the transaction that writes, so a deletion waits for it or comes first.
      await this.store.transaction(async (tx) => {
        const kept = await storedOwners(tx, changed.map((c) => c.owner));
        await tx.collection<DigestState>(STATES).setMany(changed.filter((_, i) => kept[i]).map(({ owner, state }): [string, DigestState] => [ownerKey(owner), state]));
      });
    }
    return states.map((s) => s.state);
  }

  /** Delete a person's runs and digest state (forget-me). Returns how many records went. */
  async deleteOwner(owner: DigestOwner): Promise<number> {
    const runs = await this.runs.deleteByPrefix(`${ownerKey(owner)}|`);
    return runs + ((await this.states.delete(ownerKey(owner))) ? 1 : 0);
  }
}

/** Whether each owner is still stored: a channel's settings, a person's subscription (read in `tx`). */
async function storedOwners(tx: Transaction, owners: DigestOwner[]): Promise<boolean[]> {
  const stored = (await subscriptionsIn(tx, owners.map((owner) => ('user' in owner ? owner : undefined)))).map((s) => s !== undefined);
  const channelAt = owners.flatMap((owner, i) => ('user' in owner ? [] : [i]));
  if (channelAt.length === 0) return stored;
  const settings = await tx.collection<unknown>(CHANNEL_SETTINGS).getMany(channelAt.map((i) => channelKey(owners[i] as ChannelRef)));
  channelAt.forEach((i, j) => (stored[i] = settings[j] !== undefined));
  return stored;
}
