/**
 * The preference model: a logistic regression over TF-IDF terms, learned from likes and dislikes, pulled
 * toward a prior (the channel's interests) by its regulariser. With no votes it is the prior itself, so a
 * channel without reactions ranks by its interests alone; each vote then moves the weights, dislikes as much
 * as likes. Unrated papers of the same week may be added as weak negatives (most papers are not wanted), which
 * teaches the model what sets liked papers apart from the week's bulk rather than only from shown ones.
 */
import type { TfIdfIndex } from '../index/tfidf-index.js';
import { fromMap, type SparseVector } from '../index/sparse.js';
import { DEFAULT_RANKING_SETTINGS } from './settings.js';

export interface Example {
  id: string;
  /** 1 = wanted, 0 = not wanted. */
  label: 0 | 1;
  /** How much the example counts (a vote 1, an unrated background paper less). */
  weight: number;
}

export interface ModelOptions {
  /** Prior weights (the interests), already scaled. */
  prior: SparseVector;
  /** L2 strength pulling the weights toward the prior. Default 1. */
  l2?: number;
  /** Gradient steps. Default 40. */
  iterations?: number;
  /** Damping of the per-term Newton step (1 = full step). Default 0.5. */
  step?: number;
}

export interface PreferenceModel {
  /** Term weights in the index's term space. */
  weights: SparseVector;
  bias: number;
}

/** Train the model. Cost: iterations x total terms of the examples (a few ms for a few hundred examples). */
export function trainModel(index: TfIdfIndex, examples: Example[], options: ModelOptions): PreferenceModel {
  const l2 = options.l2 ?? DEFAULT_RANKING_SETTINGS.modelL2;
  const iterations = options.iterations ?? DEFAULT_RANKING_SETTINGS.modelIterations;
  const step = options.step ?? DEFAULT_RANKING_SETTINGS.modelStep;
  if (examples.length === 0 || !examples.some((e) => e.label === 1 && e.weight > 0)) {
    return examples.length === 0 ? { weights: options.prior, bias: 0 } : trainDislikesOnly(index, examples, options.prior, l2);
  }
  const local = new Map<number, number>();
  const globalIds: number[] = [];
  const localOf = (term: number) => {
    let l = local.get(term);
    if (l === undefined) {
      l = globalIds.length;
      local.set(term, l);
      globalIds.push(term);
    }
    return l;
  };
  for (let i = 0; i < options.prior.ids.length; i++) localOf(options.prior.ids[i]);
  const docs = examples.map((e) => {
    const v = index.documentVector(e.id);
    return { terms: Int32Array.from(v.ids, localOf), values: v.weights, label: e.label, weight: e.weight };
  });
  const w0 = new Float64Array(globalIds.length);
  for (let i = 0; i < options.prior.ids.length; i++) w0[i] = options.prior.weights[i];
  const w = Float64Array.from(w0);
  const totalWeight = docs.reduce((s, d) => s + d.weight, 0);
  const positive = docs.reduce((s, d) => s + d.weight * d.label, 0);
  let bias = Math.log((positive + 0.5) / (totalWeight - positive + 0.5));
  // Gradient descent with a per-term step (the inverse of a bound on that term's curvature): sparse terms seen
  // in one paper move as fast as common ones, which a single global step would not allow.
  const curvature = new Float64Array(w.length).fill(l2);
  for (const d of docs) for (let j = 0; j < d.terms.length; j++) curvature[d.terms[j]] += (d.weight * d.values[j] * d.values[j]) / 4;
  const grad = new Float64Array(w.length);
  for (let it = 0; it < iterations; it++) {
    grad.fill(0);
    let biasGrad = 0;
    for (const d of docs) {
      let z = bias;
      for (let j = 0; j < d.terms.length; j++) z += w[d.terms[j]] * d.values[j];
      const g = d.weight * (sigmoid(z) - d.label);
      biasGrad += g;
      for (let j = 0; j < d.terms.length; j++) grad[d.terms[j]] += g * d.values[j];
    }
    for (let t = 0; t < w.length; t++) w[t] -= (step * (grad[t] + l2 * (w[t] - w0[t]))) / curvature[t];
    bias -= (step * biasGrad) / (totalWeight / 4 + 1);
  }
  const map = new Map<number, number>();
  for (let t = 0; t < w.length; t++) if (w[t] !== 0) map.set(globalIds[t], w[t]);
  return { weights: fromMap(map), bias };
}

/** With no positive example, push away from the disliked papers (their mean), keeping the prior. */
function trainDislikesOnly(index: TfIdfIndex, examples: Example[], prior: SparseVector, l2: number): PreferenceModel {
  const map = new Map<number, number>();
  for (let i = 0; i < prior.ids.length; i++) map.set(prior.ids[i], prior.weights[i]);
  const total = examples.reduce((s, e) => s + e.weight, 0);
  for (const e of examples) {
    const v = index.documentVector(e.id);
    const scale = e.weight / (total + l2);
    for (let i = 0; i < v.ids.length; i++) map.set(v.ids[i], (map.get(v.ids[i]) ?? 0) - scale * v.weights[i]);
  }
  return { weights: fromMap(map), bias: 0 };
}

/** The logistic function. */
export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}
