import { describe, expect, it } from 'vitest';
import { validatePaper } from '../../src/papers/validate-paper.js';
import { validateStoredPaper } from '../../src/papers/stored-paper.js';
import { makePaper } from '../helpers/core-fixture.js';

/** A record as the store gives it back: what `validatePaper` returned, through JSON. */
const stored = (record: unknown) => {
  const checked = validatePaper(record);
  if (!checked.ok) throw new Error(checked.problems.join('; '));
  return JSON.parse(JSON.stringify(checked.paper)) as Record<string, unknown>;
};
const full = () =>
  stored({
    ...makePaper('2611.00001', 'A title', 'An abstract\nover two lines.'),
    version: 2,
    primaryCategory: 'cs.CL',
    updated: '2026-11-21T10:00:00.000Z',
    popularity: { upvotes: 3, comments: 0 },
    comment: '9 pages',
    doi: '10.1/x',
  });

describe('validateStoredPaper', () => {
  it('returns a stored record that is already a tidy paper as it is, without a copy', () => {
    for (const record of [full(), stored(makePaper('hep-th/9901001', 't', '', { published: '', authors: [], categories: [] }))]) {
      const checked = validateStoredPaper(record);
      expect(checked.ok && checked.paper).toBe(record);
      expect(checked).toEqual(validatePaper(record));
    }
    const huggingFace = stored(makePaper('hf:x', 't', 'a', { url: 'https://huggingface.co/papers/x', sources: ['hf-daily'], popularity: { upvotes: 9 } }));
    expect(validateStoredPaper(huggingFace)).toEqual({ ok: true, paper: huggingFace });
  });

  it('gives exactly what validatePaper gives for every record that is not already tidy, valid or not', () => {
    const variants: object[] = [
      { ...full(), title: '  A title ' },
      { ...full(), title: 'A\ttitle' },
      { ...full(), abstract: 'An abstract\u0007.' },
      { ...full(), abstract: 'An abstract ' },
      { ...full(), authors: ['Ada', ' Grace'] },
      { ...full(), authors: ['Ada', ''] },
      { ...full(), categories: ['cs.CL\n'] },
      { ...full(), sources: ['arxiv-api', 'arxiv-api'] },
      { ...full(), sources: ['rumour'] },
      { ...full(), url: ' https://arxiv.org/abs/2611.00001' },
      { ...full(), url: 'javascript:alert(1)' },
      { ...full(), popularity: { upvotes: 1, comments: 2, extra: 3 } },
      { ...full(), popularity: { comments: 2, upvotes: 1 } },
      { ...full(), version: undefined },
      { ...full(), version: 0 },
      { ...full(), updated: '' },
      { ...full(), published: 'yesterday' },
      { ...full(), doi: ' 10.1/x' },
      { ...full(), comment: 'line\none' },
      { ...full(), unknown: 'field' },
      { addedAt: '2026-11-22T00:00:00Z', ...full() },
      { ...full(), id: 'two words' },
      { ...full(), authors: ['x'.repeat(301)] },
      makePaper('2611.00002', 't', 'a', { version: 3 }),
      Object.assign(Object.create({ inherited: true }) as object, full()),
    ];
    for (const record of variants) {
      const expected = validatePaper(record);
      const checked = validateStoredPaper(record);
      expect(checked).toEqual(expected);
      if (checked.ok) {
        expect(checked.paper).not.toBe(record);
        expect(JSON.stringify(checked.paper)).toBe(JSON.stringify(expected.ok && expected.paper));
      }
    }
  });

  it('refuses what is not an object, as validatePaper does', () => {
    for (const value of [null, undefined, 'paper', 42, [full()]]) expect(validateStoredPaper(value)).toEqual(validatePaper(value));
  });
});
