/**
 * The rankable part of a candidate list (candidate-lists.ts): the ids the index and the papers both know, kept
 * for the same list while the index stands, and checked again when the list or the index changes.
 */
import { describe, expect, it } from 'vitest';
import { TfIdfIndex } from '../../src/index/tfidf-index.js';
import { RankableCandidates, withoutExcluded } from '../../src/ranking/candidate-lists.js';
import type { Paper } from '../../src/types.js';
import { makePaper } from '../helpers/core-fixture.js';

function setUp() {
  const papers = new Map<string, Paper>();
  const index = new TfIdfIndex();
  for (const paper of [makePaper('a', 'Robot grasping', 'A gripper grasps.'), makePaper('b', 'Galaxy surveys', 'Telescopes map galaxies.')]) {
    papers.set(paper.id, paper);
    index.add([paper]);
  }
  let lookups = 0;
  const rankable = new RankableCandidates(index, (id) => {
    lookups++;
    return papers.get(id);
  });
  return { papers, index, rankable, lookups: () => lookups };
}

describe('RankableCandidates', () => {
  it('keeps the ids known to the index and the papers, in order, duplicates included', () => {
    const { papers, rankable } = setUp();
    papers.set('stored-only', makePaper('stored-only', 'Not indexed', 'Only in the store.'));
    expect(rankable.of(['b', 'unknown', 'stored-only', 'a', 'b'])).toEqual(['b', 'a', 'b']);
  });

  it('answers the same list (another array with the same ids) from the last check while the index stands', () => {
    const { rankable, lookups } = setUp();
    const first = rankable.of(['a', 'b']);
    const checked = lookups();
    expect(rankable.of(['a', 'b'])).toBe(first);
    expect(lookups()).toBe(checked);
    expect(rankable.of(['b', 'a'])).toEqual(['b', 'a']);
    expect(lookups()).toBe(checked + 2);
  });

  it('checks again once the index changes', () => {
    const { papers, index, rankable } = setUp();
    expect(rankable.of(['a', 'c'])).toEqual(['a']);
    const c = makePaper('c', 'Tactile sensing', 'Sensors on a gripper.');
    papers.set('c', c);
    index.add([c]);
    expect(rankable.of(['a', 'c'])).toEqual(['a', 'c']);
    index.remove('a');
    expect(rankable.of(['a', 'c'])).toEqual(['c']);
  });

  it('does not follow changes to the array it was given', () => {
    const { rankable } = setUp();
    const list = ['a', 'b'];
    rankable.of(list);
    list[1] = 'a';
    expect(rankable.of(list)).toEqual(['a', 'a']);
  });
});

describe('withoutExcluded', () => {
  it('drops excluded and known ids, and returns the list itself when there are none', () => {
    const ids = ['a', 'b', 'c'];
    expect(withoutExcluded(ids, new Set(['b']), new Set(['c']))).toEqual(['a']);
    expect(withoutExcluded(ids, new Set(), new Set())).toBe(ids);
  });
});
