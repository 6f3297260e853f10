/** Followed (seed) papers widen a channel's interests; with none, the widening is exactly the phrases' own. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expandInterests } from '../../src/ranking/interest-expansion.js';
import { phraseVector, seedVector } from '../../src/ranking/profile.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/ranking/settings.js';
import type { ChannelRef } from '../../src/types.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

const channel: ChannelRef = { platform: 'console', workspace: 'local', channel: 'seeds' };
let fx: CoreFixture;
beforeEach(async () => {
  fx = await createCoreFixture({ seed: false });
  await fx.core.ingest([
    makePaper('p1', 'Robot grasping with tactile sensing', 'Tactile sensors guide a robot gripper grasping soft objects.'),
    makePaper('p2', 'Tactile sensing for dexterous hands', 'A tactile skin for dexterous robot hands detects slip during grasping.'),
    makePaper('p3', 'Robot navigation in crowds', 'A mobile robot navigates crowded corridors with a learned social policy.'),
    makePaper('p4', 'Crowd navigation benchmarks', 'We benchmark social navigation policies for mobile robots among pedestrians.'),
  ]);
  await fx.core.papers.index.refresh();
});
afterEach(() => fx.close());

describe('seed papers', () => {
  it('leave the widened interests unchanged when there are none', () => {
    const { index } = fx.core.papers;
    const phrases = phraseVector(index, ['robot']);
    expect(expandInterests(index, phrases, DEFAULT_RANKING_SETTINGS, seedVector(index, []))).toEqual(expandInterests(index, phrases, DEFAULT_RANKING_SETTINGS));
  });

  it('turn a vague channel toward the papers it follows', async () => {
    await fx.core.follow(channel, ['robot']);
    await fx.core.ingest([makePaper('new-tactile', 'Tactile grasping of fruit', 'A robot gripper with tactile sensing grasps soft fruit.'), makePaper('new-crowd', 'Crowd-aware robot navigation', 'A mobile robot navigates crowds of pedestrians.')]);
    await fx.core.papers.index.refresh();
    // How far the tactile paper leads the crowd paper in the channel's ranking.
    const lead = async () => {
      const ranked = await fx.core.rankForChannel(channel, ['new-tactile', 'new-crowd'], 2);
      const score = (id: string) => ranked.find((r) => r.paper.id === id)!.score;
      return score('new-tactile') - score('new-crowd');
    };
    const plain = await lead();
    await fx.core.follow(channel, ['p3', 'p4'], 'paper');
    const towardCrowds = await lead();
    await fx.core.unfollow(channel, ['p3', 'p4'], 'paper');
    expect(await lead()).toBeCloseTo(plain, 9);
    await fx.core.follow(channel, ['p1', 'p2'], 'paper');
    const towardTactile = await lead();
    expect(towardCrowds).toBeLessThan(plain);
    expect(towardTactile).toBeGreaterThan(plain);
  });
});
