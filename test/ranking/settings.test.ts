import { describe, expect, it } from 'vitest';
import { DEFAULT_RANKING_SETTINGS, parseRankingSettings, rankingSettings } from '../../src/ranking/settings.js';
import { hashString, sampleBeta, seededRandom } from '../../src/ranking/seeded-random.js';

describe('ranking settings', () => {
  it('merges overrides over the defaults and rejects unknown names and non-numbers', () => {
    expect(rankingSettings()).toEqual(DEFAULT_RANKING_SETTINGS);
    expect(rankingSettings({ exploitChance: 0.3 }).exploitChance).toBe(0.3);
    expect(rankingSettings({ exploitChance: 0.3 }).chancePrior).toBe(DEFAULT_RANKING_SETTINGS.chancePrior);
    expect(() => rankingSettings({ nope: 1 } as never)).toThrow(/unknown ranking setting "nope"/);
    expect(() => rankingSettings({ broadPool: Number.NaN })).toThrow(/finite/);
  });

  it('parses the bench flag pairs', () => {
    expect(parseRankingSettings(['exploitChance=0.3', 'backgroundPapers = 100'])).toEqual({ exploitChance: 0.3, backgroundPapers: 100 });
    expect(() => parseRankingSettings(['exploitChance'])).toThrow(/name=value/);
    expect(() => parseRankingSettings(['exploitChance=x'])).toThrow(/finite/);
    expect(() => parseRankingSettings(['bogus=1'])).toThrow(/unknown/);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and keeps draws in range', () => {
    const a = seededRandom(hashString('seed'));
    const b = seededRandom(hashString('seed'));
    const draws = Array.from({ length: 100 }, () => a());
    expect(draws).toEqual(Array.from({ length: 100 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(hashString('a')).not.toBe(hashString('b'));
    const random = seededRandom(7);
    const betas = Array.from({ length: 2000 }, () => sampleBeta(2, 8, random));
    expect(betas.every((x) => x >= 0 && x <= 1)).toBe(true);
    expect(betas.reduce((s, x) => s + x, 0) / betas.length).toBeCloseTo(0.2, 1);
  });
});
