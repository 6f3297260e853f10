/**
 * Following papers, categories and authors through the real command table and a real core on sqlite; an unknown
 * paper is fetched from a local server that answers with the recorded arXiv id-list response.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../commands/index.js';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { createArxivPaperFetcher } from '../../src/sources/arxiv-paper-fetcher.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { makePaper } from '../helpers/core-fixture.js';
import { fixture, send, startServer, type FixtureServer } from '../sources/fixture-server.js';

const channel: ChannelRef = { platform: 'console', workspace: 'local', channel: 'lab' };
const user: UserRef = { platform: 'console', workspace: 'local', user: 'ada' };
const text = (reply: Reply) => [reply.title ?? '', ...reply.lines].join('\n');

let dir: string;
let store: Store;
let core: CoreInternals;
let server: FixtureServer;
let arxivUp = true;
const run = async (command: string) => (await handleCommand({ core, channel, user }, command)).reply;

const PAPERS = [
  makePaper('2611.00001', 'Legged robot locomotion with reinforcement learning', 'We train a quadruped robot to walk over rough terrain with reinforcement learning and sim-to-real transfer.', { authors: ['Y. LeCun', 'Ada Lovelace'], categories: ['cs.RO'] }),
  makePaper('2611.00002', 'Robot grasping from point clouds', 'A robot arm learns grasping of unseen objects from point clouds with a learned grasp quality network.', { authors: ['Grace Hopper'], categories: ['cs.RO', 'cs.CV'] }),
  makePaper('2611.00003', 'Speech recognition with transformers', 'An end-to-end speech recognition model with a transformer encoder trained on many hours of audio.', { authors: ['José Hernández'], categories: ['eess.AS'] }),
  makePaper('2611.00004', 'Sparse retrieval for question answering', 'Learned sparse retrieval improves open-domain question answering over dense retrieval baselines.', { authors: ['Alan Turing'], categories: ['cs.IR'] }),
  makePaper('2611.00005', 'Quadruped locomotion policies transfer from simulation', 'Walking policies for a quadruped robot trained in simulation transfer to rough terrain outdoors.', { authors: ['Grace Hopper'], categories: ['cs.LG'] }),
];

beforeEach(async () => {
  arxivUp = true;
  server = await startServer((_request, response) => {
    if (arxivUp) send(response, 200, fixture('arxiv-api-idlist.xml'));
    else response.destroy();
  });
  dir = await mkdtemp(join(tmpdir(), 'paperboy-follow-'));
  store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`);
  const clock = new SettableClock(new Date('2026-11-23T08:00:00Z'));
  const logger = createMemoryLogger();
  const fetchPaper = createArxivPaperFetcher({ fetch, clock, logger, baseUrl: `${server.origin}/api/query`, timeoutMs: 2000, intervalMs: 0, sleep: async () => undefined });
  core = await createCore({ store, clock, logger, fetchPaper });
  await core.ingest(PAPERS);
  await core.papers.index.refresh();
});
afterEach(async () => {
  await store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('follow paper:', () => {
  it('accepts every way of writing an arXiv id and stores the paper as a seed', async () => {
    for (const form of ['2611.00001', 'arXiv:2611.00002v2', 'https://arxiv.org/abs/2611.00003', 'https://arxiv.org/pdf/2611.00004v1']) {
      const reply = await run(`follow paper:${form}`);
      expect(reply.isError, text(reply)).toBeFalsy();
    }
    expect((await core.channelSettings(channel)).seedPapers).toEqual(['2611.00001', '2611.00002', '2611.00003', '2611.00004']);
    expect(server.requests).toEqual([]);
  });

  it('fetches an unknown paper from arXiv, stores it and names it by title', async () => {
    const reply = await run('follow paper:https://arxiv.org/abs/2510.14968v1');
    expect(text(reply)).toMatch(/now follows papers: “RDD: Retrieval-Based Demonstration Decomposer/);
    expect(server.requests[0]).toContain('id_list=2510.14968');
    expect(core.paper('2510.14968')?.categories).toContain('cs.RO');
    expect((await core.channelSettings(channel)).seedPapers).toEqual(['2510.14968']);
  });

  it('says clearly when arXiv cannot be reached or has no such paper, and stores nothing', async () => {
    arxivUp = false;
    const down = await run('follow paper:2401.12345');
    expect(down.isError).toBe(true);
    expect(text(down)).toContain("I couldn't reach arXiv to fetch 2401.12345; try again later");
    arxivUp = true;
    expect(text(await run('follow paper:2401.12345'))).toContain('arXiv has no paper 2401.12345');
    expect((await core.channelSettings(channel)).seedPapers).toEqual([]);
  });

  it('refuses what is not an arXiv id, and old-style ids parse', async () => {
    expect(text(await run('follow paper:not-an-id'))).toMatch(/is not an arXiv id. Try `2401.12345`/);
    expect(text(await run('follow paper:'))).toMatch(/Which papers\?/);
    // hep-th/9901001 is unknown here and the fixture has no such entry: it parses, then arXiv says no.
    expect(text(await run('follow paper:hep-th/9901001v2'))).toContain('arXiv has no paper hep-th/9901001');
  });

  it('follows a stored old-style paper whatever the case of the id typed', async () => {
    await core.ingest([makePaper('hep-th/9901001', 'Old-style identifiers in string theory', 'Strings and branes.')]);
    expect(text(await run('follow paper:https://arxiv.org/abs/HEP-TH/9901001'))).toContain('now follows papers');
    expect(text(await run('follow paper:Hep-Th/9901001V2'))).not.toMatch(/arXiv has no paper/);
    expect((await core.channelSettings(channel)).seedPapers).toEqual(['hep-th/9901001']);
    expect(server.requests).toEqual([]);
  });
});

describe('follow category: and author:', () => {
  it('checks categories, spells them as arXiv does and suggests for a typo', async () => {
    expect(text(await run('follow category:cs.ro'))).toContain('now follows categories: cs.RO');
    const typo = await run('follow category:cs.RB');
    expect(typo.isError).toBe(true);
    expect(text(typo)).toMatch(/"cs.RB" is not an arXiv category I know. Did you mean cs.RO/);
    expect(text(await run('follow category:'))).toMatch(/Which categories\?/);
    expect(await core.followedCategories()).toEqual(['cs.RO']);
  });

  it('refuses an empty or letterless name and dedupes names by key', async () => {
    expect(text(await run('follow author:""'))).toMatch(/Which authors\?/);
    expect(text(await run('follow author:"1234"'))).toMatch(/is not a name/);
    await run('follow author:"Yann LeCun"');
    expect(text(await run('follow author:"yann lecun"'))).toContain('Already followed');
    expect((await core.channelSettings(channel)).authors).toEqual(['Yann LeCun']);
  });

  it('keeps each kind to its limit, in channels/interests.ts', async () => {
    const many = Array.from({ length: 21 }, (_, i) => `math.${['AC', 'AG', 'AP', 'AT', 'CA', 'CO', 'CT', 'CV', 'DG', 'DS', 'FA', 'GM', 'GN', 'GR', 'GT', 'HO', 'IT', 'KT', 'LO', 'MG', 'MP'][i]}`);
    expect(text(await run(`follow category:${many.join(', ')}`))).toContain('That is 21 categories; a channel can follow at most 20.');
    expect((await core.channelSettings(channel)).categories ?? []).toEqual([]);
  });
});

describe('what follows do to picks, interests and unfollow', () => {
  it('lifts papers of a followed author and category (a lift, not a filter), and says why', async () => {
    await run('follow speech recognition');
    const picks5 = async () => (await core.picks(channel, undefined, 5)).recommendations;
    const score = (recs: { paper: { id: string }; score: number }[], id: string) => recs.find((r) => r.paper.id === id)?.score ?? 0;
    const before = await picks5();
    await run('follow author:"Yann LeCun"');
    await run('follow category:cs.RO');
    const picks = await picks5();
    expect(picks.map((p) => p.paper.id).slice(0, 3)).toEqual(['2611.00003', '2611.00001', '2611.00002']);
    expect(score(picks, '2611.00001') - score(before, '2611.00001')).toBeCloseTo(0.1 + 0.2, 6);
    expect(score(picks, '2611.00002') - score(before, '2611.00002')).toBeCloseTo(0.1, 6);
    expect(score(picks, '2611.00005')).toBeCloseTo(score(before, '2611.00005'), 6);
    expect(picks[1].reason).toBe('follows author Y. LeCun; in followed category cs.RO');
    expect(picks[2].reason).toBe('in followed category cs.RO');
  });

  it('explains a pick near a followed paper and never picks the followed paper itself', async () => {
    await run('follow paper:2611.00001');
    const picks = (await core.picks(channel, undefined, 3)).recommendations;
    expect(picks.map((p) => p.paper.id)).not.toContain('2611.00001');
    expect(picks[0].paper.id).toBe('2611.00005');
    expect(picks[0].reason).toBe('like followed paper “Legged robot locomotion with reinforcement learning”');
  });

  it('lists every kind grouped, and unfollows each kind', async () => {
    await run('follow retrieval');
    await run('follow paper:2611.00004');
    await run('follow category:cs.IR');
    await run('follow author:"A. Turing"');
    const listed = text(await run('interests'));
    expect(listed).toContain('Topics:\n1. retrieval\nPapers:\n1. “Sparse retrieval for question answering” (2611.00004)\nCategories:\n1. cs.IR\nAuthors:\n1. A. Turing');
    expect(text(await run('unfollow paper:arXiv:2611.00004v3'))).toContain('no longer follows: “Sparse retrieval');
    expect(text(await run('unfollow category:CS.IR'))).toContain('no longer follows: CS.IR');
    expect(text(await run('unfollow author:"Bob Turing"'))).toContain('Not followed here: Bob Turing');
    expect(text(await run('unfollow author:"Alan Turing"'))).toContain('This channel follows no authors now.');
    const after = await core.channelSettings(channel);
    expect([after.interests, after.seedPapers, after.categories, after.authors]).toEqual([['retrieval'], [], [], []]);
  });
});
