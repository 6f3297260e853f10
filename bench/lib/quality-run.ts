/**
 * The quality benchmark's replay (PROTOCOL.md) through the real core: a sqlite store in a temp dir,
 * `createCore`, channels set up with the follow and digest commands, each week's papers ingested through
 * `core.ingest` at the week's Monday on a settable clock, the weekly digest run by the real digest service
 * (a recording platform stands in for chat), personal picks from `core.picks`, reactions through `core.react`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCommand } from '../../commands/index.js';
import { createCore, type Core } from '../../src/core.js';
import { createDigestService } from '../../src/digest/digest-service.js';
import { createMemoryLogger, SettableClock, type Platform } from '../../src/ports.js';
import { openStore } from '../../src/store/store.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import type { RankingSettings } from '../../src/ranking/settings.js';
import { toPaper } from './papers-file.js';
import type { BenchData, Scenarios } from './quality-data.js';
import { mean, ndcgAt, precisionAtK, seededRandom } from './quality-metrics.js';

export interface ChannelResult {
  p_at_k: number;
  ndcg10: number;
  picks_by_week: Record<string, string[]>;
}

export interface UserResult {
  p_at_k_by_round: number[];
  picks_by_round: string[][];
}

export interface QualityResult {
  k: number;
  weeks: string[];
  channels: Record<string, ChannelResult>;
  users: Record<string, UserResult>;
  summary: {
    channel_p_at_k: number;
    channel_ndcg10: number;
    user_p_at_k_rounds_1_4: number;
    user_p_at_k_rounds_5_plus: number;
    user_p_at_k_all: number;
  };
}

const WORKSPACE = 'bench';
const HOUR = 3600_000;
/** Digests run on Sunday 23:00 UTC, the end of each ISO week, after the week's papers were ingested on Monday. */
const DIGEST_WHEN = 'sunday 23:00 UTC';
const DIGEST_OFFSET_MS = 6 * 24 * HOUR + 23 * HOUR;

export interface RunOptions {
  /** Run one task only (the other's results are left empty). */
  only?: 'users' | 'channels';
  /**
   * Each salt replays every user once more in a workspace named after it, which changes the recommender's
   * exploration seeds (derived from user keys), not the simulated users; the summary averages over all of them.
   * Default: one replay in the plain workspace.
   */
  seedSalts?: string[];
  /**
   * Diagnostic, not the protocol: before round 1 each simulated user likes this many of the first week's papers
   * in their field, so the user figures show what the learner makes of a region once it has been found (finding
   * it is then free). Default 0.
   */
  oracleLikes?: number;
  /** Overrides of the ranking knobs (src/ranking/settings.ts), for experiments. Default: none. */
  settings?: Partial<RankingSettings>;
  /**
   * Before the first digest each channel follows (`follow paper:<id>`) this many relevant papers of the first
   * week, the first in file order; that week is then not scored, also with 0, so runs with 0, 3 and 10 seeds
   * score the same weeks. Default: no seeding, every week scored.
   */
  seedPapers?: number;
}

/** Replay every week of `data` for every scenario; returns the protocol's output object. */
export async function runQuality(
  data: BenchData,
  allScenarios: Scenarios,
  log: (line: string) => void = () => undefined,
  options: RunOptions = {},
): Promise<QualityResult> {
  const scenarios: Scenarios = {
    ...allScenarios,
    channels: options.only === 'users' ? [] : allScenarios.channels,
    users: options.only === 'channels' ? [] : allScenarios.users,
  };
  const salts = options.seedSalts?.length ? options.seedSalts : [''];
  const workspaceOf = (salt: string) => (salt ? `${WORKSPACE}-${salt}` : WORKSPACE);
  const dir = mkdtempSync(join(tmpdir(), 'paperboy-quality-'));
  const store = await openStore(`sqlite://${join(dir, 'bench.sqlite')}`);
  try {
    const clock = new SettableClock(new Date(data.weeks[0].monday.getTime() - HOUR));
    const core = await createCore({ store, clock, logger: createMemoryLogger(), ranking: options.settings });
    const recorder = recordingPlatform();
    const digest = createDigestService(core, { owner: 'quality-bench' });
    const k = scenarios.k;
    const channelRefs = scenarios.channels.map((c) => ({ platform: 'console', workspace: WORKSPACE, channel: `ch-${c.name}` }) as ChannelRef);
    const users = salts.flatMap((salt) =>
      scenarios.users.map((u) => ({
        scenario: u,
        key: salt ? `${u.name}@${salt}` : u.name,
        channel: { platform: 'console', workspace: workspaceOf(salt), channel: `user-${u.name}` } as ChannelRef,
        user: { platform: 'console', workspace: workspaceOf(salt), user: u.name } as UserRef,
        random: seededRandom(u.seed),
        result: { p_at_k_by_round: [], picks_by_round: [] } as UserResult,
      })),
    );
    for (const [i, c] of scenarios.channels.entries()) await setUpChannel(core, channelRefs[i], c.interests, [`digest ${DIGEST_WHEN}`, `digest size ${k}`]);
    for (const u of users) await setUpChannel(core, u.channel, u.scenario.channelInterests, ['digest off']);
    await digest.runDue([recorder.platform]);

    const channelRounds = scenarios.channels.map(() => ({ p: [] as number[], ndcg: [] as number[], picks: {} as Record<string, string[]> }));
    for (const [w, week] of data.weeks.entries()) {
      clock.set(week.monday);
      await core.ingest(week.records.map((r) => toPaper(r, { addedAt: clock.now().toISOString() })));
      await core.papers.index.refresh();
      clock.set(new Date(week.monday.getTime() + DIGEST_OFFSET_MS + 30 * 60_000));
      const candidates = week.records.map((r) => r.id);
      const seeding = w === 0 && options.seedPapers !== undefined;
      if (seeding) for (const [i, c] of scenarios.channels.entries()) await followSeedPapers(core, channelRefs[i], candidates, c.relevant, options.seedPapers!, data);
      // The channel's ranking of this week's candidates, taken before the digest posts (posted papers leave it).
      const rankings = await Promise.all(channelRefs.map(async (ref) => (await core.rankForChannel(ref, candidates, Math.max(10, k))).map((r) => r.paper.id)));
      recorder.clear();
      await digest.runDue([recorder.platform]);
      for (const [i, c] of scenarios.channels.entries()) {
        const isRelevant = (id: string) => hasAny(data.truth.get(id), c.relevant);
        const relevantCount = candidates.filter(isRelevant).length;
        const posted = recorder.postedTo(channelRefs[i]);
        channelRounds[i].picks[week.key] = posted;
        if (relevantCount === 0 || seeding) continue;
        channelRounds[i].p.push(precisionAtK(posted, isRelevant, k));
        channelRounds[i].ndcg.push(ndcgAt(rankings[i], isRelevant, relevantCount, 10));
      }
      if (w === 0 && options.oracleLikes) for (const u of users) await likeFirstRelevant(core, u, candidates, options.oracleLikes, data);
      for (const u of users) await userRound(core, u, k, data);
      if ((w + 1) % 10 === 0 || w === data.weeks.length - 1) log(`week ${w + 1}/${data.weeks.length} (${week.key}) done`);
    }
    return summarise(k, data, scenarios, channelRounds, users.map((u) => [u.key, u.result] as const));
  } finally {
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

async function setUpChannel(core: Core, channel: ChannelRef, interests: string[], extra: string[]): Promise<void> {
  const user: UserRef = { platform: channel.platform, workspace: channel.workspace, user: 'bench-admin' };
  for (const phrase of interests) await runCommand({ core, channel, user }, `follow "${phrase.replace(/"/g, '')}"`);
  for (const command of extra) await runCommand({ core, channel, user }, command);
}

interface SimulatedUser {
  scenario: Scenarios['users'][number];
  /** The user's name in the output (with the seed salt, when replayed under several). */
  key: string;
  channel: ChannelRef;
  user: UserRef;
  random: () => number;
  result: UserResult;
}

/** One round for one simulated user: show the personal picks, then react to each (flipped with `noise`). */
async function userRound(core: Core, u: SimulatedUser, k: number, data: BenchData): Promise<void> {
  const { recommendations } = await core.picks(u.channel, u.user, k);
  const picks = recommendations.map((r) => r.paper.id);
  const isRelevant = (id: string) => hasAny(data.truth.get(id), u.scenario.likes);
  u.result.picks_by_round.push(picks);
  u.result.p_at_k_by_round.push(precisionAtK(picks, isRelevant, k));
  for (const id of picks) {
    const flip = u.random() < u.scenario.noise;
    const like = isRelevant(id) !== flip;
    await core.react({ user: u.user, channel: u.channel, paperId: id, emoji: like ? '👍' : '👎', action: 'added' });
  }
}

/** The `seedPapers` option: `channel` follows the first `n` of `candidates` relevant to it, through the follow command. */
async function followSeedPapers(core: Core, channel: ChannelRef, candidates: string[], relevant: string[], n: number, data: BenchData): Promise<void> {
  const user: UserRef = { platform: channel.platform, workspace: channel.workspace, user: 'bench-admin' };
  const seeds = candidates.filter((id) => hasAny(data.truth.get(id), relevant)).slice(0, n);
  for (const id of seeds) {
    const reply = await runCommand({ core, channel, user }, `follow paper:${id}`);
    if (reply.isError) throw new Error(`following seed paper ${id} failed: ${reply.lines.join(' ')}`);
  }
}

/** The `oracleLikes` diagnostic: `u` likes the first `n` of `candidates` in their field (no noise). */
async function likeFirstRelevant(core: Core, u: SimulatedUser, candidates: string[], n: number, data: BenchData): Promise<void> {
  for (const id of candidates.filter((c) => hasAny(data.truth.get(c), u.scenario.likes)).slice(0, n)) {
    await core.react({ user: u.user, channel: u.channel, paperId: id, emoji: '👍', action: 'added' });
  }
}

function summarise(
  k: number,
  data: BenchData,
  scenarios: Scenarios,
  channelRounds: { p: number[]; ndcg: number[]; picks: Record<string, string[]> }[],
  users: (readonly [string, UserResult])[],
): QualityResult {
  const channels: Record<string, ChannelResult> = {};
  scenarios.channels.forEach((c, i) => {
    channels[c.name] = { p_at_k: mean(channelRounds[i].p), ndcg10: mean(channelRounds[i].ndcg), picks_by_week: channelRounds[i].picks };
  });
  const userResults = Object.fromEntries(users);
  const perUser = (from: number, to: number) => mean(users.map(([, r]) => mean(r.p_at_k_by_round.slice(from, to))));
  return {
    k,
    weeks: data.weeks.map((w) => w.key),
    channels,
    users: userResults,
    summary: {
      channel_p_at_k: mean(Object.values(channels).map((c) => c.p_at_k)),
      channel_ndcg10: mean(Object.values(channels).map((c) => c.ndcg10)),
      user_p_at_k_rounds_1_4: perUser(0, 4),
      user_p_at_k_rounds_5_plus: perUser(4, Infinity),
      user_p_at_k_all: perUser(0, Infinity),
    },
  };
}

function hasAny(truth: Set<string> | undefined, wanted: string[]): boolean {
  return truth !== undefined && wanted.some((w) => truth.has(w));
}

/** A `Platform` that keeps what was posted, by channel, in order. */
function recordingPlatform() {
  const posts: { channel: ChannelRef; reply: Reply }[] = [];
  let next = 1;
  const platform: Platform = {
    name: 'console',
    post: async (channel, reply) => {
      posts.push({ channel, reply });
      return { messageId: `bench-${next++}` };
    },
    // The quality bench never dies mid-post, so there is nothing to read back.
    findPosted: async () => undefined,
  };
  return {
    platform,
    clear: () => void posts.splice(0),
    postedTo: (channel: ChannelRef) =>
      posts.filter((p) => p.channel.channel === channel.channel).flatMap((p) => p.reply.papers.map((r) => r.paper.id)),
  };
}
