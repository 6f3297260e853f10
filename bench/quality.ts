/**
 * `npm run bench:quality -- --papers FILE --scenarios FILE [--out FILE]`: replays arXiv weeks through the bot
 * (see the shared PROTOCOL.md and bench/lib/quality-run.ts), prints the summary and writes the full result.
 * For experiments: `--only users|channels` runs one task; `--seed-salt A,B,C` replays the users once per salt in
 * workspaces named after it, so the recommender's exploration seeds (derived from user keys) differ while the
 * simulated users stay the same; the summary averages over all replays. `--oracle-likes N` (a diagnostic, not the
 * protocol) has each user like N papers of their field in the first week before round 1, which measures how well
 * the learner keeps a region once it has been found. `--setting name=value` (repeatable) overrides one ranking
 * knob of src/ranking/settings.ts for the run, e.g. `--setting exploitChance=0.3 --setting backgroundPapers=100`.
 * `--seed-papers N`: each channel also follows N relevant papers of the first week before its first digest (that
 * week is then not scored, also with N = 0, so 0, 3 and 10 seeds are scored on the same weeks), which measures
 * what followed papers add to the interests.
 */
import { writeFileSync } from 'node:fs';
import { benchOptions, usageError } from './lib/cli-options.js';
import { readBenchData, readScenarios } from './lib/quality-data.js';
import { runQuality } from './lib/quality-run.js';
import { parseRankingSettings, type RankingSettings } from '../src/ranking/settings.js';

const USAGE = 'Usage: npm run bench:quality -- --papers FILE.jsonl[.gz] --scenarios FILE.json [--out FILE.json] [--only users|channels] [--seed-salt A,B,...] [--oracle-likes N] [--seed-papers N] [--setting name=value ...]';

async function main(): Promise<void> {
  const values = benchOptions(
    { papers: { type: 'string' }, scenarios: { type: 'string' }, out: { type: 'string' }, only: { type: 'string' }, 'seed-salt': { type: 'string' }, 'oracle-likes': { type: 'string' }, 'seed-papers': { type: 'string' }, setting: { type: 'string', multiple: true } },
    USAGE,
  );
  if (values.only !== undefined && values.only !== 'users' && values.only !== 'channels') usageError(USAGE, '--only takes "users" or "channels"');
  const oracleLikes = Number(values['oracle-likes'] ?? 0);
  if (!Number.isInteger(oracleLikes) || oracleLikes < 0) usageError(USAGE, '--oracle-likes takes a whole number of likes (0 or more)');
  const seedPapers = Number(values['seed-papers'] ?? 0);
  if (!Number.isInteger(seedPapers) || seedPapers < 0) usageError(USAGE, '--seed-papers takes a whole number of papers (0 or more)');
  let settings: Partial<RankingSettings>;
  try {
    settings = parseRankingSettings(values.setting ?? []);
  } catch (error) {
    usageError(USAGE, (error as Error).message);
  }
  if (!values.papers || !values.scenarios) usageError(USAGE);
  const started = Date.now();
  const data = await readBenchData(values.papers);
  const scenarios = readScenarios(values.scenarios);
  const log = (line: string) => process.stderr.write(`${((Date.now() - started) / 1000).toFixed(1)}s ${line}\n`);
  if (Object.keys(settings).length > 0) log(`ranking settings: ${JSON.stringify(settings)}`);
  log(`read ${data.truth.size} papers in ${data.weeks.length} weeks; ${scenarios.channels.length} channels, ${scenarios.users.length} users, k=${scenarios.k}`);
  const only = values.only as 'users' | 'channels' | undefined;
  const result = await runQuality(data, scenarios, log, { only, seedSalts: values['seed-salt']?.split(','), oracleLikes, seedPapers: values['seed-papers'] === undefined ? undefined : seedPapers, settings });
  if (values.out) writeFileSync(values.out, `${JSON.stringify(result, null, 1)}\n`);
  const table = [
    ...Object.entries(result.channels).map(([name, c]) => `  channel ${name.padEnd(14)} P@${result.k} ${c.p_at_k.toFixed(3)}  nDCG@10 ${c.ndcg10.toFixed(3)}`),
    ...Object.entries(result.users).map(([name, u]) => {
      const avg = (a: number[]) => (a.length ? a.reduce((x, y) => x + y, 0) / a.length : 0);
      return `  user    ${name.padEnd(14)} P@${result.k} r1-4 ${avg(u.p_at_k_by_round.slice(0, 4)).toFixed(3)}  r5+ ${avg(u.p_at_k_by_round.slice(4)).toFixed(3)}`;
    }),
  ];
  process.stdout.write(`${table.join('\n')}\nsummary ${JSON.stringify(result.summary, (_k, v) => (typeof v === 'number' ? Number(v.toFixed(4)) : v), 1)}\n`);
  log('done');
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
