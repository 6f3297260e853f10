/**
 * Followed papers as evidence of their own (seed-neighbours.ts, and how rank.ts and the widening use them): a
 * candidate's nearness is its cosine to its nearest followed paper, it lifts that candidate in the channel's
 * ranking, and a channel that follows no paper ranks exactly as with every seed knob off.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { seedNearness } from '../../src/ranking/seed-neighbours.js';
import type { RankingSettings } from '../../src/ranking/settings.js';
import type { ChannelRef } from '../../src/types.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

const channel: ChannelRef = { platform: 'console', workspace: 'local', channel: 'seeds' };
/** Every way followed papers act on the ranking, switched off. */
const SEEDS_OFF: Partial<RankingSettings> = { seedPaperWeight: 0, seedQueryWeight: 0, seedNeighbourWeight: 0 };
const OLD_PAPERS = [
  makePaper('p-tactile', 'Robot grasping with tactile sensing', 'Tactile sensors guide a robot gripper grasping soft objects.'),
  makePaper('p-crowd', 'Robot navigation in crowds', 'A mobile robot navigates crowded corridors with a learned social policy.'),
  makePaper('p-weld', 'Robot welding cells', 'An industrial robot arm welds steel beams in a factory cell.'),
];
const NEW_PAPERS = [
  makePaper('new-tactile', 'Tactile grasping of fruit', 'A robot gripper with tactile sensing grasps soft fruit.'),
  makePaper('new-crowd', 'Crowd-aware robot navigation', 'A mobile robot navigates crowds of pedestrians.'),
  makePaper('new-weld', 'Seam tracking for robot welding', 'A robot arm tracks weld seams on steel beams.'),
];
const NEW_IDS = NEW_PAPERS.map((p) => p.id);

const fixtures: CoreFixture[] = [];
afterEach(async () => {
  for (const fx of fixtures.splice(0)) await fx.close();
});

async function coreWith(ranking: Partial<RankingSettings>, seed = false): Promise<CoreFixture> {
  const fx = await createCoreFixture({ seed, ranking });
  fixtures.push(fx);
  await fx.core.ingest([...OLD_PAPERS, ...NEW_PAPERS]);
  await fx.core.papers.index.refresh();
  return fx;
}

/** The channel's scores of the new papers, by id. */
async function scores(fx: CoreFixture): Promise<Map<string, number>> {
  const ranked = await fx.core.rankForChannel(channel, NEW_IDS, NEW_IDS.length);
  return new Map(ranked.map((r) => [r.paper.id, r.score]));
}

describe('followed papers as nearest neighbours', () => {
  it('give each candidate its cosine to the nearest followed paper, not to their average', async () => {
    const fx = await coreWith({});
    const { index } = fx.core.papers;
    const near = seedNearness(index, NEW_IDS, ['p-tactile', 'p-crowd', 'not-in-the-index'])!;
    NEW_IDS.forEach((id, i) => {
      const each = index.scoreMany(index.documentVector(id), ['p-tactile', 'p-crowd']);
      expect(near[i]).toBeCloseTo(Math.max(...each), 6);
    });
    expect(near[0]).toBeGreaterThan(near[2]);
    expect(seedNearness(index, NEW_IDS, ['not-in-the-index'])).toBeUndefined();
  });

  it('lift the candidates near a followed paper, by seedNeighbourWeight times that nearness', async () => {
    const weight = 0.4;
    const fx = await coreWith({ seedPaperWeight: 0, seedQueryWeight: 0, seedNeighbourWeight: weight });
    await fx.core.follow(channel, ['robot']);
    const plain = await scores(fx);
    await fx.core.follow(channel, ['p-tactile', 'p-crowd'], 'paper');
    const seeded = await scores(fx);
    const near = seedNearness(fx.core.papers.index, NEW_IDS, ['p-tactile', 'p-crowd'])!;
    NEW_IDS.forEach((id, i) => expect(seeded.get(id)! - plain.get(id)!).toBeCloseTo(weight * near[i], 6));
    // Both followed topics now lead the one the channel did not follow, each by its own seed.
    expect(seeded.get('new-tactile')! - seeded.get('new-weld')!).toBeGreaterThan(plain.get('new-tactile')! - plain.get('new-weld')!);
    expect(seeded.get('new-crowd')! - seeded.get('new-weld')!).toBeGreaterThan(plain.get('new-crowd')! - plain.get('new-weld')!);
  });

  it('leave a channel that follows no paper ranked exactly as with every seed knob off', async () => {
    const withDefaults = await coreWith({}, true);
    const switchedOff = await coreWith(SEEDS_OFF, true);
    const candidates = withDefaults.core.papers.newSince(new Date(0)).map((p) => p.id);
    expect(candidates.length).toBeGreaterThan(20);
    const ranked = async (fx: CoreFixture) => {
      await fx.core.follow(channel, ['retrieval augmented generation', 'robot']);
      return (await fx.core.rankForChannel(channel, candidates, 10)).map((r) => [r.paper.id, r.score, r.reason]);
    };
    expect(await ranked(withDefaults)).toEqual(await ranked(switchedOff));
  });
});
