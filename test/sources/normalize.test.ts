import { describe, expect, it } from 'vitest';
import { arxivAbsUrl, parseArxivId } from '../../src/sources/arxiv-id.js';
import { collapseWhitespace, decodeHtmlEntities, isoDate, normalizeText, readableLatex } from '../../src/sources/normalize.js';

describe('normalizeText', () => {
  it('joins lines wrapped at 80 columns into one line of single spaces', () => {
    const wrapped = 'RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in\n  Long-Horizon Tasks';
    expect(normalizeText(wrapped)).toBe('RDD: Retrieval-Based Demonstration Decomposer for Planner Alignment in Long-Horizon Tasks');
    expect(collapseWhitespace('  a\t\tb\u00a0 c \n')).toBe('a b c');
  });

  it('decodes named, numeric and double-encoded HTML entities and leaves unknown ones', () => {
    expect(decodeHtmlEntities('Schr&ouml;dinger &amp; G&#246;del &#x3B1; &amp;eacute; &bogus;')).toBe('Schrödinger & Gödel α é &bogus;');
  });

  it('turns simple inline LaTeX into readable text and keeps real formulas intact', () => {
    expect(readableLatex('improves throughput by up to 6.01$\\times$')).toBe('improves throughput by up to 6.01×');
    expect(normalizeText('a $\\alpha$-stable law with 95\\% \\emph{coverage}')).toBe('a α-stable law with 95% coverage');
    expect(normalizeText('approximately 60 $μ$s')).toBe('approximately 60 μs');
    expect(normalizeText('runs in $O(n^2 \\log n)$ time')).toBe('runs in $O(n^2 \\log n)$ time');
    expect(normalizeText('costs $5 and $10 a month')).toBe('costs $5 and $10 a month');
  });

  it('returns an empty string for missing text', () => {
    expect(normalizeText(undefined)).toBe('');
    expect(normalizeText(null)).toBe('');
  });
});

describe('isoDate', () => {
  it('reads Atom and RSS dates as ISO UTC, and nothing from garbage', () => {
    expect(isoDate('2026-06-11T17:59:49Z')).toBe('2026-06-11T17:59:49.000Z');
    expect(isoDate('Thu, 24 Sep 2026 00:00:00 -0400')).toBe('2026-09-24T04:00:00.000Z');
    expect(isoDate('not a date')).toBeUndefined();
    expect(isoDate('')).toBeUndefined();
  });
});

describe('parseArxivId', () => {
  it('finds the id and version in every form the sources use', () => {
    expect(parseArxivId('http://arxiv.org/abs/2510.14968v1')).toEqual({ id: '2510.14968', version: 1 });
    expect(parseArxivId('oai:arXiv.org:2609.26811v1')).toEqual({ id: '2609.26811', version: 1 });
    expect(parseArxivId('arXiv:2205.06398v2')).toEqual({ id: '2205.06398', version: 2 });
    expect(parseArxivId('https://arxiv.org/abs/2009.13987')).toEqual({ id: '2009.13987' });
    expect(parseArxivId('2606.00467')).toEqual({ id: '2606.00467' });
    expect(parseArxivId('http://arxiv.org/abs/hep-th/9901001v3')).toEqual({ id: 'hep-th/9901001', version: 3 });
    // The subject class is no part of the id: arXiv's preferred form (and the API's) is `math/0309136`.
    expect(parseArxivId('math.GT/0309136v2')).toEqual({ id: 'math/0309136', version: 2 });
  });

  it('finds nothing where there is no id', () => {
    expect(parseArxivId('http://arxiv.org/api/errors')).toBeUndefined();
    expect(parseArxivId('')).toBeUndefined();
    expect(parseArxivId('version 12.5 of the tool')).toBeUndefined();
  });

  it('links the abstract page without a version', () => {
    expect(arxivAbsUrl('2510.14968')).toBe('https://arxiv.org/abs/2510.14968');
  });
});
