/**
 * The reliability benchmark at quick scale: every probe family of `npm run bench:reliability` runs with a few
 * trials, and every key must meet its target (the counting minimums scaled down for quick runs). These are the
 * same probe functions the full benchmark runs; see bench/reliability/*.ts for how each key is measured.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES } from '../../bench/reliability/families.js';
import { KEYS, meets, targetFor, type Report } from '../../bench/reliability/keys.js';

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'paperboy-reliability-test-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

it('the families together report exactly the benchmark keys', () => {
  expect(FAMILIES.flatMap(([, , keys]) => keys).sort()).toEqual([...KEYS].sort());
});

for (const [name, probe, keys] of FAMILIES) {
  describe(`reliability: ${name} (quick)`, () => {
    let report: Report = {};
    const notes: string[] = [];
    beforeAll(async () => {
      report = await probe({ scale: 'quick', tmp, note: (line) => notes.push(line) });
    }, 180_000);

    for (const key of keys) {
      const target = targetFor(key, 'quick');
      it(`${key} ${target.kind === 'min' ? '>=' : '<='} ${target.value}`, () => {
        const value = report[key];
        expect(meets(value, target), `${key} = ${value} (target ${target.kind} ${target.value})\n${notes.join('\n')}`).toBe(true);
      });
    }
  });
}
