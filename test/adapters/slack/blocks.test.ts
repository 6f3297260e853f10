import { describe, expect, it } from 'vitest';
import { MAX_BLOCKS, MAX_SECTION_TEXT, paperBlocks, renderReply, shortenAuthors } from '../../../adapters/slack/blocks.js';
import type { Recommendation, Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';
import { allText } from './harness.js';

function rec(i: number, extra: Partial<Parameters<typeof makePaper>[3]> = {}, title = `Paper number ${i}`): Recommendation {
  return { paper: makePaper(`2611.${String(i).padStart(5, '0')}`, title, `Abstract of paper ${i}. `.repeat(5), extra), score: 1 - i / 100, reason: `matches: topic ${i}`, terms: [] };
}

const reply = (papers: Recommendation[], extra: Partial<Reply> = {}): Reply => ({ visibility: 'private', title: 'Papers about "x"', lines: [], papers, footer: 'React to teach me.', ...extra });

/** Every text object in the blocks, with the limit that applies to it. */
function texts(blocks: any[]): string[] {
  return blocks.flatMap((b) => [b.text?.text, ...(b.elements ?? []).map((e: any) => e.text)]).filter((t): t is string => typeof t === 'string');
}

describe('paper cards', () => {
  it('shows a linked title, shortened authors, categories, date, upvotes, a snippet and the reason', () => {
    const card = paperBlocks(rec(1, { authors: ['A One', 'B Two', 'C Three', 'D Four'], categories: ['cs.CL', 'cs.LG'], published: '2026-11-20T00:00:00Z', popularity: { upvotes: 42 } }), 3);
    const [heading, abstract, why] = texts(card);
    expect(heading).toBe(
      '*<https://arxiv.org/abs/2611.00001|3. Paper number 1>*\nA One, B Two et al. · cs.CL, cs.LG · 2026-11-20 · 42 upvotes\n' +
        '<https://arxiv.org/abs/2611.00001|Abstract> · <https://arxiv.org/pdf/2611.00001|PDF>',
    );
    expect(abstract.startsWith('Abstract of paper 1.')).toBe(true);
    expect(why).toBe('*Why:* matches: topic 1');
  });

  it('does not link a paper without a safe URL and marks exploratory picks', () => {
    const r = { ...rec(2, { url: 'javascript:alert(1)' }), exploratory: true, reason: 'something different: rendering (tell me if it fits)' };
    const [heading, , why] = texts(paperBlocks(r));
    expect(heading.startsWith('*Paper number 2*')).toBe(true);
    expect(why.match(/something different/g)).toHaveLength(1);
  });

  it('shortens author lists', () => {
    expect(shortenAuthors(['A', 'B', 'C'])).toBe('A, B, C');
    expect(shortenAuthors(['A', 'B', 'C', 'D'])).toBe('A, B et al.');
  });
});

describe('vote buttons and links', () => {
  it('leaves out the buttons of a paper whose id is too long for one, and separates it with a divider', () => {
    const long = rec(9, { id: `import:${'x'.repeat(120)}`, url: 'https://example.org/paper' });
    const message = renderReply(reply([long, rec(1)]));
    expect(message.blocks.map((b) => b.type).join(' ')).toBe('section section section context divider section section context actions context');
    expect(texts(message.blocks)[1]).toBe('*<https://example.org/paper|1. Paper number 9>*\nAda Lovelace · cs.CL · 2026-11-20\n<https://example.org/paper|Abstract>');
  });

  it('fits ten picks with their buttons in one message', () => {
    const message = renderReply(reply(Array.from({ length: 10 }, (_, i) => rec(i)), { lines: ['a line'] }));
    expect(message.blocks.filter((b) => b.type === 'actions')).toHaveLength(10);
    expect(texts(message.blocks).some((t) => /more not shown/.test(t))).toBe(false);
  });
});

describe('renderReply', () => {
  it('numbers papers only when there are several and ends each card with its vote buttons', () => {
    const one = renderReply(reply([rec(1)]));
    expect(texts(one.blocks).some((t) => t.includes('|1. '))).toBe(false);
    const three = renderReply(reply([rec(1), rec(2), rec(3)]));
    const card = 'section section context actions';
    expect(three.blocks.map((b) => b.type).join(' ')).toBe(`section ${card} ${card} ${card} context`);
    const buttons = three.blocks.filter((b) => b.type === 'actions').flatMap((b: any) => b.elements);
    expect(buttons.map((e: any) => e.action_id)).toEqual([1, 2, 3].flatMap((i) => [`vote:like:2611.0000${i}`, `vote:dislike:2611.0000${i}`]));
    expect(texts(three.blocks).filter((t) => /\|\d\. /.test(t))).toHaveLength(3);
    expect(three.text).toBe('Papers about "x"\n1. Paper number 1\n2. Paper number 2\n3. Paper number 3');
  });

  it('stays within 50 blocks and says how many papers were left out', () => {
    const many = renderReply(reply(Array.from({ length: 30 }, (_, i) => rec(i))));
    expect(many.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    const note = texts(many.blocks).find((t) => /more not shown/.test(t));
    const shown = texts(many.blocks).filter((t) => /\|\d+\. /.test(t)).length;
    expect(note).toBe(`${30 - shown} more not shown.`);
    expect(shown).toBeGreaterThanOrEqual(10);
    expect(many.blocks.at(-1)?.type).toBe('context');
  });

  it('keeps every text within 3,000 characters, even for huge titles, abstracts and lines', () => {
    const huge = '<&>'.repeat(5000);
    const message = renderReply(reply([rec(1, {}, huge), { ...rec(2), reason: huge }], { lines: [huge, huge, 'short'], title: huge, footer: huge }));
    expect(message.blocks.length).toBeLessThanOrEqual(MAX_BLOCKS);
    for (const text of texts(message.blocks)) expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    expect(message.text.length).toBeLessThanOrEqual(3000);
    expect(texts(message.blocks).some((t) => t.endsWith('short'))).toBe(true);
  });

  it('keeps a card within 3,000 characters when its link is full of "&" and its title is huge', () => {
    for (const url of [`https://example.org/papers?${'f&'.repeat(485)}`, `https://example.org/p?${'f&'.repeat(200)}`]) {
      const message = renderReply(reply([rec(1, { url, authors: ['<&>'.repeat(500)] }, '<&>'.repeat(5000)), rec(2, { url })]));
      for (const text of texts(message.blocks)) expect(text.length).toBeLessThanOrEqual(MAX_SECTION_TEXT);
    }
  });

  it('escapes every untrusted string, in blocks and fallback text alike', () => {
    const hostile = '<!channel> <@U1> <https://evil.example|click>';
    const message = renderReply(reply([rec(1, { authors: [hostile], categories: ['<!here>'] }, hostile)], { title: hostile, lines: [hostile], footer: hostile }));
    const all = allText(message);
    expect(all).not.toMatch(/<!|<@|<https:\/\/evil/);
    expect(all).toContain('&lt;!channel&gt;');
  });

  it('renders a text-only reply without papers', () => {
    const message = renderReply({ visibility: 'channel', lines: ['Weekly digest off.'], papers: [] });
    expect(message).toEqual({ text: 'Weekly digest off.', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Weekly digest off.' } }] });
  });
});
