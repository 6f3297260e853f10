/**
 * The bundled corpus: parsing the saved daily-papers page it was made from, and reading the JSON file it
 * became, so a bot with no network still has papers to recommend.
 */
import { readFile } from 'node:fs/promises';
import type { Paper } from '../types.js';

/** Longest line still taken as a title; abstracts are longer. */
const MAX_TITLE_LENGTH = 300;
const MIN_ABSTRACT_LENGTH = 200;

/** Parse the page text: a title line followed by its abstract line; page chrome is skipped. */
export function parseSeedPage(text: string): Paper[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const papers: Paper[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const title = lines[i];
    const abstract = lines[i + 1];
    if (title.length > MAX_TITLE_LENGTH || abstract.length < MIN_ABSTRACT_LENGTH) continue;
    papers.push({
      id: `seed:${slug(title)}`,
      title,
      abstract,
      authors: [],
      categories: [],
      published: '',
      url: `https://huggingface.co/papers?q=${encodeURIComponent(title)}`,
      sources: ['seed'],
      addedAt: '',
    });
    i++;
  }
  return papers;
}

/** Read a JSON array of papers (the bundled `data/seed-papers.json`). */
export async function readPapersFile(path: string): Promise<Paper[]> {
  const papers = JSON.parse(await readFile(path, 'utf8')) as Paper[];
  if (!Array.isArray(papers)) throw new Error(`${path} is not a JSON array of papers`);
  return papers;
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}
