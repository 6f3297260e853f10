/**
 * Votes in the console, through the real ConsoleAdapter on a real core (sqlite in a temp dir): cards show the
 * vote actions as the `react N 👍` line to type and link the PDF of arXiv papers; `react 1 👍` stores the same
 * vote a button or a reaction does, and `unreact` takes it back. The personal weekly digest is printed under a
 * "direct message" header, and `react N 👍` on one of its papers is recorded with that direct message as the channel.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, ConsoleAdapter } from '../../../adapters/console/console-adapter.js';
import { createDigestService } from '../../../src/digest/digest-service.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../../helpers/core-fixture.js';

let fixture: CoreFixture;
let adapter: ConsoleAdapter;
let output: PassThrough;
const USER = { platform: 'console' as const, workspace: 'local', user: 'ada' };

beforeEach(async () => {
  fixture = await createCoreFixture();
  output = new PassThrough();
  adapter = new ConsoleAdapter(fixture.core, { input: new PassThrough(), output, userName: 'ada' });
});
afterEach(async () => {
  await fixture.close();
});

describe('votes in the console', () => {
  it('shows each card\'s vote actions and PDF link, and react 1 👍 stores a like', async () => {
    await fixture.core.ingest([makePaper('2611.00042', 'Vote buttons for reading groups', 'Reading groups vote on papers with buttons.')]);
    const answer = await adapter.handleLine('/papers search vote buttons reading groups');
    expect(answer).toContain('1. Vote buttons for reading groups');
    expect(answer).toContain('   pdf: https://arxiv.org/pdf/2611.00042');
    expect(answer).toContain('   👍 More like this: react 1 👍 · 👎 Not for me: react 1 👎');

    expect(await adapter.handleLine('react 1 👍')).toBe('Noted: more like "Vote buttons for reading groups".');
    const votes = await fixture.core.votes.forUser(USER);
    expect(votes.map((v) => [v.paperId, v.sentiment, v.channel])).toEqual([['2611.00042', 'like', 'console:local:terminal']]);
    expect(CONSOLE_CHANNEL.channel).toBe('terminal');

    expect(await adapter.handleLine('react 1 👎')).toBe('Noted: fewer like "Vote buttons for reading groups".');
    expect((await fixture.core.votes.forUser(USER)).map((v) => v.sentiment)).toEqual(['dislike']);
    expect(await adapter.handleLine('unreact 1 👎')).toBe('Taken back: your reaction to "Vote buttons for reading groups".');
    expect(await fixture.core.votes.forUser(USER)).toEqual([]);
  });

  it('prints a thread-style digest as a summary with each paper indented under it, and react N votes on one', async () => {
    await fixture.core.follow(CONSOLE_CHANNEL, ['low-rank adaptation']);
    await fixture.core.updateDigest(CONSOLE_CHANNEL, { enabled: true, weekday: 1, minuteOfDay: 9 * 60, timezone: 'UTC', k: 2, style: 'thread' });
    const digest = createDigestService(fixture.core, { owner: 'console-test' });
    await digest.runDue([adapter]); // arms the schedule on Monday 08:00
    await fixture.core.ingest([
      makePaper('2611.00051', 'Low-rank adaptation for speech models', 'Low-rank adaptation of speech recognisers.'),
      makePaper('2611.00052', 'Low-rank adaptation with quantised weights', 'Quantised low-rank adaptation for large models.'),
    ]);
    await fixture.core.papers.index.refresh();
    fixture.clock.advance(2 * 3600 * 1000); // past Monday 09:00
    expect((await digest.runDue([adapter])).posted).toBe(3);

    const printed = String(output.read());
    const lines = printed.split('\n');
    const summary = lines.findIndex((l) => l.includes('2 papers for this week'));
    expect(summary).toBeGreaterThanOrEqual(0);
    expect(lines[summary].startsWith(' ')).toBe(false);
    const numbered = lines.filter((l) => /^\s*[12]\. /.test(l));
    expect(numbered).toHaveLength(2);
    expect(numbered.every((l) => l.startsWith('    '))).toBe(true);
    expect(lines.findIndex((l) => l === numbered[0])).toBeGreaterThan(summary);
    expect(await adapter.handleLine('react 2 👍')).toMatch(/^Noted: more like "Low-rank adaptation/);
  });
});

describe('the personal digest in the console', () => {
  it('is printed under a direct-message header, and react N counts on the direct message', async () => {
    expect(await adapter.handleLine('/papers follow reasoning')).toContain('reasoning');
    await fixture.core.updateDigest(CONSOLE_CHANNEL, { enabled: false });
    const answer = await adapter.handleLine('/papers digest me on');
    expect(answer).toContain('== Your weekly digest ==');
    expect(answer).toContain('is on: Mondays at 09:00 (UTC), 5 papers');
    expect((await fixture.core.personalDigest(USER)).channelsUsed).toEqual(['terminal']);

    const service = createDigestService(fixture.core, { owner: 'console' });
    await service.runDue([adapter]);
    fixture.clock.advance(2 * 3600 * 1000);
    expect((await service.runDue([adapter])).posted).toBe(5);
    const printed = output.read()?.toString() ?? '';
    expect(printed).toContain('-- direct message to ada --\n== Your weekly digest 1/5 ==');
    expect(printed.match(/-- direct message to ada --/g)).toHaveLength(5);

    const [run] = await service.runs.runsOf(USER);
    expect(await adapter.handleLine('react 1 👍')).toMatch(/^Noted: more like/);
    expect((await fixture.core.votes.forUser(USER)).map((v) => [v.paperId, v.channel])).toEqual([[run.plan[0].paperId, 'console:local:@ada']]);
    expect(await fixture.core.votes.forChannel(CONSOLE_CHANNEL)).toEqual([]);
  });
});
