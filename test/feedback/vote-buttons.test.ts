/**
 * `core.vote`, the vote buttons' core call, on a real core (sqlite in a temp dir): the latest vote wins, the
 * same button again takes the vote back, it shares one vote with reactions, and an unknown paper stores nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCoreFixture, type CoreFixture } from '../helpers/core-fixture.js';

const USER = { platform: 'slack' as const, workspace: 'T1', user: 'U1' };
const CHANNEL = { platform: 'slack' as const, workspace: 'T1', channel: 'C1' };

let fixture: CoreFixture;
beforeEach(async () => {
  fixture = await createCoreFixture();
});
afterEach(async () => {
  await fixture.close();
});

const paperId = () => [...fixture.core.papers.all()][0].id;
const votes = () => fixture.core.votes.forUser(USER);

describe('core.vote', () => {
  it('records, takes back on the same button, and lets the latest sentiment win', async () => {
    const id = paperId();
    expect(await fixture.core.vote(USER, CHANNEL, id, 'like')).toMatchObject({ status: 'recorded', paperId: id, sentiment: 'like' });
    expect((await votes()).map((v) => v.sentiment)).toEqual(['like']);
    expect((await fixture.core.vote(USER, CHANNEL, id, 'like')).status).toBe('removed');
    expect(await votes()).toEqual([]);
    expect(await fixture.core.votes.forChannel(CHANNEL)).toEqual([]);
    await fixture.core.vote(USER, CHANNEL, id, 'like');
    expect((await fixture.core.vote(USER, CHANNEL, id, 'dislike')).status).toBe('recorded');
    expect((await votes()).map((v) => [v.sentiment, v.emojis])).toEqual([['dislike', ['button']]]);
    expect((await fixture.core.votes.forChannel(CHANNEL)).map((v) => v.sentiment)).toEqual(['dislike']);
  });

  it('shares one vote with reactions: a 👍 reaction then the 👍 button, and removing the reaction keeps the button\'s vote', async () => {
    const id = paperId();
    await fixture.core.react({ user: USER, channel: CHANNEL, paperId: id, emoji: '👍', action: 'added' });
    expect((await fixture.core.vote(USER, CHANNEL, id, 'like')).status).toBe('recorded');
    expect((await votes()).map((v) => v.emojis)).toEqual([['thumbsup', 'button']]);
    expect((await fixture.core.react({ user: USER, channel: CHANNEL, paperId: id, emoji: '👍', action: 'removed' })).status).toBe('unchanged');
    expect((await votes()).map((v) => v.emojis)).toEqual([['button']]);
    expect((await fixture.core.vote(USER, CHANNEL, id, 'like')).status).toBe('removed');
    expect(await votes()).toEqual([]);
  });

  it('refuses an unknown paper and stores nothing', async () => {
    expect(await fixture.core.vote(USER, CHANNEL, 'no-such-paper', 'like')).toEqual({ status: 'unknown paper', paperId: 'no-such-paper', sentiment: 'like' });
    expect(await votes()).toEqual([]);
  });
});
