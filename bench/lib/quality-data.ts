/**
 * Inputs of the quality benchmark (see the shared PROTOCOL.md): the papers file (read with the shared
 * `papers-file.ts` loader) grouped into ISO weeks, the answer key kept apart from the papers, and the scenarios
 * file checked for shape. The engine only ever sees papers made by `toPaper`, which drops categories.
 */
import { readFileSync } from 'node:fs';
import { isoWeek, readPapersFile, type PaperRecord } from './papers-file.js';

export interface ChannelScenario {
  name: string;
  interests: string[];
  relevant: string[];
}

export interface UserScenario {
  name: string;
  channelInterests: string[];
  likes: string[];
  noise: number;
  seed: number;
}

export interface Scenarios {
  k: number;
  channels: ChannelScenario[];
  users: UserScenario[];
}

export interface BenchWeek {
  /** `2025-W10`. */
  key: string;
  /** Monday 00:00 UTC that starts the week. */
  monday: Date;
  records: PaperRecord[];
}

export interface BenchData {
  weeks: BenchWeek[];
  /** Paper id -> its answer key: `labels` where given, else `categories`. */
  truth: Map<string, Set<string>>;
}

/** Read a papers file, group it by ISO week of `announced` (weeks in order) and split off the answer key. */
export async function readBenchData(file: string): Promise<BenchData> {
  const records = await readPapersFile(file);
  const truth = new Map<string, Set<string>>();
  const weeks = new Map<string, BenchWeek>();
  for (const record of records) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(record.announced)) throw new Error(`${file}: paper ${record.id} has no "announced" date (YYYY-MM-DD)`);
    truth.set(record.id, new Set(record.labels ?? record.categories));
    const key = isoWeek(record.announced);
    let week = weeks.get(key);
    if (!week) weeks.set(key, (week = { key, monday: mondayOf(record.announced), records: [] }));
    week.records.push(record);
  }
  return { weeks: [...weeks.values()].sort((a, b) => a.monday.getTime() - b.monday.getTime()), truth };
}

/** Read and check a scenarios file of the shape PROTOCOL.md describes. */
export function readScenarios(file: string): Scenarios {
  const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<Scenarios>;
  const k = Number(data.k ?? 5);
  if (!Number.isInteger(k) || k < 1 || k > 10) throw new Error(`${file}: "k" must be a whole number from 1 to 10`);
  const channels = (data.channels ?? []).map((c, i) => {
    if (!c.name || !Array.isArray(c.interests) || !Array.isArray(c.relevant)) throw new Error(`${file}: channels[${i}] needs name, interests and relevant`);
    return { name: String(c.name), interests: c.interests.map(String), relevant: c.relevant.map(String) };
  });
  const users = (data.users ?? []).map((u, i) => {
    if (!u.name || !Array.isArray(u.likes)) throw new Error(`${file}: users[${i}] needs name and likes`);
    const noise = Number(u.noise ?? 0);
    if (!(noise >= 0 && noise <= 1)) throw new Error(`${file}: users[${i}].noise must be from 0 to 1`);
    return { name: String(u.name), channelInterests: (u.channelInterests ?? []).map(String), likes: u.likes.map(String), noise, seed: Number(u.seed ?? i + 1) };
  });
  return { k, channels, users };
}

/** Monday 00:00 UTC of the ISO week holding `date` (`YYYY-MM-DD`). */
export function mondayOf(date: string): Date {
  const day = new Date(`${date}T00:00:00Z`);
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * 86_400_000);
}
