/**
 * One group of digests (channels and people of one shard) run together, so the store sees a few batched
 * transactions per group instead of a dozen statements per post: one read of the owners' states (and one write
 * of those re-armed), one read of their runs, one batched read of what the ranking of the runs not yet planned
 * needs (channel-inputs.ts: settings, votes, posted papers, stored widened interests), then their ranking (with no
 * store call per channel; a person's plan still reads its own, several at once), then `startRuns` (write the new
 * runs, claim and mark everything to post in flight: one transaction; the widened interests the ranking computed
 * are stored beside it, a cache outside the fenced writes), a store check of the lease, the posts (several
 * channels at once, each in order), and
 * `recordOutcomes` (one transaction). A thread-style run's summary is recorded in a first such batch before any
 * reply goes into its thread. See run-batch.ts for what a crash between the batches leaves and how the next
 * runner resumes.
 */
import type { Clock, Logger, Platform } from '../ports.js';
import type { PaperRepository } from '../papers/paper-repository.js';
import type { Store } from '../store/store.js';
import type { DigestSchedule } from '../types.js';
import { LeaseLostError, type DigestLease } from './digest-lease.js';
import { FIRST_DIGEST_WINDOW_MS, ownerKey, runKey, scheduleSignature, type DigestOwner, type DigestRun, type DigestRunRepository, type DigestState } from './digest-runs.js';
import { recordOutcomes, startRuns, type RunOutcome, type StartRequest } from './run-batch.js';
import { RunPoster } from './run-poster.js';
import type { ReadAhead } from './channel-inputs.js';
import { latestSlot } from './schedule.js';
import { ownTurn } from '../pacer.js';

/** Channels (or people) of a group posting at the same time. */
export const CHANNELS_AT_ONCE = 8;
/** Runs of a group planned (ranked) at the same time. */
const PLANS_AT_ONCE = 8;

/** One channel or person whose digest may be due in this pass. */
export interface DueDigest {
  owner: DigestOwner;
  schedule: DigestSchedule;
  platform: Platform;
  /**
   * Rank and lay out a new run for `slot` from the papers added since `since` (status `running`, not fenced), or
   * undefined when it cannot be planned now (a person who cannot be messaged). `readAhead`: what the group's
   * planning read for its channels at once (see channel-inputs.ts).
   */
  plan(since: Date, slot: Date, now: Date, readAhead: ReadAhead): Promise<DigestRun | undefined>;
  /** The platform refused the destination: stop its digests until its settings change. */
  markUnavailable(reason: string, at: Date): Promise<void>;
  /**
   * Asked before each post of a run: false stops the run there. A person's subscription is read again, so
   * forget-me or turning the digest off, on any instance, stops the direct messages of a run in progress.
   * Channels have none.
   */
  stillWanted?(): Promise<boolean>;
}

export interface GroupDeps {
  store: Store;
  clock: Clock;
  logger: Logger;
  runs: DigestRunRepository;
  papers: Pick<PaperRepository, 'get'>;
  /** Read, in a few batched reads, what planning these owners' runs needs (none: each plan reads its own). */
  readAhead?(owners: DigestOwner[]): Promise<ReadAhead>;
  /** Store what planning computed that other instances can reuse (widened interests); runs beside the group's writes. */
  savePlanning?(): Promise<void>;
}

/** What a group did: channels and people whose digest was started or resumed, and messages posted. */
export interface GroupSummary {
  channels: number;
  people: number;
  posted: number;
}

/** Run or resume every digest of `group` that is due now, under `lease` (see the header). */
export async function runGroup(deps: GroupDeps, group: DueDigest[], lease: DigestLease): Promise<GroupSummary> {
  const now = deps.clock.now();
  const requests = await requestsFor(deps, group, now);
  // A cache: a failed write only costs another instance a search, so it is logged and the group goes on.
  const saved = deps.savePlanning?.().catch((error: unknown) => deps.logger.warn('could not store what the digest planning computed', { error }));
  const started = await startRuns(deps.store, requests.map((r) => r.request), lease, now);
  const posters: RunPoster[] = [];
  const summary: GroupSummary = { channels: 0, people: 0, posted: 0 };
  for (const [i, run] of started.entries()) {
    if (!run) continue;
    const { due } = requests[i];
    if (run.created) deps.logger.info('digest planned', { owner: ownerKey(due.owner), slot: run.run.slot, picks: run.run.plan.length });
    posters.push(new RunPoster(deps, run, due, lease));
    if ('user' in due.owner) summary.people++;
    else summary.channels++;
  }
  if (posters.length === 0) {
    await saved;
    return summary;
  }
  await lease.confirm();
  const record = async () => {
    const outcomes = posters.map((p) => [p, p.takeOutcome()] as const).filter((o): o is [RunPoster, RunOutcome] => o[1] !== undefined);
    const stored = await recordOutcomes(deps.store, outcomes.map(([, o]) => o), lease, deps.clock.now());
    outcomes.forEach(([poster], i) => poster.recorded(stored[i]));
  };
  await eachAtOnce(posters, CHANNELS_AT_ONCE, (p) => p.postHead(), lease);
  await record();
  await eachAtOnce(posters, CHANNELS_AT_ONCE, (p) => p.postRest(), lease);
  await record();
  summary.posted = posters.reduce((sum, p) => sum + p.posted, 0);
  await saved;
  return summary;
}

/** The start requests of the group's due digests: runs to resume, and new runs planned (ranked) now. */
async function requestsFor(deps: GroupDeps, group: DueDigest[], now: Date): Promise<{ due: DueDigest; request: StartRequest }[]> {
  const states = await deps.runs.armedStates(group.map((d) => ({ owner: d.owner, schedule: d.schedule })), now);
  // Most owners share a schedule: its latest slot is worked out once per group (timezone math is not free).
  const slots = new Map<string, Date>();
  const due = group.flatMap((d, i) => {
    const signature = scheduleSignature(d.schedule);
    let slot = slots.get(signature);
    if (!slot) slots.set(signature, (slot = latestSlot(d.schedule, now)));
    return slot.getTime() > Date.parse(states[i].armedAt) ? [{ d, state: states[i], slot }] : [];
  });
  const stored = await deps.runs.runsAt(due.map(({ d, slot }) => ({ owner: d.owner, slot: slot.toISOString() })));
  const readAhead = (await deps.readAhead?.(due.flatMap(({ d }, i) => (stored[i] ? [] : [d.owner])))) ?? new Map();
  // A plan not read ahead (a person's) reads the store a few times: several plans at once overlap those round trips.
  const planned = await mapAtOnce(due, PLANS_AT_ONCE, ({ d, state, slot }, i) => (stored[i] ? Promise.resolve(undefined) : planOne(deps, d, state, slot, now, readAhead)));
  const requests: { due: DueDigest; request: StartRequest }[] = [];
  for (const [i, { d, state, slot }] of due.entries()) {
    const key = runKey(d.owner, slot.toISOString());
    const quietNote = d.schedule.quietNote;
    const existing = stored[i];
    if (existing) {
      if (existing.status === 'running') requests.push({ due: d, request: { key, quietNote } });
      continue;
    }
    const run = planned[i];
    if (!run) continue;
    const lastRun = { runId: run.runId, slot: run.slot, cutoff: run.cutoff };
    requests.push({ due: d, request: { key, planned: run, state: { ...state, lastRun }, quietNote } });
  }
  return requests;
}

/**
 * `work` on every item, at most `limit` at once; the results in the items' order. A failure stops the workers
 * from taking new items and is thrown once every call in progress has settled.
 */
export async function mapAtOnce<T, R>(items: T[], limit: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const i = next++;
      results[i] = await work(items[i], i).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };
  const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, items.length) }, worker));
  const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) throw failure.reason;
  return results;
}

/** Plan one owner's run; a failure is logged and the owner left for the next tick. */
async function planOne(deps: GroupDeps, due: DueDigest, state: DigestState, slot: Date, now: Date, readAhead: ReadAhead): Promise<DigestRun | undefined> {
  const since = state.lastRun ? new Date(state.lastRun.cutoff) : new Date(now.getTime() - FIRST_DIGEST_WINDOW_MS);
  try {
    // A channel's ranking is half a millisecond of CPU; between two, the store's answers get the event loop, so a
    // group's transaction (which holds the store's queue statement by statement) is not kept waiting for a
    // whole group's ranking.
    await ownTurn();
    return await due.plan(since, slot, now, readAhead);
  } catch (error) {
    if (error instanceof LeaseLostError) throw error;
    deps.logger.error('digest failed; it resumes on the next tick', { owner: ownerKey(due.owner), error });
    return undefined;
  }
}

/** Run `work` on every item, at most `limit` at once; stops taking new items once the lease is lost. */
async function eachAtOnce<T>(items: T[], limit: number, work: (item: T) => Promise<void>, lease: DigestLease): Promise<void> {
  await mapAtOnce(items, limit, (item) => (lease.signal.aborted ? Promise.resolve() : work(item)));
  lease.signal.throwIfAborted();
}
