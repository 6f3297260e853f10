/**
 * The ranking's kept document vectors (document-vectors.ts): the index's own vectors, kept while the index
 * stands and weighed again once it changes.
 */
import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { documentVector } from '../../src/ranking/document-vectors.js';
import { makePaper } from '../helpers/core-fixture.js';

describe('documentVector', () => {
  it('is the index vector, kept while the index stands and weighed again after a change', async () => {
    const index = new TfIdfIndex();
    index.add([makePaper('a', 'Robot grasping', 'A gripper grasps soft objects.'), makePaper('b', 'Galaxy surveys', 'Telescopes map galaxies.')]);
    await index.refresh();
    const first = documentVector(index, 'a');
    expect(first).toEqual(index.documentVector('a'));
    expect(documentVector(index, 'a')).toBe(first);
    index.add([makePaper('c', 'Robot grasping of fruit', 'A robot gripper grasps fruit.')]);
    await index.refresh();
    const after = documentVector(index, 'a');
    expect(after).not.toBe(first);
    expect(after).toEqual(index.documentVector('a'));
    expect(after.weights).not.toEqual(first.weights);
    expect(documentVector(index, 'unknown').ids.length).toBe(0);
  });
});
