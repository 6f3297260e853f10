/**
 * `npm run bench:ceiling -- --papers FILE --scenarios FILE [--negatives N]`: a reference for the user task of
 * `bench:quality`, not the protocol. For each simulated user and each round from 5 on, the preference model
 * (src/ranking/model.ts, the one personal picks use) is trained on the TRUE labels of every earlier week: every
 * paper in the user's field as a like and N other papers (default 3000) as dislikes, none flipped. P@k of its top
 * k of the week is what the model could reach if a person had labelled every earlier paper without a mistake;
 * reactions to k picks a week, 10% of them flipped, tell it far less.
 */
import { benchOptions, usageError } from './lib/cli-options.js';
import { TfIdfIndex } from '../src/index/tfidf-index.js';
import { EMPTY_VECTOR } from '../src/index/sparse.js';
import { trainModel, type Example } from '../src/ranking/model.js';
import { toPaper } from './lib/papers-file.js';
import { readBenchData, readScenarios } from './lib/quality-data.js';
import { mean, precisionAtK, seededRandom } from './lib/quality-metrics.js';

/** Rounds before this one are left out, as the user task reports rounds 5 and later apart. */
const FIRST_ROUND = 5;

const USAGE = 'Usage: npm run bench:ceiling -- --papers FILE.jsonl[.gz] --scenarios FILE.json [--negatives N]';

async function main(): Promise<void> {
  const values = benchOptions({ papers: { type: 'string' }, scenarios: { type: 'string' }, negatives: { type: 'string' } }, USAGE);
  const negatives = Number(values.negatives ?? 3000);
  if (!values.papers || !values.scenarios || !Number.isInteger(negatives) || negatives < 1) usageError(USAGE);
  const data = await readBenchData(values.papers);
  const scenarios = readScenarios(values.scenarios);
  const index = new TfIdfIndex();
  const earlier: string[] = [];
  const precision = new Map(scenarios.users.map((u) => [u.name, [] as number[]]));
  for (const [w, week] of data.weeks.entries()) {
    index.add(week.records.map((r) => toPaper(r)));
    await index.refresh();
    const candidates = week.records.map((r) => r.id);
    if (w + 1 >= FIRST_ROUND) {
      for (const u of scenarios.users) {
        const relevant = (id: string) => u.likes.some((l) => data.truth.get(id)?.has(l) ?? false);
        const random = seededRandom(w * 1000 + u.seed);
        const examples: Example[] = earlier.filter(relevant).map((id) => ({ id, label: 1, weight: 1 }));
        for (let i = 0; i < negatives; i++) {
          const id = earlier[Math.floor(random() * earlier.length)];
          if (!relevant(id)) examples.push({ id, label: 0, weight: 1 });
        }
        const model = trainModel(index, examples, { prior: EMPTY_VECTOR });
        const scores = index.scoreMany(model.weights, candidates);
        const top = [...candidates.keys()].sort((a, b) => scores[b] - scores[a]).slice(0, scenarios.k).map((i) => candidates[i]);
        precision.get(u.name)!.push(precisionAtK(top, relevant, scenarios.k));
      }
      process.stderr.write(`week ${w + 1}/${data.weeks.length}\r`);
    }
    earlier.push(...candidates);
  }
  const rows = scenarios.users.map((u) => `  ${u.name.padEnd(14)} P@${scenarios.k} rounds ${FIRST_ROUND}+ ${mean(precision.get(u.name)!).toFixed(3)}`);
  const overall = mean(scenarios.users.map((u) => mean(precision.get(u.name)!)));
  process.stdout.write(`${rows.join('\n')}\nmean P@${scenarios.k} rounds ${FIRST_ROUND}+ with every earlier paper labelled: ${overall.toFixed(3)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
