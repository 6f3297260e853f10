/**
 * The bundled corpus: parsing the saved daily-papers page it was made from, and reading the JSON file it
 * became, so a bot with no network still has papers to recommend.
 */
import { readFile } from 'node:fs/promises';
import type { Paper } from '../types.js';
import { validatePaper, type InvalidPaper } from './validate-paper.js';

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

/**
 * Read a JSON array of papers (the bundled `data/seed-papers.json`). An entry that fails `validatePaper` is
 * skipped and reported to `onInvalid` (default: a warning on stderr); `addedAt` is empty there (the core
 * stamps it). A file that is not a JSON array still throws.
 */
export async function readPapersFile(path: string, onInvalid: (invalid: InvalidPaper) => void = warnOnStderr(path)): Promise<Paper[]> {
  const entries = JSON.parse(await readFile(path, 'utf8')) as unknown;
  if (!Array.isArray(entries)) throw new Error(`${path} is not a JSON array of papers`);
  const papers: Paper[] = [];
  entries.forEach((entry, i) => {
    const checked = validatePaper(entry);
    if (checked.ok) papers.push(checked.paper);
    else onInvalid({ id: checked.id === '(none)' ? `entry ${i + 1}` : checked.id, problems: checked.problems });
  });
  return papers;
}

function warnOnStderr(path: string): (invalid: InvalidPaper) => void {
  return ({ id, problems }) =>
    void process.stderr.write(`skipped an invalid paper in a papers file ${JSON.stringify({ file: path, id, problems: problems.slice(0, 5) })}\n`);
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}
