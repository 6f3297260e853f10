import { describe, expect, it } from 'vitest';
import type { PaperRecord } from '../../bench/lib/papers-file.js';
import type { BenchData, Scenarios } from '../../bench/lib/quality-data.js';
import { runQuality } from '../../bench/lib/quality-run.js';

const ROBOT = ['grasping', 'legged locomotion', 'manipulation policy', 'motion planning', 'quadruped gait'];
const LANGUAGE = ['translation', 'summarization', 'question answering', 'tokenization', 'instruction tuning', 'reasoning chains'];

/** Three weeks of papers: a few robotics papers (cs.RO) among many language papers (cs.CL). */
function benchData(): BenchData {
  const weeks = ['2025-03-03', '2025-03-10', '2025-03-17'].map((monday, w) => {
    const records: PaperRecord[] = [];
    for (let i = 0; i < 24; i++) {
      const robot = i % 4 === 0;
      const topic = robot ? ROBOT[(i / 4 + w) % ROBOT.length] : LANGUAGE[(i + w) % LANGUAGE.length];
      records.push({
        id: `2503.${w}${String(i).padStart(4, '0')}`,
        title: robot ? `Robot ${topic} with tactile feedback, study ${w}-${i}` : `Language model ${topic}, study ${w}-${i}`,
        abstract: robot
          ? `We train a robot arm for ${topic} on real hardware; the robot learns ${topic} from demonstrations and sensors.`
          : `We evaluate large language models on ${topic}; the language model improves ${topic} benchmarks with prompting.`,
        categories: [robot ? 'cs.RO' : 'cs.CL'],
        authors: [`Author ${i}`],
        announced: monday,
      });
    }
    return { key: `2025-W${10 + w}`, monday: new Date(`${monday}T00:00:00Z`), records };
  });
  const truth = new Map(weeks.flatMap((w) => w.records.map((r) => [r.id, new Set(r.categories)] as const)));
  return { weeks, truth };
}

const scenarios: Scenarios = {
  k: 3,
  channels: [{ name: 'robots', interests: ['robot grasping', 'legged locomotion'], relevant: ['cs.RO'] }],
  users: [{ name: 'u-robots', channelInterests: ['language models'], likes: ['cs.RO'], noise: 0, seed: 1 }],
};

describe('quality benchmark run', () => {
  it('replays every week through the core and reports picks that can be re-scored', async () => {
    const data = benchData();
    const result = await runQuality(data, scenarios);
    expect(result.weeks).toEqual(['2025-W10', '2025-W11', '2025-W12']);
    const channel = result.channels.robots;
    expect(Object.keys(channel.picks_by_week)).toEqual(result.weeks);
    for (const picks of Object.values(channel.picks_by_week)) {
      expect(picks).toHaveLength(3);
      for (const id of picks) expect(data.truth.get(id)).toContain('cs.RO');
    }
    expect(channel.p_at_k).toBe(1);
    expect(result.users['u-robots'].picks_by_round).toHaveLength(3);
    expect(result.summary.channel_p_at_k).toBe(1);
  }, 30_000);

  it('with --seed-papers, also 0, leaves the first week unscored', async () => {
    const data = benchData();
    // In the first week the robot papers are filed under cs.CL and one language paper under cs.RO: the channel's
    // picks there all miss, so scoring that week pulls its P@k below 1.
    for (const r of data.weeks[0].records) data.truth.set(r.id, new Set(['cs.CL']));
    data.truth.set(data.weeks[0].records[1].id, new Set(['cs.RO']));
    const everyWeek = await runQuality(data, scenarios, () => undefined, { only: 'channels' });
    const sameWeeks = await runQuality(data, scenarios, () => undefined, { only: 'channels', seedPapers: 0 });
    expect(everyWeek.channels.robots.p_at_k).toBeLessThan(1);
    expect(sameWeeks.channels.robots.p_at_k).toBe(1);
    expect(sameWeeks.channels.robots.picks_by_week).toEqual(everyWeek.channels.robots.picks_by_week);
  }, 30_000);

  it('with --oracle-likes, the user starts from likes in their field and is never shown those papers again', async () => {
    const data = benchData();
    const oracle = await runQuality(data, scenarios, () => undefined, { only: 'users', oracleLikes: 2 });
    const liked = data.weeks[0].records.filter((r) => r.categories.includes('cs.RO')).slice(0, 2).map((r) => r.id);
    const shown = oracle.users['u-robots'].picks_by_round.flat();
    for (const id of liked) expect(shown).not.toContain(id);
    expect(oracle.channels).toEqual({});
    // The first round already follows the likes, where the plain run starts from the (unrelated) interests.
    const plain = await runQuality(data, scenarios, () => undefined, { only: 'users' });
    expect(oracle.users['u-robots'].p_at_k_by_round[0]).toBeGreaterThan(plain.users['u-robots'].p_at_k_by_round[0]);
  }, 30_000);
});
