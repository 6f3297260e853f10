/**
 * Seeded random documents for index tests that need many of them (candidate sets start at 256 candidates):
 * titles and abstracts drawn from a small word list, so words repeat within a document and across documents.
 */
import type { IndexedText } from '../../src/index/tfidf-index.js';
import { seededRandom } from '../../src/ranking/seeded-random.js';

const WORDS = [
  'attention', 'graph', 'diffusion', 'retrieval', 'robot', 'speech', 'galaxy', 'protein', 'quantum', 'policy',
  'language', 'vision', 'transformer', 'kernel', 'sampling', 'energy', 'contrastive', 'federated', 'privacy',
  'sparse', 'causal', 'bayesian', 'spectral', 'molecule', 'weather', 'planning', 'memory', 'agent', 'video',
  'audio', 'token', 'pruning', 'distillation', 'embedding', 'ranking', 'segmentation', 'detection', 'tracking',
];

/** `n` documents of seeded random words, ids `d<from>`, `d<from + 1>`, ... */
export function randomDocuments(n: number, seed: number, from = 0): IndexedText[] {
  const random = seededRandom(seed);
  const words = (count: number) => Array.from({ length: count }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => ({ id: `d${from + i}`, title: words(4), abstract: words(10 + Math.floor(random() * 30)) }));
}
