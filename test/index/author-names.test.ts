import { describe, expect, it } from 'vitest';
import { AuthorIndex } from '../../src/index/author-index.js';
import { authorKey, matchingAuthor, sameAuthor } from '../../src/index/author-names.js';
import { makePaper } from '../helpers/core-fixture.js';

const same = (a: string, b: string) => sameAuthor(authorKey(a)!, authorKey(b)!);

describe('author names', () => {
  it('folds accents and case, compares given names by initials', () => {
    expect(authorKey('Yann LeCun')).toEqual({ surname: 'lecun', initials: 'y' });
    expect(authorKey('José Hernández-Orallo')).toEqual({ surname: 'hernandezorallo', initials: 'j' });
    expect(authorKey('LeCun, Yann')).toEqual({ surname: 'lecun', initials: 'y' });
    expect(authorKey('J.-M. Dupont')).toEqual({ surname: 'dupont', initials: 'jm' });
    expect(authorKey('1234')).toBeUndefined();
    expect(same('Yann LeCun', 'Y. LeCun')).toBe(true);
    expect(same('yann lecun', 'Yann André LeCun')).toBe(true);
    expect(same('Jose Hernandez-Orallo', 'José Hernández-Orallo')).toBe(true);
    expect(same('LeCun', 'Y. LeCun')).toBe(true);
    expect(same('Yann LeCun', 'X. LeCun')).toBe(false);
    expect(same('Yann LeCun', 'Yann Bengio')).toBe(false);
    expect(matchingAuthor(authorKey('Yann LeCun')!, ['A. B', 'Y. LeCun'])).toBe('Y. LeCun');
  });

  it('indexes papers by author and takes in papers added or changed later', () => {
    const papers = new Map([['1', makePaper('1', 'a', 'b', { authors: ['Y. LeCun', 'Ada Lovelace'] })]]);
    let revision = 0;
    const source = { get revision() { return revision; }, all: () => papers.values(), get: (id: string) => papers.get(id) };
    const index = new AuthorIndex(source);
    expect(index.papersBy('Yann LeCun')).toEqual(['1']);
    expect(index.papersBy('Xavier LeCun')).toEqual([]);
    papers.set('2', makePaper('2', 'c', 'd', { authors: ['Yann Le-Cun'] }));
    revision++;
    expect(index.papersBy('lecun')).toEqual(['1', '2']);
    expect(index.papersBy('...')).toEqual([]);
    // A new version of paper 1 with another author list: the same number of papers.
    papers.set('1', makePaper('1', 'a', 'b v2', { authors: ['Grace Hopper'] }));
    revision++;
    expect(index.papersBy('Grace Hopper')).toEqual(['1']);
    expect(index.papersBy('Ada Lovelace')).toEqual([]);
  });
});
