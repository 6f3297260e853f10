import { describe, expect, it } from 'vitest';
import { renderReply as renderConsole } from '../../adapters/console/render.js';
import { renderReply as renderDiscord } from '../../adapters/discord/render.js';
import { renderReply as renderSlack } from '../../adapters/slack/blocks.js';
import { COMMANDS, handleCommand } from '../../commands/index.js';
import { byline, MAX_VOTE_ACTION_ID_LENGTH, paperCard, paperCards, parseVoteActionId, shortenAuthors, voteActionId } from '../../commands/paper-card.js';
import { emojiFor } from '../../src/feedback/emoji.js';
import type { Recommendation, Reply } from '../../src/types.js';
import { makePaper } from '../helpers/core-fixture.js';

const HOSTILE = '<!channel> **bold** [x](https://evil.example) @everyone \u001b[2J';
const rec = (extra: Parameters<typeof makePaper>[3] = {}, title = 'Low-rank adaptation'): Recommendation => ({
  paper: makePaper('2611.00001', title, 'An   abstract\nabout adapters. '.repeat(40), extra),
  score: 1,
  reason: 'matches: low-rank adaptation',
  terms: ['low-rank'],
});

describe('the paper card', () => {
  it('shortens the author list and builds one meta line', () => {
    const card = paperCard(rec({ authors: ['Ada', 'Bob', 'Cy', 'Dee'], categories: ['cs.CL', 'cs.LG', 'cs.AI', 'cs.IR'], popularity: { upvotes: 42 } }), 3);
    expect(card).toMatchObject({ number: 3, authorsLine: 'Ada, Bob et al.', meta: 'cs.CL, cs.LG, cs.AI · 2026-11-20 · 42 upvotes', why: 'matches: low-rank adaptation' });
    expect(shortenAuthors(['A', 'B', 'C'])).toBe('A, B, C');
    expect(byline(card)).toBe('Ada, Bob et al. · cs.CL, cs.LG, cs.AI · 2026-11-20 · 42 upvotes');
    expect(card.excerpt.length).toBeLessThanOrEqual(300);
    expect(card.excerpt).not.toMatch(/\s{2}|\n/);
    expect(card.links).toEqual({ abstract: 'https://arxiv.org/abs/2611.00001', pdf: 'https://arxiv.org/pdf/2611.00001' });
  });

  it('offers vote actions with emoji from the emoji table', () => {
    const { actions } = paperCard(rec());
    expect(actions.map((a) => [a.sentiment, a.emoji])).toEqual([
      ['like', emojiFor('like')[0]],
      ['dislike', emojiFor('dislike')[0]],
    ]);
    expect(actions[0].label).toBe('👍 More like this');
    expect(actions.map((a) => [a.label, a.actionId])).toEqual([
      ['👍 More like this', 'vote:like:2611.00001'],
      ['👎 Not for me', 'vote:dislike:2611.00001'],
    ]);
  });

  it('reads back only action ids its buttons carry', () => {
    expect(parseVoteActionId('vote:dislike:hf:2611.00001')).toEqual({ sentiment: 'dislike', paperId: 'hf:2611.00001' });
    for (const forged of ['vote:love:1', 'vote:like:', 'vote:like:a b', 'like:1', `vote:like:${'x'.repeat(MAX_VOTE_ACTION_ID_LENGTH)}`]) {
      expect(parseVoteActionId(forged), forged).toBeUndefined();
    }
    expect(voteActionId('x'.repeat(MAX_VOTE_ACTION_ID_LENGTH), 'like')).toBeUndefined();
    expect(paperCard({ ...rec(), paper: makePaper('x'.repeat(95), 'T', 'A') }).actions.map((a) => a.actionId)).toEqual([undefined, undefined]);
  });

  it('keeps hostile title text plain: the card escapes nothing, the renderers do', () => {
    const card = paperCard(rec({}, HOSTILE));
    expect(card.title).toBe(HOSTILE.replace(/\s+/g, ' ').trim());
  });

  it('numbers papers only when there are several, unless asked to', () => {
    expect(paperCards([rec()]).map((c) => c.number)).toEqual([undefined]);
    expect(paperCards([rec(), rec()], { firstNumber: 4 }).map((c) => c.number)).toEqual([4, 5]);
    expect(paperCards([rec()], { alwaysNumber: true }).map((c) => c.number)).toEqual([1]);
  });
});

describe('every renderer lays out the same card', () => {
  const one = rec({ authors: ['Ada', 'Bob', 'Cy', 'Dee'], popularity: { upvotes: 7 } });
  const reply: Reply = { visibility: 'private', title: 'Papers', lines: [], papers: [one, rec({ authors: ['Eve'] })] };
  const line = byline(paperCard(one, 1));

  it('Slack shows the card byline', () => {
    expect(JSON.stringify(renderSlack(reply).blocks)).toContain(line);
  });
  it('Discord shows the card byline', () => {
    expect(renderDiscord(reply).embeds[0].description).toContain(line.replace(/\./g, '.'));
  });
  it('the console shows the card byline', () => {
    expect(renderConsole(reply)).toContain(`   ${line}`);
  });
  it('hostile titles are escaped per platform and stripped of control characters in the console', () => {
    const hostile: Reply = { visibility: 'private', lines: [], papers: [rec({}, HOSTILE)] };
    expect(JSON.stringify(renderSlack(hostile).blocks)).not.toContain('<!channel>');
    expect(renderDiscord(hostile).embeds[0].title).not.toContain('**bold**');
    expect(renderConsole(hostile)).not.toContain('\u001b');
  });
});

describe('help', () => {
  it('lists the reaction emoji from the emoji table', async () => {
    const core = { logger: { error() {} }, noteChannelUse: async () => undefined } as never;
    const { reply } = await handleCommand({ core, channel: { platform: 'console', workspace: 'w', channel: 'c' }, user: { platform: 'console', workspace: 'w', user: 'u' } }, 'help');
    const text = reply.lines.join('\n');
    for (const emoji of [...emojiFor('like'), ...emojiFor('dislike')]) expect(text).toContain(emoji);
    expect(reply.lines).toHaveLength(COMMANDS.length + 1);
  });
});
