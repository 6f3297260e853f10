/**
 * Builds `data/seed-papers.json`, the bundled offline corpus, from the saved Hugging Face daily-papers page
 * (titles followed by abstracts). Run: `npm run build:seed -- ../shared/seed/hf-daily-papers-page.txt`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSeedPage } from '../src/papers/seed-file.js';

const source = process.argv[2] ?? '../shared/seed/hf-daily-papers-page.txt';
const target = fileURLToPath(new URL('./seed-papers.json', import.meta.url));
const papers = parseSeedPage(readFileSync(source, 'utf8'));
writeFileSync(target, `${JSON.stringify(papers, null, 1)}\n`);
console.log(`wrote ${papers.length} papers to ${target}`);
