/**
 * What the digest remembers, so each weekly digest is posted exactly once: one run record per channel and
 * slot (written before the first post: the planned picks, which were posted, which post was in flight), and
 * one state record per channel (when its current schedule was first seen, and its last run's cutoff, so the
 * next digest takes only papers added since).
 */
import type { Collection, Store } from '../store/store.js';
import { channelKey, type ChannelRef, type DigestSchedule } from '../types.js';

/** One planned pick of a run, stored so a resumed run posts the same papers with the same reasons. */
export interface PlannedPick {
  paperId: string;
  score: number;
  reason: string;
  terms: string[];
  exploratory?: boolean;
}

export type RunStatus = 'running' | 'done' | 'unavailable';

export interface DigestRun {
  runId: string;
  channel: ChannelRef;
  /** ISO instant of the schedule slot this run serves. */
  slot: string;
  /** ISO instant the candidates were taken: the next run takes papers added from here on. */
  cutoff: string;
  plan: PlannedPick[];
  status: RunStatus;
  /** Paper id (or `quiet-note`) whose post was started and not yet recorded. */
  attempting?: string;
  /** Picks whose post was interrupted by a crash: they may have reached the channel, so they are not retried. */
  uncertain: string[];
  /** Message id of the quiet-week note, once posted. */
  quietNote?: string;
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

export class DigestRunRepository {
  private readonly runs: Collection<DigestRun>;
  private readonly states: Collection<DigestState>;

  constructor(store: Store) {
    this.runs = store.collection<DigestRun>('digestrun');
    this.states = store.collection<DigestState>('digeststate');
  }

  async run(channel: ChannelRef, slot: Date): Promise<DigestRun | undefined> {
    return this.runs.get(`${channelKey(channel)}|${slot.toISOString()}`);
  }

  async saveRun(run: DigestRun): Promise<void> {
    await this.runs.set(`${channelKey(run.channel)}|${run.slot}`, run);
  }

  /** Every run of a channel, oldest slot first. */
  async runsOf(channel: ChannelRef): Promise<DigestRun[]> {
    return (await this.runs.entries(`${channelKey(channel)}|`)).map(([, run]) => run);
  }

  async state(channel: ChannelRef): Promise<DigestState | undefined> {
    return this.states.get(channelKey(channel));
  }

  async saveState(channel: ChannelRef, state: DigestState): Promise<void> {
    await this.states.set(channelKey(channel), state);
  }
}
