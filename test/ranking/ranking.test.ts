import { afterEach, describe, expect, it, vi } from 'vitest';
import { popularityPrior } from '../../src/ranking/rank.js';
import type { VoteExample } from '../../src/ranking/select.js';
import { exploreCount } from '../../src/ranking/explore.js';
import { trainModel } from '../../src/ranking/model.js';
import { candidateEvidence, likeChance } from '../../src/ranking/evidence.js';
import { DEFAULT_RANKING_SETTINGS } from '../../src/ranking/settings.js';
import type { ChannelRef, Paper, UserRef } from '../../src/types.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

const CHANNEL: ChannelRef = { platform: 'discord', workspace: 'G1', channel: 'C1' };
const ADA: UserRef = { platform: 'discord', workspace: 'G1', user: 'U1' };
const NOW = new Date('2026-11-23T08:00:00Z');

const TOPICS: Record<string, string[]> = {
  retrieval: ['retrieval', 'reranking', 'passages', 'dense retriever', 'query expansion', 'search engine'],
  galaxies: ['galaxy', 'star formation', 'dark matter halo', 'stellar mass', 'interstellar medium', 'redshift'],
  speech: ['speech recognition', 'acoustic model', 'spoken language', 'phoneme', 'text to speech', 'audio'],
  robots: ['robot manipulation', 'grasping', 'legged locomotion', 'motion planning', 'gripper', 'policy'],
};
const FILLER = ['benchmark', 'dataset', 'efficient', 'scalable', 'analysis', 'framework', 'evaluation', 'study'];
const COLOURS = ['amber', 'azure', 'crimson', 'ivory', 'jade', 'lilac', 'ochre', 'olive', 'scarlet', 'teal', 'umber', 'violet'];
const PLACES = ['harbour', 'meadow', 'canyon', 'glacier', 'lagoon', 'prairie', 'tundra', 'delta', 'plateau', 'fjord', 'savanna', 'marsh'];

/** Ten papers per topic, each mixing that topic's words differently, all added this week. */
function corpus(): Paper[] {
  return Object.entries(TOPICS).flatMap(([topic, words]) =>
    Array.from({ length: 10 }, (_, i) => {
      const pick = (n: number) => words[(i + n) % words.length];
      return makePaper(`${topic}-${i}`, `${pick(0)} and ${pick(1)} ${FILLER[i % FILLER.length]}`, `We study ${pick(2)}, ${pick(3)} and ${pick(4)} with a ${FILLER[(i + 3) % FILLER.length]} of ${pick(5)}. Notes: ${COLOURS[i]} ${PLACES[(i * 5) % 12]}, ${COLOURS[(i + 7) % 12]} ${PLACES[(i + 3) % 12]}, ${topic} ${COLOURS[(i + 2) % 12]} ${PLACES[(i * 7 + 1) % 12]}.`, { addedAt: '2026-11-22T00:00:00Z' });
    }),
  );
}

let fixture: CoreFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

async function setUp(interests: string[]): Promise<CoreFixture> {
  fixture = await createCoreFixture({ seed: false, now: NOW });
  await fixture.core.ingest(corpus());
  await fixture.core.papers.index.refresh();
  await fixture.core.follow(CHANNEL, interests);
  return fixture;
}

const topicOf = (id: string) => id.split('-')[0];
const { chancePrior: CHANCE_PRIOR, exploitChance: EXPLOIT_CHANCE, evidencePriorMass } = DEFAULT_RANKING_SETTINGS;

describe('channel ranking', () => {
  it('ranks by the interests, gives every pick a reason, and keeps near-duplicates out', async () => {
    const f = await setUp(['retrieval', 'reranking']);
    await f.core.ingest([makePaper('retrieval-copy', corpus()[0].title, corpus()[0].abstract, { addedAt: '2026-11-22T00:00:00Z' })]);
    const picks = await f.core.rankForChannel(CHANNEL, [...f.core.papers.all()].map((p) => p.id), 5);
    expect(picks).toHaveLength(5);
    expect(picks.every((r) => topicOf(r.paper.id) === 'retrieval')).toBe(true);
    expect(picks.every((r) => r.reason.startsWith('matches: '))).toBe(true);
    const ids = picks.map((r) => r.paper.id);
    expect(ids.includes('retrieval-0') && ids.includes('retrieval-copy')).toBe(false);
  });

  it('lets Hugging Face upvotes lift a pick only a little', () => {
    const paper = makePaper('x', 't', 'a');
    expect(popularityPrior(paper, DEFAULT_RANKING_SETTINGS)).toBe(0);
    expect(popularityPrior({ ...paper, popularity: { upvotes: 10_000 } }, DEFAULT_RANKING_SETTINGS)).toBeLessThanOrEqual(0.05);
  });
});

describe('interest expansion', () => {
  it('is kept per channel: people without votes share the channel\'s widened interests', async () => {
    const f = await setUp(['retrieval', 'reranking']);
    const BOB: UserRef = { ...ADA, user: 'U2' };
    const score = vi.spyOn(f.core.papers.index, 'score');
    const expansions = () => score.mock.calls.filter(([, options]) => options.limit === DEFAULT_RANKING_SETTINGS.expansionPapers && !options.candidates).length;
    await f.core.picks(CHANNEL, undefined, 5);
    const ada = (await f.core.picks(CHANNEL, ADA, 5)).recommendations.map((r) => r.paper.id);
    const bob = (await f.core.picks(CHANNEL, BOB, 5)).recommendations.map((r) => r.paper.id);
    expect(expansions()).toBe(0);
    expect(bob).toEqual(ada);
  });
});

describe('learning from reactions', () => {
  it('pushes papers like a disliked one down and papers like a liked one up', async () => {
    const f = await setUp(['retrieval', 'galaxy']);
    const before = (await f.core.picks(CHANNEL, ADA, 5)).recommendations.map((r) => topicOf(r.paper.id));
    expect(before).toContain('retrieval');
    for (const id of ['retrieval-0', 'retrieval-1']) await f.core.react({ user: ADA, channel: CHANNEL, paperId: id, emoji: '👎', action: 'added' });
    for (const id of ['galaxies-0', 'galaxies-1']) await f.core.react({ user: ADA, channel: CHANNEL, paperId: id, emoji: '👍', action: 'added' });
    const after = (await f.core.picks(CHANNEL, ADA, 5)).recommendations;
    const exploit = after.filter((r) => !r.exploratory).map((r) => topicOf(r.paper.id));
    expect(exploit.length).toBeGreaterThan(0);
    expect(exploit.every((t) => t === 'galaxies')).toBe(true);
    expect(after.filter((r) => !r.exploratory).every((r) => r.reason.includes('liked here'))).toBe(true);
  });

  it('explores other topics for a person who disliked every pick, and says so', async () => {
    const f = await setUp(['retrieval']);
    for (let i = 0; i < 6; i++) await f.core.react({ user: ADA, channel: CHANNEL, paperId: `retrieval-${i}`, emoji: '👎', action: 'added' });
    const picks = (await f.core.picks(CHANNEL, ADA, 5)).recommendations;
    const exploring = picks.filter((r) => r.exploratory);
    expect(exploring.length).toBeGreaterThanOrEqual(3);
    expect(new Set(exploring.map((r) => topicOf(r.paper.id))).size).toBeGreaterThanOrEqual(2);
    expect(exploring.every((r) => r.reason.includes('tell me if it fits'))).toBe(true);
  });

  it('sizes exploration by how recent picks were received', () => {
    const votes = (likes: boolean[]): VoteExample[] => likes.map((like, i) => ({ id: `p${i}`, like, weight: 1, at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString() }));
    expect(exploreCount([], 5, 0)).toBe(0);
    expect(exploreCount(votes([false, false]), 5, 0)).toBe(1);
    expect(exploreCount(votes([false, false, false, false, false]), 5, 0)).toBe(5);
    expect(exploreCount(votes([true, ...Array(12).fill(false)]), 5, 0)).toBe(5);
    expect(exploreCount(votes([true, ...Array(12).fill(false)]), 5, 2)).toBe(3);
    expect(exploreCount(votes([false, true, true, false, true]), 5, 4)).toBe(1);
    expect(exploreCount(votes([false, true, true, false, true]), 5, 40)).toBe(0);
  });

  it('trains weights toward liked terms and away from disliked ones', async () => {
    const f = await setUp(['retrieval']);
    const index = f.core.papers.index;
    const model = trainModel(index, [
      { id: 'speech-0', label: 1, weight: 1 },
      { id: 'speech-1', label: 1, weight: 1 },
      { id: 'robots-0', label: 0, weight: 1 },
      { id: 'robots-1', label: 0, weight: 1 },
    ], { prior: index.vectorize('retrieval') });
    const [speech, robots] = index.scoreMany(model.weights, ['speech-5', 'robots-5']);
    expect(speech).toBeGreaterThan(0);
    expect(robots).toBeLessThan(0);
  });

  it('keeps exploratory picks away from the region of the disliked papers', async () => {
    const f = await setUp(['retrieval']);
    for (let i = 0; i < 8; i++) await f.core.react({ user: ADA, channel: CHANNEL, paperId: `retrieval-${i}`, emoji: '👎', action: 'added' });
    const picks = (await f.core.picks(CHANNEL, ADA, 5)).recommendations;
    expect(picks.length).toBe(5);
    expect(picks.every((r) => r.exploratory)).toBe(true);
    expect(picks.filter((r) => topicOf(r.paper.id) === 'retrieval').length).toBeLessThanOrEqual(1);
  });

  it('shows the neighbours of a liked paper first', async () => {
    const f = await setUp(['retrieval']);
    await f.core.react({ user: ADA, channel: CHANNEL, paperId: 'speech-0', emoji: '👍', action: 'added' });
    for (const id of ['retrieval-0', 'robots-0', 'galaxies-0', 'retrieval-1']) await f.core.react({ user: ADA, channel: CHANNEL, paperId: id, emoji: '👎', action: 'added' });
    const picks = (await f.core.picks(CHANNEL, ADA, 5)).recommendations;
    const exploit = picks.filter((r) => !r.exploratory);
    expect(exploit.length).toBeGreaterThanOrEqual(3);
    expect(exploit.every((r) => topicOf(r.paper.id) === 'speech')).toBe(true);
    expect(picks[0].exploratory).toBeFalsy();
  });

  it('stops following a single like once its neighbours are disliked', async () => {
    const f = await setUp(['retrieval']);
    await f.core.react({ user: ADA, channel: CHANNEL, paperId: 'speech-0', emoji: '👍', action: 'added' });
    for (const id of ['speech-1', 'speech-2', 'speech-3', 'speech-4', 'retrieval-0']) await f.core.react({ user: ADA, channel: CHANNEL, paperId: id, emoji: '👎', action: 'added' });
    const picks = (await f.core.picks(CHANNEL, ADA, 5)).recommendations;
    expect(picks.filter((r) => !r.exploratory && topicOf(r.paper.id) === 'speech')).toEqual([]);
    expect(picks.filter((r) => topicOf(r.paper.id) === 'speech').length).toBeLessThanOrEqual(1);
    expect(picks.filter((r) => r.exploratory).length).toBeGreaterThanOrEqual(3);
  });

  it('estimates the like chance of a paper from the votes near it', async () => {
    const f = await setUp(['retrieval']);
    const index = f.core.papers.index;
    const ids = ['speech-5', 'speech-6', 'robots-5'];
    const space = index.candidateSpace(ids);
    const chance = (votes: { id: string; like: boolean }[]) => {
      const evidence = candidateEvidence(space, votes.map((v) => ({ ...v, weight: 1 })));
      return ids.map((_, i) => likeChance(evidence, i, CHANCE_PRIOR, evidencePriorMass));
    };
    expect(chance([])).toEqual([CHANCE_PRIOR, CHANCE_PRIOR, CHANCE_PRIOR]);
    const afterLike = chance([{ id: 'speech-0', like: true }]);
    expect(afterLike[0]).toBeGreaterThan(EXPLOIT_CHANCE);
    expect(afterLike[2]).toBeLessThan(EXPLOIT_CHANCE);
    const afterDislikes = chance([{ id: 'speech-0', like: true }, ...[1, 2, 3].map((i) => ({ id: `speech-${i}`, like: false }))]);
    expect(afterDislikes[0]).toBeLessThan(afterLike[0]);
    expect(afterDislikes[0]).toBeLessThan(EXPLOIT_CHANCE);
  });

  it('compares a vector with every candidate as the index would', async () => {
    const f = await setUp(['retrieval']);
    const index = f.core.papers.index;
    const ids = [...f.core.papers.all()].map((p) => p.id);
    const space = index.candidateSpace(ids);
    for (const query of [index.documentVector('robots-3'), index.vectorize('galaxy redshift')]) {
      const expected = index.scoreMany(query, ids);
      const actual = space.similarities(query);
      actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 5));
    }
    expect(index.candidateSpace(ids)).toBe(space);
  });

  it('keeps a candidate space until the index changes', async () => {
    const f = await setUp(['retrieval']);
    const index = f.core.papers.index;
    const ids = ['speech-5', 'speech-6', 'robots-5'];
    const space = index.candidateSpace(ids);
    expect(index.candidateSpace([...ids])).toBe(space);
    expect(index.candidateSpace(ids.slice(0, 2))).not.toBe(space);
    await index.refresh();
    const afterRefresh = index.candidateSpace(ids);
    expect(afterRefresh).not.toBe(space);
    index.add([{ id: 'extra-1', title: 'speech recognition notes', abstract: 'acoustic model phoneme audio' }]);
    expect(index.candidateSpace(ids)).not.toBe(afterRefresh);
  });
});
