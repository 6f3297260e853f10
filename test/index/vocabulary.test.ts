import { describe, expect, it } from 'vitest';
import { Vocabulary } from '../../src/index/vocabulary.js';
import { Pacer, TERMS_PER_UNIT } from '../../src/pacer.js';
import { paperParts, paperText, terms } from '../../src/text/tokenize.js';

const texts = [
  'Low-Rank Adaptation (LoRA) of large language models. Low-rank adapters, again!',
  'Retrieval of augmented generation; retrieval augmented generation for QA',
  'Résumé: naïve Bayes in Zürich, with Привет and 机器学习 and 🚀 emoji',
  'the of and 2025 42',
  '',
];

function keyCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms(text)) counts.set(t.key, (counts.get(t.key) ?? 0) + 1);
  return counts;
}

describe('Vocabulary', () => {
  it('reads a document into the same terms and counts as `terms`', () => {
    const vocabulary = new Vocabulary();
    for (const text of texts) {
      const { ids, counts } = vocabulary.addDocument([text], 1);
      expect([...ids]).toEqual([...ids].sort((a, b) => a - b));
      const got = new Map(Array.from(ids, (id, i) => [vocabulary.keyOf(id), counts[i]]));
      expect(got).toEqual(keyCounts(text));
    }
  });

  it('reads a paper given as parts like its joined text', () => {
    const vocabulary = new Vocabulary();
    const paper = { title: 'Retrieval augmented generation', abstract: 'Generation grounded in retrieval. Résumé.' };
    const { ids, counts } = vocabulary.addDocument(paperParts(paper), 1);
    expect(new Map(Array.from(ids, (id, i) => [vocabulary.keyOf(id), counts[i]]))).toEqual(keyCounts(paperText(paper)));
  });

  it('counts document frequency once per document and finds known terms of a query', () => {
    const vocabulary = new Vocabulary();
    const a = Uint32Array.from(vocabulary.addDocument(['graph neural networks on graph data'], 1).ids);
    vocabulary.addDocument(['graph transformers'], 1);
    const graph = [...vocabulary.readQuery('graph').keys()][0];
    expect(vocabulary.df[graph]).toBe(2);
    const query = vocabulary.readQuery('Graph neural networks and unseen words');
    expect([...query.keys()].map((id) => vocabulary.keyOf(id)).sort()).toEqual(['graph', 'graph neural', 'network', 'neural', 'neural network']);
    vocabulary.removeDocument(a);
    expect(vocabulary.df[graph]).toBe(1);
  });

  it('names a term from the document that makes it count, and forgets names of rare terms', async () => {
    const vocabulary = new Vocabulary();
    vocabulary.addDocument(['Adaptive models'], 2);
    const [adapt] = vocabulary.readQuery('adaptation').keys();
    expect(vocabulary.surface(adapt)).toBe('adapt');
    vocabulary.addDocument(['Adaptation matters'], 2);
    expect(vocabulary.surface(adapt)).toBe('adaptation');
    vocabulary.addDocument(['Low rank adaptation'], 1);
    const [, , lowRank] = vocabulary.readQuery('low rank').keys();
    expect(vocabulary.surface(lowRank)).toBe('low rank');
    expect(await vocabulary.dropSurfaces(2, new Pacer(1, 0))).toBeGreaterThan(0);
    expect(vocabulary.surface(lowRank)).toBe(vocabulary.keyOf(lowRank));
    expect(vocabulary.surface(adapt)).toBe('adaptation');
  });

  it('forgets names of rare terms in steps, by each term\'s count when it comes to it', async () => {
    const vocabulary = new Vocabulary();
    // Words of letters only (digits would be split off), each in one document: every one has a name, and is rare.
    const word = (i: number) => `w${i.toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)])}x`;
    const n = 3 * TERMS_PER_UNIT;
    for (let i = 0; i < n; i++) vocabulary.addDocument([word(i)], 1);
    const id = (i: number) => [...vocabulary.readQuery(word(i)).keys()][0];
    const early = id(1);
    const late = id(n - 1);
    expect(vocabulary.surface(late)).toBe(word(n - 1));
    const dropping = vocabulary.dropSurfaces(2, new Pacer(1, 0));
    // While the drop yields, a second document makes the last word count: its name stays.
    await new Promise((resolve) => setImmediate(resolve));
    vocabulary.addDocument([`${word(n - 1)} ${word(1)}`], 1);
    const dropped = await dropping;
    expect(vocabulary.surface(late)).toBe(word(n - 1));
    // The first word's second document came after the drop had passed it: its name went, as it was rare then.
    expect(vocabulary.surface(early)).toBe(vocabulary.keyOf(early));
    expect(dropped).toBeGreaterThan(n - 10);
  });
});
