/**
 * `npm run bench:reliability -- --json FILE [--quick] [--only family,family]`: the hostile benchmark behind
 * "Nothing confirmed is ever lost". It runs every probe family in bench/reliability/ (real adapters against the
 * fake Slack and Discord servers, real sqlite files, child processes killed with SIGKILL), prints a table
 * (key, value, target, ok) with the breakdown lines under it, and writes a JSON object with exactly the keys of
 * `KEYS`. A family that throws is reported and its keys are missing from the table (and fail).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchOptions } from './lib/cli-options.js';
import { FAMILIES } from './reliability/families.js';
import { KEYS, meets, targetFor, type Key, type Report, type Scale } from './reliability/keys.js';

const USAGE = `Usage: npm run bench:reliability -- [--json FILE] [--quick] [--only ${FAMILIES.map(([name]) => name).join(',')}]`;

async function main(): Promise<void> {
  const values = benchOptions({ json: { type: 'string' }, quick: { type: 'boolean', default: false }, only: { type: 'string' } }, USAGE);
  const scale: Scale = values.quick ? 'quick' : 'full';
  const only = values.only?.split(',');
  const tmp = await mkdtemp(join(tmpdir(), 'paperboy-reliability-'));
  const report: Report = {};
  const notes: string[] = [];
  try {
    for (const [name, probe] of FAMILIES) {
      if (only && !only.includes(name)) continue;
      const started = Date.now();
      process.stderr.write(`running ${name}...\n`);
      try {
        Object.assign(report, await probe({ scale, tmp, note: (line) => notes.push(`  ${line}`) }));
      } catch (error) {
        notes.push(`  ${name} FAILED TO RUN: ${(error as Error)?.stack ?? error}`);
      }
      notes.push(`  (${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  } finally {
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
  }
  const rows = KEYS.map((key: Key) => {
    const target = targetFor(key, scale);
    return [key, String(report[key] ?? '—'), `${target.kind === 'min' ? '>=' : '<='} ${target.value}`, meets(report[key], target) ? 'ok' : 'FAIL'];
  });
  const widths = [0, 1, 2, 3].map((c) => Math.max(...[['key', 'value', 'target', 'ok'], ...rows].map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ');
  console.log(line(['key', 'value', 'target', 'ok']));
  for (const row of rows) console.log(line(row));
  console.log(notes.join('\n'));
  const json = Object.fromEntries(KEYS.map((key) => [key, report[key] ?? null]));
  console.log(JSON.stringify(json));
  if (values.json) await writeFile(values.json, `${JSON.stringify(json, null, 2)}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
