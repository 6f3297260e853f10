import { describe, expect, it } from 'vitest';
import { ARXIV_CATEGORIES, findArxivCategory, suggestArxivCategories } from '../../src/sources/arxiv-categories.js';

describe('the arXiv categories list', () => {
  it('holds unique, well-formed codes with names', () => {
    const codes = ARXIV_CATEGORIES.map((c) => c.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ARXIV_CATEGORIES) {
      expect(c.code).toMatch(/^[a-z-]+(\.[A-Za-z-]+)?$/);
      expect(c.name.length).toBeGreaterThan(0);
    }
  });

  it('finds a category by code, in any case', () => {
    expect(findArxivCategory('CS.cl')).toEqual({ code: 'cs.CL', name: 'Computation and Language' });
    expect(findArxivCategory('cs.XX')).toBeUndefined();
  });

  it('suggests codes starting with the typed text first, then names containing it, at most 25', () => {
    expect(suggestArxivCategories('cs.c').map((c) => c.code).slice(0, 3)).toEqual(['cs.CC', 'cs.CE', 'cs.CG']);
    expect(suggestArxivCategories('machine').map((c) => c.code)).toEqual(['cs.LG', 'stat.ML']);
    expect(suggestArxivCategories('')).toHaveLength(25);
  });
});
