/**
 * The digest's fenced writes, batched over a group of runs: each is one store transaction, whatever the number of
 * runs and posts in it.
 * - `startRuns` writes the runs planned in this pass (and their owners' states), claims every run for the
 *   caller's shard lease (stamps its token and lease name; a run stamped by a newer token of the same lease means
 *   that lease was lost: `LeaseLostError`, nothing written), and marks every item still to post in flight, each
 *   with the instant it was marked. Items already in flight (left by a dead or displaced process) keep their
 *   mark: the caller reads the channel back for them. One read of the `posted` records replaces a check per pick.
 *   A person's run starts only if their subscription, read in the same transaction (one read for the group's
 *   people), is still stored, on and reachable: one deleted by forget-me (or turned off) since the run was planned
 *   is left alone, nothing written for it, like a channel's run that ended unavailable.
 * - `recordOutcomes` records what a group posted (or read back): the message records of the papers, the run's
 *   summary or quiet-note message, the marks cleared, and a finished status; only if every run is still fenced
 *   by the caller's token, else nothing is written (`LeaseLostError`). A person's run whose subscription or run
 *   record is gone (forget-me landed while it posted) is skipped: nothing about it is written back.
 * A crash between the two leaves the marks: the next runner reads each marked item back (`Platform.findPosted`)
 * before posting anything, so nothing is posted twice or lost.
 */
import { PostedMessages, type PostedPaper } from '../channels/posted-messages.js';
import type { Store, Transaction } from '../store/store.js';
import { channelKey, type ChannelRef } from '../types.js';
import { LeaseLostError } from './digest-lease.js';
import { inFlightOf, ownerOf, RUNS, runKey, STATES, ownerKey, type DigestRun, type DigestState } from './digest-runs.js';
import { receivesDigests, subscriptionsIn } from './personal-subscriptions.js';

/** The item name of a quiet-week note. */
export const QUIET_NOTE = 'quiet-note';
/** The item name of a thread-style digest's summary message. */
export const SUMMARY = 'summary';

/** The lease a group's writes are fenced by. */
export interface Fence {
  name: string;
  token: number;
}

/** One run to start: the run as stored if there is one (`key`), else `planned`, with its owner's new state. */
export interface StartRequest {
  /** The store key of the run (`runKey`). */
  key: string;
  /** A run planned in this pass, written when none is stored yet. */
  planned?: DigestRun;
  /** The owner's state pointing at `planned`, written with it. */
  state?: DigestState;
  /** Whether an empty plan gets a quiet-week note. */
  quietNote: boolean;
}

/** A run claimed and marked: the items to read back first (left in flight before), then the items to post. */
export interface StartedRun {
  run: DigestRun;
  /** True when this call wrote the run (planned in this pass). */
  created: boolean;
  readBack: string[];
  toPost: string[];
}

/** True for a thread-style run with papers (runs planned before styles existed posted messages). */
export function threaded(run: DigestRun): boolean {
  return run.style === 'thread' && run.plan.length > 0;
}

/** Whether a stored run may be claimed under `fence`: false when a newer token of the same lease stamped it. */
function claimable(run: DigestRun, fence: Fence): boolean {
  return (run.fenceLease ?? 'digest-runner') !== fence.name || (run.fence ?? 0) <= fence.token;
}

/**
 * Claim and mark the requested runs in one transaction (see the header). Returns, per request, the started run,
 * or undefined where there is nothing to post (finished or unavailable, neither stored nor planned, or a person's
 * run whose subscription is gone, off or unreachable).
 */
export async function startRuns(store: Store, requests: StartRequest[], fence: Fence, now: Date): Promise<(StartedRun | undefined)[]> {
  if (requests.length === 0) return [];
  return store.transaction(async (tx) => {
    const runs = tx.collection<DigestRun>(RUNS);
    const stored = await runs.getMany(requests.map((r) => r.key));
    const running = requests.map((request, i) => {
      const run = stored[i] ?? request.planned;
      return run?.status === 'running' ? run : undefined;
    });
    const subscriptions = await subscriptionsIn(tx, running.map((run) => run?.user));
    const chosen = running.map((run, i) => {
      if (!run) return undefined;
      // Forgotten (forget-me), turned off or unreachable since the pass planned it: not started, nothing written.
      if (run.user && !(subscriptions[i] && receivesDigests(subscriptions[i]))) return undefined;
      if (!claimable(run, fence)) throw new LeaseLostError();
      return { run, created: stored[i] === undefined };
    });
    const posted = await postedPicks(tx, chosen.flatMap((c) => (c ? [c.run] : [])));
    const at = now.toISOString();
    const started = chosen.map((c, i) => c && markRun(c.run, c.created, posted, requests[i].quietNote, fence, at));
    const live = started.filter((s): s is StartedRun => s !== undefined);
    await runs.setMany(live.map((s): [string, DigestRun] => [runKey(ownerOf(s.run), s.run.slot), s.run]));
    const states = requests.flatMap((r, i): [string, DigestState][] => (started[i]?.created && r.state ? [[ownerKey(ownerOf(started[i]!.run)), r.state]] : []));
    if (states.length > 0) await tx.collection<DigestState>(STATES).setMany(states);
    return started;
  });
}

/** The `channel|paper` pairs among the runs' picks that are already recorded as posted. */
async function postedPicks(tx: Transaction, runs: DigestRun[]): Promise<Set<string>> {
  const pairs = runs.flatMap((run) => run.plan.map((pick) => ({ channel: run.channel, paperId: pick.paperId })));
  if (pairs.length === 0) return new Set();
  const found = await new PostedMessages(tx).postedAmong(pairs);
  return new Set(pairs.filter((_, i) => found[i]).map((p) => pairText(p.channel, p.paperId)));
}

function pairText(channel: ChannelRef, paperId: string): string {
  return `${channelKey(channel)}|${paperId}`;
}

/** Stamp `run` with the fence and mark its items still to post (not posted, not already in flight) at `at`. */
function markRun(run: DigestRun, created: boolean, posted: Set<string>, quietNote: boolean, fence: Fence, at: string): StartedRun {
  const marks = inFlightOf(run);
  const readBack = Object.keys(marks).sort((a, b) => Number(b === SUMMARY) - Number(a === SUMMARY));
  const pending: string[] = [];
  if (threaded(run) && run.summary === undefined) pending.push(SUMMARY);
  for (const pick of run.plan) if (!posted.has(pairText(run.channel, pick.paperId))) pending.push(pick.paperId);
  if (run.plan.length === 0 && quietNote && run.quietNote === undefined) pending.push(QUIET_NOTE);
  const toPost = pending.filter((item) => marks[item] === undefined);
  for (const item of toPost) marks[item] = at;
  const marked: DigestRun = { ...run, fence: fence.token, fenceLease: fence.name, inFlight: marks };
  delete marked.attempting;
  delete marked.attemptedAt;
  return { run: marked, created, readBack, toPost };
}

/** What a run's posting changed since it was last written: to record in one batch with the rest of its group. */
export interface RunOutcome {
  run: DigestRun;
  /** Items now shown by a message (posted, or found by reading back), with the message id. */
  messages: Map<string, string>;
  /** Items whose mark goes without a message: never posted in this pass, or a paper no longer stored. */
  cleared: string[];
  /** Set when the run is over: `done`, or `unavailable` (every mark cleared). */
  status?: 'done' | 'unavailable';
}

/**
 * Record a group's outcomes in one transaction, fenced (see the header). Returns the runs as now stored; for a
 * forgotten person's run (skipped, nothing stored), the run as the caller had it.
 */
export async function recordOutcomes(store: Store, outcomes: RunOutcome[], fence: Fence, now: Date): Promise<DigestRun[]> {
  if (outcomes.length === 0) return [];
  return store.transaction(async (tx) => {
    const runs = tx.collection<DigestRun>(RUNS);
    const keys = outcomes.map((o) => runKey(ownerOf(o.run), o.run.slot));
    const stored = await runs.getMany(keys);
    const subscriptions = await subscriptionsIn(tx, outcomes.map((o) => o.run.user));
    // Only forget-me deletes a person's run or subscription: what was posted to them is not written back.
    const forgotten = outcomes.map((o, i) => o.run.user !== undefined && (stored[i] === undefined || subscriptions[i] === undefined));
    const posts: { channel: ChannelRef; posted: PostedPaper }[] = [];
    const updated = outcomes.map((outcome, i) => {
      if (forgotten[i]) return outcome.run;
      const run = stored[i];
      if (!run || run.fence !== fence.token || run.fenceLease !== fence.name) throw new LeaseLostError();
      for (const [item, messageId] of outcome.messages) {
        if (item !== SUMMARY && item !== QUIET_NOTE) posts.push({ channel: run.channel, posted: { paperId: item, messageId, at: now.toISOString(), runId: run.runId } });
      }
      return applyOutcome(run, outcome, now);
    });
    await runs.setMany(updated.flatMap((run, i): [string, DigestRun][] => (forgotten[i] ? [] : [[keys[i], run]])));
    if (posts.length > 0) await new PostedMessages(tx).recordMany(posts);
    return updated;
  });
}

/** The stored run with `outcome` applied: messages kept, marks cleared, status set. */
function applyOutcome(run: DigestRun, outcome: RunOutcome, now: Date): DigestRun {
  const marks = inFlightOf(run);
  for (const item of [...outcome.messages.keys(), ...outcome.cleared]) delete marks[item];
  const next: DigestRun = { ...run, inFlight: marks };
  delete next.attempting;
  delete next.attemptedAt;
  const summary = outcome.messages.get(SUMMARY);
  if (summary !== undefined) next.summary = summary;
  const note = outcome.messages.get(QUIET_NOTE);
  if (note !== undefined) next.quietNote = note;
  if (outcome.status) {
    next.status = outcome.status;
    if (outcome.status === 'unavailable') next.inFlight = {};
    else next.finishedAt = now.toISOString();
  }
  if (Object.keys(next.inFlight!).length === 0) delete next.inFlight;
  return next;
}
