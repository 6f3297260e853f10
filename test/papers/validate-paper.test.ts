import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { validatePaper } from '../../src/papers/validate-paper.js';
import { makePaper, SEED_FILE } from '../helpers/core-fixture.js';

const good = () => makePaper('2611.00001', 'A title', 'An abstract.');
const problemsOf = (record: unknown) => {
  const result = validatePaper(record);
  return result.ok ? [] : result.problems;
};

describe('validatePaper', () => {
  it('accepts a complete paper and every bundled seed paper (whose addedAt the core stamps)', async () => {
    expect(validatePaper(good())).toEqual({ ok: true, paper: good() });
    const full = good();
    Object.assign(full, { version: 2, primaryCategory: 'cs.CL', updated: '2026-11-21T10:00:00.000Z', popularity: { upvotes: 3, comments: 0 }, comment: '9 pages', doi: '10.1/x' });
    expect(validatePaper(full)).toEqual({ ok: true, paper: full });
    const seed = JSON.parse(await readFile(SEED_FILE, 'utf8')) as unknown[];
    expect(seed.filter((p) => !validatePaper(p).ok)).toEqual([]);
  });

  it('accepts what the sources produce: old-style and prefixed ids, no date, no abstract, no authors or categories', () => {
    for (const id of ['hep-th/9901001', 'hf:not-arxiv', 'seed:some-title', 'x']) expect(problemsOf(makePaper(id, 't', 'a'))).toEqual([]);
    expect(problemsOf(makePaper('x', 't', '', { published: '', addedAt: '', authors: [], categories: [] }))).toEqual([]);
    expect(problemsOf({ ...good(), version: undefined, primaryCategory: undefined, popularity: undefined })).toEqual([]);
  });

  it('names the field of every problem', () => {
    const { title: _t, ...noTitle } = good();
    expect(problemsOf(noTitle)).toEqual(['title: missing']);
    expect(problemsOf({ ...good(), title: 42 })).toEqual(['title: not a string (number)']);
    expect(problemsOf({ ...good(), title: ' \u0000\n ' })).toEqual(['title: empty']);
    expect(problemsOf({ ...good(), abstract: undefined })).toEqual(['abstract: missing']);
    expect(problemsOf({ ...good(), abstract: 'x'.repeat(1 << 20) })).toEqual(['abstract: 1048576 characters, more than 20000']);
    expect(problemsOf({ ...good(), authors: 'Ada Lovelace' })).toEqual(['authors: not a list (string)']);
    expect(problemsOf({ ...good(), authors: ['Ada', 7] })).toEqual(['authors[1]: not a string (number)']);
    expect(problemsOf({ ...good(), categories: null })).toEqual(['categories: missing']);
    expect(problemsOf({ ...good(), sources: [] })).toEqual(['sources: empty']);
    expect(problemsOf({ ...good(), sources: ['arxiv-api', 'rumour'] })).toEqual(['sources[1]: not a known source ("rumour")']);
    expect(problemsOf({ ...good(), url: 'javascript:alert(1)' })).toEqual(['url: not an http(s) link (javascript:)']);
    expect(problemsOf({ ...good(), url: 'not a link' })).toEqual(['url: not a link']);
    expect(problemsOf({ ...good(), popularity: { upvotes: NaN } })).toEqual(['popularity.upvotes: not a finite number of at least 0 (NaN)']);
    expect(problemsOf({ ...good(), popularity: { upvotes: 1, comments: -1 } })).toEqual(['popularity.comments: not a finite number of at least 0 (-1)']);
    expect(problemsOf({ ...good(), version: 0 })).toEqual(['version: not a positive whole number (0)']);
    expect(problemsOf({ ...good(), version: '2' })).toEqual(['version: not a positive whole number (string)']);
    expect(problemsOf({ ...good(), published: 'last Tuesday' })).toEqual(['published: not an ISO 8601 date ("last Tuesday")']);
    expect(problemsOf({ ...good(), published: '2026-13-45' })).toEqual(['published: not an ISO 8601 date ("2026-13-45")']);
    expect(problemsOf({ ...good(), updated: 5 })).toEqual(['updated: not a string (number)']);
    expect(problemsOf({ ...good(), addedAt: undefined })).toEqual(['addedAt: missing']);
    expect(problemsOf({ ...good(), addedAt: 'yesterday' })).toEqual(['addedAt: not an ISO 8601 date ("yesterday")']);
    expect(problemsOf({ ...good(), id: '' })).toEqual(['id: empty']);
    expect(problemsOf({ ...good(), id: 'two words' })).toEqual(['id: has spaces, control or non-ASCII characters']);
    expect(problemsOf({ ...good(), id: 'x'.repeat(201) })).toEqual(['id: 201 characters, more than 200']);
    expect(problemsOf({ ...good(), id: 12 })).toEqual(['id: not a string (number)']);
    expect(problemsOf(null)).toEqual(['record: not an object (null)']);
    expect(problemsOf([good()])).toEqual(['record: not an object (array)']);
    expect(problemsOf({})).toHaveLength(9);
    const bad = validatePaper({ ...good(), title: 1, url: 'ftp://x' });
    expect(bad).toEqual({ ok: false, id: '2611.00001', problems: ['title: not a string (number)', 'url: not an http(s) link (ftp:)'] });
  });

  it('tidies text only where it is safe: control characters out, a one-line title, trimmed lists; no other changes', () => {
    const result = validatePaper({ ...good(), title: '  Deep\u0007 learning\n  for <b>you</b> ', abstract: 'Line one.\nLine\u0000 two & *more*', authors: [' Ada ', '', 'Bob'], sources: ['seed', 'seed'], extra: 'dropped' });
    expect(result.ok && result.paper).toEqual({ ...good(), title: 'Deep learning   for <b>you</b>', abstract: 'Line one.\nLine two & *more*', authors: ['Ada', 'Bob'], sources: ['seed'] });
    expect(result.ok && 'extra' in result.paper).toBe(false);
  });
});
