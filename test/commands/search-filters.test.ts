/** Search by arXiv id (fetched when unknown) and narrowed by author: and category:, through the command table. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand } from '../../commands/index.js';
import { parseSearch } from '../../commands/search.js';
import { createCore, type CoreInternals } from '../../src/core.js';
import { createMemoryLogger, SettableClock } from '../../src/ports.js';
import { createArxivPaperFetcher } from '../../src/sources/arxiv-paper-fetcher.js';
import { parseArxivId } from '../../src/sources/arxiv-id.js';
import { openStore, type Store } from '../../src/store/store.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { makePaper } from '../helpers/core-fixture.js';
import { fixture, send, startServer, type FixtureServer } from '../sources/fixture-server.js';

const channel: ChannelRef = { platform: 'console', workspace: 'local', channel: 'lab' };
const user: UserRef = { platform: 'console', workspace: 'local', user: 'ada' };
const text = (reply: Reply) => [reply.title ?? '', ...reply.lines].join('\n');
const ids = (reply: Reply) => reply.papers.map((p) => p.paper.id);

let dir: string;
let store: Store;
let core: CoreInternals;
let server: FixtureServer;
const run = async (command: string) => (await handleCommand({ core, channel, user }, command)).reply;

beforeEach(async () => {
  server = await startServer((_request, response) => send(response, 200, fixture('arxiv-api-idlist.xml')));
  dir = await mkdtemp(join(tmpdir(), 'paperboy-search-'));
  store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`);
  const clock = new SettableClock(new Date('2026-11-23T08:00:00Z'));
  const logger = createMemoryLogger();
  const fetchPaper = createArxivPaperFetcher({ fetch, clock, logger, baseUrl: `${server.origin}/api/query`, timeoutMs: 2000, intervalMs: 0, sleep: async () => undefined });
  core = await createCore({ store, clock, logger, fetchPaper });
  await core.ingest([
    makePaper('2611.00001', 'Robot motion planning with diffusion', 'Diffusion models plan robot motion around obstacles.', { authors: ['Y. LeCun'], categories: ['cs.RO'], published: '2026-11-01T00:00:00Z' }),
    makePaper('2611.00002', 'Image generation with diffusion', 'Diffusion models generate images from text prompts.', { authors: ['Yann LeCun'], categories: ['cs.CV'], published: '2026-11-05T00:00:00Z' }),
    makePaper('2611.00003', 'Diffusion for speech synthesis', 'A diffusion model synthesises speech from text.', { authors: ['Grace Hopper'], categories: ['eess.AS', 'cs.CL'], published: '2026-11-03T00:00:00Z' }),
    makePaper('2611.00004', 'Parsing with transformers', 'Transformers parse sentences.', { authors: ['Grace Hopper'], categories: ['cs.CL'], published: '2026-11-07T00:00:00Z' }),
  ]);
  await core.papers.index.refresh();
});
afterEach(async () => {
  await store.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('search filters', () => {
  it('parses filters, quoted names and ids out of the query', () => {
    expect(parseSearch('diffusion author:"Yann LeCun" category:cs.ro')).toEqual({ words: 'diffusion', options: { authors: ['Yann LeCun'], categories: ['cs.RO'] } });
    expect(parseSearch('https://arxiv.org/pdf/2401.12345v1')).toEqual({ words: '', options: { paperId: '2401.12345' } });
    expect(() => parseSearch('category:cs.XX')).toThrow(/not an arXiv category I know/);
    expect(() => parseSearch('author:""')).toThrow(/Which author/);
  });

  it('narrows words by author and by category, and the two combine', async () => {
    expect(ids(await run('search diffusion author:"Yann LeCun"')).sort()).toEqual(['2611.00001', '2611.00002']);
    expect(ids(await run('search diffusion category:cs.CL'))).toEqual(['2611.00003']);
    expect(ids(await run('search diffusion author:LeCun category:cs.RO'))).toEqual(['2611.00001']);
    const none = await run('search diffusion author:"Ada Lovelace"');
    expect(none.papers).toEqual([]);
    expect(text(none)).toContain('No papers found');
  });

  it('lists the newest matching papers when given filters alone', async () => {
    const reply = await run('search author:"Grace Hopper"');
    expect(ids(reply)).toEqual(['2611.00004', '2611.00003']);
    expect(reply.papers[0].reason).toBe('newest by Grace Hopper');
    expect(ids(await run('search category:cs.CL'))).toEqual(['2611.00004', '2611.00003']);
  });

  it('answers an arXiv id or URL with that paper first, fetching an unknown one', async () => {
    const known = await run('search arXiv:2611.00002v1');
    expect(ids(known)[0]).toBe('2611.00002');
    expect(known.papers[0].reason).toBe('the paper you asked for');
    expect(ids(known)).toContain('2611.00001');
    const fetched = await run('search https://arxiv.org/abs/2510.14968');
    expect(ids(fetched)[0]).toBe('2510.14968');
    expect(server.requests.some((r) => r.includes('id_list=2510.14968'))).toBe(true);
    expect(text(await run('search 2401.99999'))).toContain('arXiv has no paper 2401.99999');
  });

  it('finds an old-style id typed in another case, or with a subject class, under the id the sources store', async () => {
    await core.ingest([makePaper('hep-th/9901001', 'Old-style identifiers in string theory', 'Strings and branes.')]);
    await core.ingest([makePaper('math/0101001', 'Old-style identifiers in algebraic geometry', 'Schemes and sheaves.')]);
    await core.papers.index.refresh();
    for (const form of ['hep-th/9901001', 'HEP-TH/9901001', 'arXiv:Hep-Th/9901001V2', 'https://arxiv.org/abs/HEP-TH/9901001']) {
      expect(ids(await run(`search ${form}`))[0], form).toBe('hep-th/9901001');
    }
    for (const form of ['math.AG/0101001', 'arXiv:math.AG/0101001v1', 'https://arxiv.org/abs/math.AG/0101001']) {
      expect(ids(await run(`search ${form}`))[0], form).toBe('math/0101001');
    }
    expect(server.requests).toEqual([]);
    // A subject class is not part of the paper's id (arXiv's preferred form leaves it out), as the sources read it.
    expect(parseSearch('MATH.ag/0101001v1').options.paperId).toBe(parseArxivId('http://arxiv.org/abs/math.AG/0101001v1')?.id);
    expect(parseSearch('math.AG/0101001').options.paperId).toBe('math/0101001');
    expect(parseSearch('https://arxiv.org/abs/math.AG/0101001v2').options.paperId).toBe('math/0101001');
  });
});
