import { describe, expect, it } from 'vitest';
import { TfIdfIndex, type IndexedText } from '../../src/index/tfidf-index.js';
import { paperText, terms } from '../../src/text/tokenize.js';

const corpus: IndexedText[] = [
  { id: 'lora', title: 'Low-rank adaptation of large language models', abstract: 'We adapt large language models with low-rank updates to attention weights.' },
  { id: 'qlora', title: 'Quantized low-rank adaptation', abstract: 'Low-rank adapters on quantized language models cut memory for fine-tuning.' },
  { id: 'rag', title: 'Retrieval augmented generation for question answering', abstract: 'A retriever finds passages and a language model generates answers grounded in them.' },
  { id: 'rerank', title: 'Neural reranking for retrieval', abstract: 'Cross-encoders rerank retrieved passages; retrieval quality improves answers.' },
  { id: 'diffusion', title: 'Diffusion models for video generation', abstract: 'Video diffusion models generate frames with temporal attention.' },
  { id: 'image', title: 'Latent diffusion for image synthesis', abstract: 'Image generation with latent diffusion models and text conditioning.' },
  { id: 'galaxy', title: 'Galaxy formation in cosmological simulations', abstract: 'Star formation and feedback shape galaxy formation across cosmic time.' },
  { id: 'stars', title: 'Star formation in the interstellar medium', abstract: 'Molecular clouds in the interstellar medium collapse and star formation begins.' },
  { id: 'speech', title: 'Speech recognition with self-supervised models', abstract: 'Self-supervised speech models improve speech recognition for low-resource languages.' },
  { id: 'tts', title: 'Text-to-speech with diffusion', abstract: 'A diffusion decoder makes speech from text with natural prosody.' },
  { id: 'robot', title: 'Robot manipulation from demonstrations', abstract: 'A robot learns grasping and manipulation policies from human demonstrations.' },
  { id: 'legged', title: 'Legged locomotion with reinforcement learning', abstract: 'Reinforcement learning trains legged robots to walk on rough terrain.' },
];

const SETTINGS = { minDf: 2, maxDfRatio: 0.5 };
const QUERIES = ['low-rank adaptation', 'retrieval augmented generation', 'diffusion models', 'star formation', 'speech recognition', 'robot learning'];

/** TF-IDF written out directly: sublinear tf, smoothed idf, L2 norm, df cut-offs. */
function reference(docs: IndexedText[], minDf: number, maxDfRatio: number) {
  const counts = docs.map((d) => countKeys(paperText(d)));
  const df = new Map<string, number>();
  for (const c of counts) for (const key of c.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const n = docs.length;
  const idf = (key: string) => {
    const f = df.get(key) ?? 0;
    return f === 0 || f < minDf || f > maxDfRatio * n ? 0 : Math.log((1 + n) / (1 + f)) + 1;
  };
  const vector = (c: Map<string, number>) => {
    const v = new Map([...c].map(([key, tf]) => [key, (1 + Math.log(tf)) * idf(key)]));
    const length = Math.sqrt([...v.values()].reduce((s, w) => s + w * w, 0));
    return new Map([...v].filter(([, w]) => w > 0).map(([key, w]) => [key, w / length]));
  };
  const vectors = counts.map(vector);
  return (query: string) => {
    const q = vector(countKeys(query));
    return docs
      .map((d, i) => ({ id: d.id, score: [...q].reduce((s, [key, w]) => s + w * (vectors[i].get(key) ?? 0), 0) }))
      .filter((r) => r.score > 1e-9)
      .sort((a, b) => b.score - a.score);
  };
}

function countKeys(text: string): Map<string, number> {
  const c = new Map<string, number>();
  for (const t of terms(text)) c.set(t.key, (c.get(t.key) ?? 0) + 1);
  return c;
}

async function built(docs: IndexedText[], settings: object = SETTINGS): Promise<TfIdfIndex> {
  const index = new TfIdfIndex(settings);
  index.add(docs);
  await index.refresh();
  return index;
}

const search = (index: TfIdfIndex, q: string, candidates?: string[]) => index.score(index.vectorize(q), { limit: 100, candidates });

describe('TfIdfIndex scores', () => {
  it('equal a direct TF-IDF computation', async () => {
    const index = await built(corpus);
    const expected = reference(corpus, SETTINGS.minDf, SETTINGS.maxDfRatio);
    for (const q of QUERIES) {
      const got = search(index, q);
      const want = expected(q);
      expect(got.map((r) => r.id)).toEqual(want.map((r) => r.id));
      got.forEach((r, i) => expect(r.score).toBeCloseTo(want[i].score, 6));
    }
  });

  it('ignore terms outside the df cut-offs', async () => {
    const index = await built(corpus);
    expect(index.vectorize('prosody').ids.length).toBe(0);
    const common = await built(corpus, { minDf: 1, maxDfRatio: 0.1 });
    expect(common.vectorize('diffusion').ids.length).toBe(0);
    expect(common.vectorize('prosody').ids.length).toBe(1);
  });

  it('equal between a candidate list and a full search, bit for bit', async () => {
    const index = await built(corpus);
    for (const q of QUERIES) {
      const full = search(index, q);
      const all = search(index, q, corpus.map((d) => d.id));
      expect(all).toEqual(full);
      const few = [...full.slice(0, 2).map((r) => r.id), 'galaxy', 'unknown-id'];
      const some = search(index, q, few);
      expect(some).toEqual(full.filter((r) => few.includes(r.id)));
      const many = index.scoreMany(index.vectorize(q), full.map((r) => r.id));
      expect(Array.from(many)).toEqual(full.map((r) => r.score));
    }
  });

  it('equal between the direct and the postings way of scoring candidates', async () => {
    const index = await built(corpus);
    const profile = index.vectorize(corpus.map((d) => paperText(d)).join(' '));
    const full = index.score(profile, { limit: 100 });
    for (const r of full) expect(index.score(profile, { limit: 5, candidates: [r.id] })).toEqual([r]);
    expect(index.score(profile, { limit: 100, candidates: corpus.map((d) => d.id) })).toEqual(full);
  });

  it('equal between a full search and candidates late in long postings lists (skip entries)', async () => {
    const topics = ['graph networks', 'protein folding', 'galaxy clusters', 'speech codecs'];
    const many: IndexedText[] = Array.from({ length: 600 }, (_, i) => ({
      id: `p${i}`,
      title: `${topics[i % 4]} study ${i % 7 === 0 ? 'with graph' : ''}`,
      abstract: `We study ${topics[(i * 3) % 4]} and ${topics[i % 4]}; variant ${i % 13} of networks ${i % 5 === 0 ? 'folding' : ''}.`,
    }));
    const index = await built(many);
    const late = many.slice(520, 590).map((d) => d.id);
    for (const q of ['graph', 'protein folding', 'galaxy clusters with graph', 'speech codecs folding']) {
      const full = index.score(index.vectorize(q), { limit: many.length }).filter((r) => late.includes(r.id));
      expect(full.length).toBeGreaterThan(10);
      expect(index.score(index.vectorize(q), { limit: many.length, candidates: late })).toEqual(full);
    }
  });

  it('equal a full search when a long candidate list is scored again and again (candidate set)', async () => {
    const many: IndexedText[] = Array.from({ length: 900 }, (_, i) => ({
      id: `q${i}`,
      title: `${['graph', 'protein', 'galaxy', 'speech'][i % 4]} paper ${i % 9 === 0 ? 'with folding' : ''}`,
      abstract: `About ${['graph networks', 'protein folding', 'galaxy clusters', 'speech codecs'][(i * 7) % 4]} number ${i % 11}.`,
    }));
    const index = await built(many);
    const week = many.filter((_, i) => i % 3 === 0).map((d) => d.id);
    for (const q of ['graph folding', 'galaxy clusters speech', 'protein']) {
      const full = index.score(index.vectorize(q), { limit: many.length }).filter((r) => week.includes(r.id));
      for (let round = 0; round < 3; round++) expect(index.score(index.vectorize(q), { limit: many.length, candidates: [...week] })).toEqual(full);
    }
    index.add([{ id: 'q0', title: 'graph folding', abstract: 'Graph folding speech.' }]);
    const fresh = index.score(index.vectorize('graph folding'), { limit: many.length }).filter((r) => week.includes(r.id));
    for (let round = 0; round < 3; round++) expect(index.score(index.vectorize('graph folding'), { limit: many.length, candidates: week })).toEqual(fresh);
  });

  it('after add and refresh equal a fresh build', async () => {
    const grown = await built(corpus.slice(0, 7));
    grown.add(corpus.slice(7));
    await grown.refresh();
    const fresh = await built(corpus);
    for (const q of QUERIES) expect(search(grown, q)).toEqual(search(fresh, q));
    for (const d of corpus) expect(grown.documentVector(d.id)).toEqual(fresh.documentVector(d.id));
  });

  it('find documents added since the last refresh, weighed with its idf', async () => {
    const index = await built(corpus.filter((d) => d.id !== 'tts'));
    index.add(corpus.filter((d) => d.id === 'tts'));
    expect(index.pendingCount).toBe(1);
    const full = search(index, 'diffusion');
    expect(full.map((r) => r.id)).toContain('tts');
    expect(search(index, 'diffusion', ['tts', 'image'])).toEqual(full.filter((r) => r.id === 'tts' || r.id === 'image'));
    expect(Array.from(index.scoreMany(index.vectorize('diffusion'), full.map((r) => r.id)))).toEqual(full.map((r) => r.score));
  });
});

describe('TfIdfIndex explanations', () => {
  it('name the terms that matched, bigrams over their words', async () => {
    const index = await built(corpus);
    expect(index.explain(index.vectorize('low-rank adaptation'), 'qlora')).toEqual(['low rank', 'rank adaptation']);
    expect(index.explain(index.vectorize('star formation'), 'galaxy', 2)).toEqual(['star formation']);
    expect(index.explain(index.vectorize('star formation'), 'robot')).toEqual([]);
  });

  it('give display forms for term ids and idf 0 outside the cut-offs', async () => {
    const index = await built(corpus);
    const v = index.vectorize('Star formation');
    expect(Array.from(v.ids, (id) => index.surface(id)).sort()).toEqual(['formation', 'star', 'star formation']);
    for (const id of v.ids) expect(index.idfOf(id)).toBeCloseTo(Math.log(13 / 3) + 1, 5);
    expect(index.vectorize('interstellar medium').ids.length).toBe(0);
  });
});

describe('TfIdfIndex changes', () => {
  it('remove a document from results, counts and idf', async () => {
    const index = await built(corpus);
    index.remove('qlora');
    expect(index.has('qlora')).toBe(false);
    expect(index.size).toBe(corpus.length - 1);
    expect(search(index, 'quantized low-rank adaptation').map((r) => r.id)).not.toContain('qlora');
    await index.refresh();
    const fresh = await built(corpus.filter((d) => d.id !== 'qlora'));
    for (const q of QUERIES) expect(search(index, q)).toEqual(search(fresh, q));
  });

  it('replace a document added again under the same id', async () => {
    const index = await built(corpus);
    index.add([{ id: 'lora', title: 'Galaxy formation', abstract: 'Star formation in galaxies.' }]);
    await index.refresh();
    expect(index.size).toBe(corpus.length);
    expect(search(index, 'low-rank adaptation').map((r) => r.id)).not.toContain('lora');
    expect(search(index, 'galaxy formation').map((r) => r.id)).toContain('lora');
  });

  it('keep answering searches while a refresh runs', async () => {
    const index = new TfIdfIndex({ ...SETTINGS, chunkSize: 1 });
    index.add(corpus);
    let done = false;
    const refreshing = index.refresh().then(() => (done = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(done).toBe(false);
    expect(search(index, 'galaxy formation')[0].id).toBe('galaxy');
    expect(index.refresh()).toBe(index.refresh());
    await refreshing;
    expect(search(index, 'galaxy formation')[0].id).toBe('galaxy');
  });

  it('finds the only paper of a tiny index: the default max-df cut waits for 20 documents', async () => {
    const single = new TfIdfIndex();
    single.add([corpus[0]]);
    await single.refresh();
    expect(single.score(single.vectorize('low-rank adaptation'), { limit: 3 }).map((s) => s.id)).toEqual(['lora']);
    const many = new TfIdfIndex();
    many.add(Array.from({ length: 25 }, (_, i) => ({ id: `d${i}`, title: `Shared words ${i}`, abstract: i === 0 ? 'unique topic' : 'common text' })));
    await many.refresh();
    expect(many.vectorize('shared words').ids.length).toBe(0);
    expect(many.score(many.vectorize('unique topic'), { limit: 3 }).map((s) => s.id)).toEqual(['d0']);
  });

  it('treats an empty query and an empty index as no results', async () => {
    const index = new TfIdfIndex();
    expect(search(index, 'anything')).toEqual([]);
    await index.refresh();
    index.add(corpus);
    expect(search(index, 'the of and')).toEqual([]);
    expect(index.documentVector('nope').ids.length).toBe(0);
  });
});
