/**
 * Builds `data/seed-papers.json`, the bundled offline corpus, from the saved Hugging Face daily-papers page
 * (titles followed by abstracts). Run: `npm run build:seed -- <page.txt>`; without an argument it says what it needs.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSeedPage } from '../src/papers/seed-file.js';

const source = process.argv[2];
if (!source || source === '--help' || !existsSync(source)) {
  process.stderr.write(
    [
      source && source !== '--help' ? `build:seed: ${source} does not exist.` : 'build:seed needs the saved page to read.',
      'Usage: npm run build:seed -- <page.txt>',
      '  <page.txt>: a Hugging Face daily-papers page (https://huggingface.co/papers) saved as plain text, each paper',
      '  title followed by its abstract. It rewrites data/seed-papers.json, the bundled offline corpus.',
      'You only need this to refresh the bundled papers; the bot works without it.',
    ].join('\n') + '\n',
  );
  process.exit(2);
}
const target = fileURLToPath(new URL('./seed-papers.json', import.meta.url));
const papers = parseSeedPage(readFileSync(source, 'utf8'));
writeFileSync(target, `${JSON.stringify(papers, null, 1)}\n`);
console.log(`wrote ${papers.length} papers to ${target}`);
