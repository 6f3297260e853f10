import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { isoWeek, readPapersFile, toPaper } from '../../bench/lib/papers-file.js';

const lines = [
  { id: '2503.00001', title: 'A', abstract: 'First.', categories: ['cs.CL'], authors: ['Ada'], announced: '2025-03-03' },
  { id: '2503.00002', title: 'B', abstract: 'Second.', categories: ['cs.CV', 'cs.AI'], authors: [], announced: '2025-03-09', labels: ['x'] },
].map((r) => JSON.stringify(r));

const dir = mkdtempSync(join(tmpdir(), 'papers-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
/** Write `text` to a new file named `name` (in a directory of its own, so names may repeat). */
function write(name: string, text: string | Buffer): string {
  const own = join(dir, String(written++));
  mkdirSync(own);
  const path = join(own, name);
  writeFileSync(path, text);
  return path;
}

describe('papers file', () => {
  it('reads JSON Lines, plain or gzipped, skipping blank lines', async () => {
    const plain = await readPapersFile(write('p.jsonl', `${lines.join('\n')}\n\n`));
    const gz = await readPapersFile(write('p.jsonl.gz', gzipSync(lines.join('\n'))));
    expect(gz).toEqual(plain);
    expect(plain.map((r) => r.id)).toEqual(['2503.00001', '2503.00002']);
    expect(plain[1].labels).toEqual(['x']);
    expect(plain[0].labels).toBeUndefined();
  });

  it('stops at a limit and names the line of a bad record', async () => {
    expect(await readPapersFile(write('p.jsonl', lines.join('\n')), { limit: 1 })).toHaveLength(1);
    await expect(readPapersFile(write('bad.jsonl', `${lines[0]}\n{"id": 3}\n`))).rejects.toThrow(/bad\.jsonl:2/);
    await expect(readPapersFile(write('bad.jsonl', 'not json'))).rejects.toThrow(/bad\.jsonl:1: not JSON/);
  });

  it('turns a record into a Paper without the answer key unless asked', async () => {
    const [record] = await readPapersFile(write('p.jsonl', lines[0]));
    const paper = toPaper(record);
    expect(paper).toMatchObject({ id: '2503.00001', title: 'A', categories: [], sources: ['arxiv-api'], published: '2025-03-03T00:00:00.000Z' });
    expect(paper.addedAt).toBe(paper.published);
    expect(toPaper(record, { keepCategories: true, addedAt: 'x' })).toMatchObject({ categories: ['cs.CL'], addedAt: 'x' });
  });

  it('names ISO weeks, Monday to Sunday', () => {
    expect(isoWeek('2025-03-03')).toBe('2025-W10');
    expect(isoWeek('2025-03-09')).toBe('2025-W10');
    expect(isoWeek('2025-03-10')).toBe('2025-W11');
    expect(isoWeek('2025-12-29')).toBe('2026-W01');
    expect(isoWeek('2027-01-01')).toBe('2026-W53');
  });
});
