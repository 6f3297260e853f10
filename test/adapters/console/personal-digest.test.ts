/**
 * The personal weekly digest in the console, through the real ConsoleAdapter on a real core (sqlite in a temp
 * dir): `/papers digest me on` answers privately, the digest is printed under a "direct message" header, and
 * `react N 👍` on one of its papers is recorded with that direct message as the channel.
 */
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CONSOLE_CHANNEL, ConsoleAdapter } from '../../../adapters/console/console-adapter.js';
import { createDigestService } from '../../../src/digest/digest-service.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';

const ADA = { platform: 'console' as const, workspace: 'local', user: 'ada' };

let fixture: CoreFixture;
let output: PassThrough;
let adapter: ConsoleAdapter;
beforeEach(async () => {
  fixture = await createCoreFixture();
  output = new PassThrough();
  adapter = new ConsoleAdapter(fixture.core, { input: new PassThrough(), output, userName: 'ada' });
});
afterEach(async () => {
  await fixture.close();
});

describe('the personal digest in the console', () => {
  it('is printed under a direct-message header, and react N counts on the direct message', async () => {
    expect(await adapter.handleLine('/papers follow reasoning')).toContain('reasoning');
    await fixture.core.updateDigest(CONSOLE_CHANNEL, { enabled: false });
    const answer = await adapter.handleLine('/papers digest me on');
    expect(answer).toContain('== Your weekly digest ==');
    expect(answer).toContain('is on: Mondays at 09:00 (UTC), 5 papers');
    expect((await fixture.core.personalDigest(ADA)).channelsUsed).toEqual(['terminal']);

    const service = createDigestService(fixture.core, { owner: 'console' });
    await service.runDue([adapter]);
    fixture.clock.advance(2 * 3600 * 1000);
    expect((await service.runDue([adapter])).posted).toBe(5);
    const printed = output.read()?.toString() ?? '';
    expect(printed).toContain('-- direct message to ada --\n== Your weekly digest 1/5 ==');
    expect(printed.match(/-- direct message to ada --/g)).toHaveLength(5);

    const [run] = await service.runs.runsOf(ADA);
    expect(await adapter.handleLine('react 1 👍')).toMatch(/^Noted: more like/);
    expect((await fixture.core.votes.forUser(ADA)).map((v) => [v.paperId, v.channel])).toEqual([[run.plan[0].paperId, 'console:local:@ada']]);
    expect(await fixture.core.votes.forChannel(CONSOLE_CHANNEL)).toEqual([]);
  });
});
