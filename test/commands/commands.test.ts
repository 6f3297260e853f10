import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS, handleCommand, type ChannelAccess } from '../../commands/index.js';
import type { ChannelRef, Reply, UserRef } from '../../src/types.js';
import { createCoreFixture, makePaper, type CoreFixture } from '../helpers/core-fixture.js';

const channel: ChannelRef = { platform: 'slack', workspace: 'T1', channel: 'C1' };
const user: UserRef = { platform: 'slack', workspace: 'T1', user: 'U1' };

let fx: CoreFixture;
const run = (text: string, extra: { access?: ChannelAccess; user?: UserRef; channel?: ChannelRef } = {}) =>
  handleCommand({ core: fx.core, channel: extra.channel ?? channel, user: extra.user ?? user, access: extra.access }, text).then((o) => o.reply);
const member: ChannelAccess = { kind: 'permission', canManageChannel: false };
const text = (reply: Reply) => [reply.title ?? '', ...reply.lines, reply.footer ?? ''].join('\n');

beforeEach(async () => {
  fx = await createCoreFixture();
});
afterEach(async () => {
  await fx.close();
});

describe('search', () => {
  it('finds the bundled LoRA papers privately, with the matching terms as the reason', async () => {
    const reply = await run('search low-rank adaptation');
    expect(reply.visibility).toBe('private');
    expect(reply.isError).toBeFalsy();
    expect(reply.papers.length).toBe(5);
    expect(reply.papers[0].paper.title).toMatch(/low-rank|lora/i);
    expect(reply.papers[0].reason).toMatch(/^matches: .*low rank/);
  });

  it('words the search footer so it is true on every platform', async () => {
    const reply = await run('search low-rank adaptation');
    expect(reply.footer).toBeTruthy();
    expect(reply.footer).not.toMatch(/console|slack|discord/i);
  });

  it('accepts a quoted query and ranks by relevance', async () => {
    const reply = await run('search "self-correction"');
    expect(reply.papers[0].paper.title.toLowerCase()).toContain('self-correct');
    const scores = reply.papers.map((p) => p.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('explains an empty, emoji-only, non-Latin or unknown query instead of failing', async () => {
    expect(text(await run('search'))).toMatch(/What should I search for/);
    expect(text(await run('search   🚀🔥'))).toMatch(/None of those words appear/);
    expect(text(await run('search 自己修正 推論'))).toMatch(/None of those words appear/);
    const unknown = await run('search zyxwvut qqqq');
    expect(unknown.papers).toEqual([]);
    expect(unknown.isError).toBeFalsy();
  });

  it('refuses a 10,000-character query with the limit in the message', async () => {
    const reply = await run(`search ${'a'.repeat(10_000)}`);
    expect(reply.isError).toBe(true);
    expect(text(reply)).toMatch(/10,00\d characters long; please keep it under/);
  });
});

describe('follow, unfollow, interests', () => {
  it('follows comma-separated and quoted topics, visibly, and lists them', async () => {
    const reply = await run('follow self-correction, reasoning, "graph neural networks"');
    expect(reply.visibility).toBe('channel');
    expect(text(reply)).toContain('now follows: self-correction, reasoning, graph neural networks');
    expect(text(reply)).toContain('Weekly digest on: Mondays at 09:00 (UTC), 5 papers');
    const interests = await run('interests');
    expect(interests.lines.slice(0, 4)).toEqual(['Topics:', '1. self-correction', '2. reasoning', '3. graph neural networks']);
    expect(text(interests)).toMatch(/Weekly digest on: Mondays at 09:00 \(UTC\)/);
    await run('digest off');
    expect(text(await run('follow agents'))).toContain('The weekly digest is off; `/papers digest on` starts it.');
  });

  it('does not add a topic twice (case-insensitive) and notes unknown words', async () => {
    await run('follow Reasoning');
    const again = await run('follow reasoning, quantum chromodynamics xyzzy');
    expect(text(again)).toContain('Already followed: reasoning');
    expect(text(again)).toMatch(/no paper I know uses the words of "quantum chromodynamics xyzzy"/);
  });

  it('unfollows, and says so when the topic was not followed', async () => {
    await run('follow reasoning, agents');
    expect(text(await run('unfollow Reasoning'))).toContain('no longer follows: Reasoning');
    const missing = await run('unfollow diffusion');
    expect(missing.visibility).toBe('private');
    expect(text(missing)).toContain('Not followed here: diffusion');
    expect((await fx.core.channels.get(channel)).interests).toEqual(['agents']);
  });

  it('keeps each workspace and channel apart', async () => {
    await run('follow reasoning');
    const other = await run('interests', { channel: { platform: 'slack', workspace: 'T2', channel: 'C1' } });
    expect(text(other)).toMatch(/follows no topics yet/);
  });

  it('rejects empty, over-long and too many topics', async () => {
    expect(text(await run('follow'))).toMatch(/Which topics\?/);
    expect(text(await run('follow ,, ;'))).toMatch(/Which topics\?/);
    expect(text(await run(`follow ${'x'.repeat(150)}`))).toMatch(/150 characters long/);
    const many = Array.from({ length: 30 }, (_, i) => `topic ${i}`).join(', ');
    expect(text(await run(`follow ${many}`))).toMatch(/at most 25/);
  });

  it('lets only channel managers change settings, but everyone search and get picks', async () => {
    const denied = await run('follow reasoning', { access: member });
    expect(denied.isError).toBe(true);
    expect(text(denied)).toMatch(/Only members who can manage this channel/);
    expect((await run('digest off', { access: member })).isError).toBe(true);
    expect((await run('search reasoning', { access: member })).isError).toBeFalsy();
    expect((await run('picks', { access: member })).isError).toBeFalsy();
  });
});

describe('picks', () => {
  it('recommends papers for the followed topics with reasons, and says when there is nothing to go on', async () => {
    expect(text(await run('picks'))).toMatch(/nothing to go on|follows no topics/);
    await run('follow self-correction, reasoning');
    const reply = await run('picks 3');
    expect(reply.papers).toHaveLength(3);
    for (const pick of reply.papers) expect(pick.reason).toMatch(/^matches: /);
    expect(reply.papers[0].paper.title.toLowerCase()).toMatch(/correct|reason/);
  });

  it('rejects a count outside 1 to 10', async () => {
    expect(text(await run('picks 0'))).toMatch(/from 1 to 10/);
    expect(text(await run('picks many'))).toMatch(/from 1 to 10/);
  });

  it('falls back to older papers when nothing is new this week', async () => {
    await run('follow reasoning');
    fx.clock.advance(30 * 24 * 3600 * 1000);
    const reply = await run('picks');
    expect(reply.papers.length).toBeGreaterThan(0);
    expect(text(reply)).toMatch(/Nothing new arrived this week/);
  });
});

describe('digest', () => {
  it('sets day, time and timezone, size and quiet note, and shows them', async () => {
    expect(text(await run('digest friday 16:30 Europe/Berlin'))).toContain('on: Fridays at 16:30 (Europe/Berlin), 5 papers');
    expect(text(await run('digest size 3'))).toContain('3 papers');
    expect(text(await run('digest quiet on'))).toContain('with a note on quiet weeks');
    expect(text(await run('digest off'))).toContain('off: Fridays at 16:30');
    expect(text(await run('digest'))).toContain('off: Fridays at 16:30 (Europe/Berlin), 3 papers');
    const stored = (await fx.core.channels.get(channel)).digest;
    expect(stored).toMatchObject({ enabled: false, weekday: 5, minuteOfDay: 990, timezone: 'Europe/Berlin', k: 3, quietNote: true });
  });

  it('takes several settings in one command, in any order, as Discord sends them', async () => {
    expect(text(await run('digest wed 07:15 size 7 quiet on'))).toContain('on: Wednesdays at 07:15 (UTC), 7 papers in a thread, with a note on quiet weeks');
    expect(text(await run('digest Asia/Tokyo size 2'))).toContain('Wednesdays at 07:15 (Asia/Tokyo), 2 papers');
  });

  it('sets the style: thread (the default, also for channels stored before styles existed) or messages', async () => {
    expect(text(await run('digest'))).toContain('5 papers in a thread');
    expect(text(await run('digest style messages'))).toContain('5 papers one message each');
    expect((await fx.core.channels.get(channel)).digest.style).toBe('messages');
    expect(text(await run('digest STYLE Thread size 4'))).toContain('4 papers in a thread');
    expect((await fx.core.channels.get(channel)).digest.style).toBe('thread');
    await fx.core.channels.update(channel, (s) => void delete s.digest.style);
    expect(text(await run('digest'))).toContain('in a thread');
    const bad = await run('digest style threads');
    expect(text(bad)).toMatch(/Use `\/papers digest style thread`.*or `\/papers digest style messages`/);
    expect((await fx.core.channels.get(channel)).digest.style).toBeUndefined(); // bad input changes nothing
    expect(text(await run('help digest'))).toContain('style thread|messages');
  });

  it('explains a bad weekday, time, timezone or size', async () => {
    expect(text(await run('digest funday 09:00'))).toMatch(/"funday" is not a weekday/);
    expect(text(await run('digest monday 9am'))).toMatch(/"9am" is not a time/);
    expect(text(await run('digest monday 24:00'))).toMatch(/not a time/);
    expect(text(await run('digest monday 09:00 Mars/Olympus'))).toMatch(/not a timezone I know/);
    expect(text(await run('digest size 11'))).toMatch(/from 1 to 10/);
    expect(text(await run('digest monday'))).toMatch(/Give a weekday and a time together\. Use `\/papers digest on`/);
    expect(text(await run('digest monday 09:00 tuesday'))).toMatch(/I don't understand "tuesday"/);
    expect(text(await run('digest size'))).toMatch(/from 1 to 10/);
    expect(text(await run('digest quiet maybe'))).toMatch(/quiet on/);
  });
});

describe('reactions, me and forget-me', () => {
  it('learns from reactions and forgets everything on request', async () => {
    expect(text(await run('me'))).toMatch(/not learned anything/);
    const results = await run('search low-rank adaptation');
    const liked = results.papers[0].paper;
    const disliked = results.papers[1].paper;
    await fx.core.react({ user, channel, paperId: liked.id, emoji: '+1::skin-tone-3', action: 'added' });
    await fx.core.react({ user, channel, paperId: disliked.id, emoji: '👎🏽', action: 'added' });
    const me = await run('me');
    expect(me.visibility).toBe('private');
    expect(text(me)).toContain('You reacted to 2 papers: 1 liked, 1 not for you.');
    expect(text(me)).toContain(liked.title.slice(0, 40));

    const forget = await run('forget-me');
    expect(text(forget)).toContain('deleted your 2 reactions');
    expect(await fx.core.votes.forUser(user)).toEqual([]);
    expect(await fx.core.votes.forChannel(channel)).toEqual([]);
    expect(text(await run('me'))).toMatch(/not learned anything/);
    expect(text(await run('forget-me'))).toMatch(/nothing stored about you/);
  });

  it("keeps one user's data from another's", async () => {
    const results = await run('search reasoning');
    await fx.core.react({ user, channel, paperId: results.papers[0].paper.id, emoji: 'heart', action: 'added' });
    const other = { ...user, user: 'U2' };
    expect(text(await run('me', { user: other }))).toMatch(/not learned anything/);
    await run('forget-me', { user: other });
    expect(await fx.core.votes.forUser(user)).toHaveLength(1);
  });
});

describe('help and unknown input', () => {
  it('lists every command in the table, and explains one', async () => {
    const help = await run('help');
    for (const command of COMMANDS) expect(text(help)).toContain(`/papers ${command.name}`);
    expect(text(await run(''))).toContain('/papers search');
    expect(text(await run('help digest'))).toContain('Example: /papers digest monday 09:00 Europe/Berlin');
    expect(text(await run('help nope'))).toMatch(/There is no command "nope"/);
  });

  it('says which command ran and whether it changed the channel', async () => {
    const ctx = { core: fx.core, channel, user };
    expect(await handleCommand(ctx, 'follow agents')).toMatchObject({ command: { name: 'follow' }, changedChannel: true });
    expect(await handleCommand(ctx, 'follow')).toMatchObject({ command: { name: 'follow' }, changedChannel: false });
    expect(await handleCommand(ctx, 'interests')).toMatchObject({ command: { name: 'interests' }, changedChannel: false });
    expect((await handleCommand(ctx, 'frobnicate')).command).toBeUndefined();
  });

  it('answers unknown subcommands and junk with a hint, never an exception', async () => {
    expect(text(await run('frobnicate now'))).toMatch(/I don't know "frobnicate"/);
    expect((await run('\u0000\u0007 <!channel> @everyone')).isError).toBe(true);
    expect(text(await run(`search ${'🚀'.repeat(3000)}`))).toMatch(/characters long/);
    expect(text(await run('x'.repeat(5000)))).toMatch(/please keep it under 2000/);
  });

  it('logs an unexpected failure and answers with a short apology', async () => {
    const broken = { ...fx.core, search: async () => Promise.reject(new Error('disk on fire')) };
    const { reply, command } = await handleCommand({ core: broken, channel, user }, 'search lora');
    expect(command?.name).toBe('search');
    expect(reply.isError).toBe(true);
    expect(text(reply)).toMatch(/Sorry, something went wrong/);
    expect(text(reply)).not.toContain('disk on fire');
    expect(fx.logger.lines.join('\n')).toContain('disk on fire');
  });
});

describe('ingest through the core', () => {
  it('merges a new version into one paper and keeps when it was first added', async () => {
    const core = fx.core;
    await core.ingest([makePaper('2611.00001', 'Sparse retrieval', 'First abstract about sparse retrieval.', { version: 1 })]);
    fx.clock.advance(3600_000);
    const summary = await core.ingest([
      makePaper('2611.00001', 'Sparse retrieval, revised', 'Second abstract about sparse retrieval.', { version: 2, sources: ['arxiv-rss'], addedAt: fx.clock.now().toISOString() }),
    ]);
    expect(summary).toEqual({ added: 0, updated: 1, unchanged: 0 });
    const paper = core.papers.get('2611.00001')!;
    expect(paper).toMatchObject({ version: 2, title: 'Sparse retrieval, revised', addedAt: '2026-11-22T00:00:00Z' });
    expect(paper.sources.sort()).toEqual(['arxiv-api', 'arxiv-rss']);
    expect((await run('search sparse retrieval')).papers[0].paper.title).toBe('Sparse retrieval, revised');
  });
});
