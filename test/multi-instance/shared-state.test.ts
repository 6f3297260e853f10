/**
 * What people do through one instance shows in the others' answers at once, with no sync interval: follows,
 * votes and forget-me are read from the shared Postgres on every use. Each change is sent to one instance
 * through the fake Slack (a slash command, a vote click) and read back from another.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Paper } from '../../src/types.js';
import { SEED_FILE } from '../helpers/core-fixture.js';
import { clickVote, command, startFleet, type Fleet } from './fleet.js';

const CHANNEL = 'C0SHARED';
const ALICE = 'UALICE';
const seedPapers = JSON.parse(readFileSync(SEED_FILE, 'utf8')) as Paper[];
const liked = seedPapers.find((p) => /reasoning/i.test(p.title))!;

let fleet: Fleet;
beforeAll(async () => {
  fleet = await startFleet();
}, 120_000);
afterAll(async () => {
  await fleet?.stop();
});

describe('three instances share what people did', () => {
  it("a follow through instance 1 is in instance 2's interests and instance 3's picks", async () => {
    const [one, two, three] = fleet.bots;
    expect(await command(fleet, one, 'follow chain of thought reasoning', { channel: CHANNEL })).toContain('chain of thought reasoning');
    expect(await command(fleet, two, 'interests', { channel: CHANNEL })).toContain('chain of thought reasoning');
    expect(await command(fleet, three, 'picks', { channel: CHANNEL })).toMatch(/matches: [^\n]*reasoning/);
  });

  it("a vote through instance 1 is in instance 2's /papers me; forget-me through instance 3 clears it on instance 1", async () => {
    const [one, two, three] = fleet.bots;
    expect(await command(fleet, two, 'me', { user: ALICE, channel: CHANNEL })).toContain('not learned anything about you yet');
    expect(await clickVote(fleet, one, `vote:like:${liked.id}`, ALICE, CHANNEL)).toContain('Noted: more like');
    const me = await command(fleet, two, 'me', { user: ALICE, channel: CHANNEL });
    expect(me).toContain('1 liked');
    expect(me).toContain(liked.title.slice(0, 40));
    expect(await command(fleet, three, 'forget-me', { user: ALICE, channel: CHANNEL })).toContain('deleted your 1 reaction');
    expect(await command(fleet, one, 'me', { user: ALICE, channel: CHANNEL })).toContain('not learned anything about you yet');
  });
});
