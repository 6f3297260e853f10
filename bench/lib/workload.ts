/**
 * The performance benchmark's fixed workload: the search queries, the interests of 1,000 channels, the week
 * whose papers a digest ranks, and the synthetic corpus of 500,000 papers. Fixed (seeded) so that runs compare.
 */
import { seededRandom } from '../../src/ranking/seeded-random.js';
import type { Paper } from '../../src/types.js';
import { isoWeek, toPaper, type PaperRecord } from './papers-file.js';

/** Searches people type into `/papers search`, across the corpus's fields (cs.CV/CL/AI/GR, astro-ph). */
export const QUERIES = [
  'retrieval augmented generation',
  'low-rank adaptation of large language models',
  'diffusion models for video generation',
  'speech recognition',
  'galaxy formation',
  'gaussian splatting',
  'neural radiance fields',
  'vision language models hallucination',
  'reinforcement learning from human feedback',
  'chain of thought reasoning',
  'mixture of experts',
  'knowledge distillation',
  'jailbreak attacks on LLMs',
  'multi-agent systems',
  'text-to-image generation',
  '3D human pose estimation',
  'semantic segmentation',
  'object detection in remote sensing images',
  'medical image segmentation',
  'dark matter halos',
  'cosmic microwave background',
  'exoplanet atmospheres',
  'star formation in molecular clouds',
  'weak gravitational lensing',
  'autonomous driving trajectory prediction',
  'graph neural networks',
  'tokenization for multilingual models',
  'machine translation low-resource languages',
  'long context transformers',
  'mesh reconstruction from images',
  'point cloud registration',
  'video question answering',
  'code generation benchmark',
  'federated learning privacy',
  'self-supervised representation learning',
  'sparse autoencoders interpretability',
];

/** Interest phrases channels follow; each channel takes a few of them. */
const TOPICS = [
  ...QUERIES,
  'robot manipulation', 'grasping', 'legged locomotion', 'motion planning', 'recommender systems', 'information retrieval',
  'search ranking', 'user study', 'human-computer interaction', 'interface design', 'text-to-speech', 'audio generation',
  'rendering', '3D reconstruction', 'animation', 'adversarial attacks', 'privacy', 'malware', 'agent coordination',
  'negotiation', 'interstellar medium', 'active galactic nuclei', 'galaxy clusters', 'cosmological simulations',
  'supernova', 'radio telescopes', 'instrumentation', 'image super-resolution', 'image editing', 'optical flow',
  'depth estimation', 'visual place recognition', 'face recognition', 'person re-identification', 'anomaly detection',
  'time series forecasting', 'question answering', 'summarization', 'sentiment analysis', 'named entity recognition',
  'dialogue systems', 'instruction tuning', 'preference optimization', 'reward models', 'mathematical reasoning',
  'theorem proving', 'planning with language models', 'tool use', 'embodied agents', 'world models', 'video understanding',
  'visual grounding', 'open vocabulary detection', 'continual learning', 'domain adaptation', 'few-shot learning',
  'model compression', 'quantization', 'pruning', 'efficient inference', 'speculative decoding', 'state space models',
  'neural architecture search', 'explainable AI', 'fairness', 'uncertainty estimation', 'causal inference',
  'knowledge graphs', 'scientific discovery', 'protein structure', 'weather forecasting', 'document understanding',
  'optical character recognition', 'sign language', 'music generation', 'text-to-3D', 'scene graphs', 'SLAM',
];

/** Interests of `n` channels: 1 to 4 distinct topic phrases each, seeded. */
export function channelInterests(n: number, seed = 42): string[][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const count = 1 + Math.floor(random() * 4);
    const picked = new Set<string>();
    while (picked.size < count) picked.add(TOPICS[Math.floor(random() * TOPICS.length)]);
    return [...picked];
  });
}

/** The latest ISO week with at least half as many papers as the busiest week (the last one may be partial). */
export function digestWeek(records: PaperRecord[]): { week: string; ids: string[] } {
  const byWeek = new Map<string, string[]>();
  for (const r of records) {
    const week = isoWeek(r.announced);
    let ids = byWeek.get(week);
    if (!ids) byWeek.set(week, (ids = []));
    ids.push(r.id);
  }
  const busiest = Math.max(...[...byWeek.values()].map((ids) => ids.length));
  const weeks = [...byWeek.keys()].sort().reverse();
  const week = weeks.find((w) => byWeek.get(w)!.length >= busiest / 2) ?? weeks[0];
  return { week, ids: byWeek.get(week)! };
}

/**
 * `n` papers: the real ones, then synthetic ones, each a real title with an abstract that interleaves the
 * sentences of two real abstracts. Every string is a fresh copy, so memory is measured as for distinct papers.
 */
export function* synthesizePapers(records: PaperRecord[], n: number): Generator<Paper> {
  const sentences = records.map((r) => r.abstract.split(/(?<=\.)\s+/));
  for (let k = 0; k * records.length < n; k++) {
    for (let i = 0; i < records.length && k * records.length + i < n; i++) {
      const r = records[i];
      if (k === 0) {
        yield toPaper(r);
        continue;
      }
      const j = (i * 31 + k * 7919) % records.length;
      const a = sentences[i];
      const b = sentences[j];
      const mixed: string[] = [];
      for (let s = 0; s < Math.max(a.length, b.length); s++) {
        if (s < a.length && s % 2 === 0) mixed.push(a[s]);
        if (s < b.length && s % 2 === 1) mixed.push(b[s]);
      }
      yield toPaper({ ...r, id: `${r.id}.s${k}`, title: fresh(r.title), abstract: fresh(mixed.join(' ')), authors: r.authors.map(fresh) });
    }
  }
}

/** A flat copy of a string that shares no memory with the original. */
function fresh(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** `isoWeek` of a paper's announcement, re-exported for the phases. */
export { isoWeek };
