import { describe, expect, it } from 'vitest';
import { escapeText, escapeWithin, safeLink } from '../../../adapters/discord/escape.js';
import { DISCORD_LIMITS, renderReply, type DiscordMessageBody } from '../../../adapters/discord/render.js';
import type { Recommendation, Reply } from '../../../src/types.js';
import { makePaper } from '../../helpers/core-fixture.js';

/** What Discord shows for escaped text: backslash escapes resolved, zero-width spaces invisible. */
function shown(text: string): string {
  return text.replace(/\\(.)/gs, '$1').replace(/\u200b/g, '');
}

/** The first markdown or mention character that is not escaped, or undefined. */
function unescapedMarkup(text: string): string | undefined {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if ('*_~`|[]<'.includes(text[i])) return `${text[i]} at ${i} in ${JSON.stringify(text.slice(Math.max(0, i - 20), i + 20))}`;
  }
  if (/@(everyone|here)/i.test(text)) return 'a mass mention';
  if (/(^|\n)\s*([#>\-+]|\d+[.)])/.test(text)) return 'a line-start marker';
  if (/(^|[^\\])(\\\\)*\\$/.test(text)) return 'a dangling backslash';
  return undefined;
}

function allText(body: DiscordMessageBody): string[] {
  return [body.content ?? '', ...body.embeds.flatMap((e) => [e.title ?? '', e.description ?? '', e.footer?.text ?? ''])];
}

const HOSTILE_TITLE = '@everyone **Free GPUs** [click here](https://evil.example/phish) <@123456> <#42> <@&7> `rm -rf` ||spoiler|| ~~x~~ __u__';
const HOSTILE_ABSTRACT = '# Heading\n> quoted\n- list item\n1. numbered\n@here look at <t:1700000000:R> and <:pepe:1234>\u202Eevil\u0007 \\*';

function rec(title: string, abstract: string, extra: Partial<Recommendation> = {}): Recommendation {
  return { paper: makePaper('2401.00001', title, abstract), score: 1, reason: 'matches: **reason** <@1>', terms: [], ...extra };
}

describe('escapeText', () => {
  it('makes every markdown and mention form literal, and Discord shows the original text', () => {
    for (const raw of [HOSTILE_TITLE, HOSTILE_ABSTRACT.replace(/[\u202E\u0007]/g, ''), 'a\\b', '***', '\\', 'C# and F#', '<<@@>>']) {
      const escaped = escapeText(raw);
      expect(unescapedMarkup(escaped), raw).toBeUndefined();
      expect(shown(escaped)).toBe(raw);
    }
  });

  it('drops control characters and bidirectional overrides', () => {
    expect(escapeText('a\u0007b\u202Ec\u2066d\ne')).toBe('abcd\ne');
  });

  it('leaves ordinary words untouched', () => {
    expect(escapeText('Low-rank adaptation of large language models (LoRA): 2.5x faster')).toBe('Low-rank adaptation of large language models (LoRA): 2.5x faster');
  });

  it('shortens within a limit without splitting an escape or a surrogate pair', () => {
    const raw = `${'*'.repeat(50)}😀${'_'.repeat(50)}`;
    for (let max = 1; max <= 220; max += 7) {
      const fitted = escapeWithin(raw, max);
      expect(fitted.length).toBeLessThanOrEqual(max);
      expect(unescapedMarkup(fitted)).toBeUndefined();
      expect(fitted).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    expect(escapeWithin('short', 100)).toBe('short');
  });
});

/** Discord's limits on the embeds of one message: count, title, description and total. */
function expectWithinTextLimits(body: DiscordMessageBody): void {
  expect(body.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  for (const embed of body.embeds) {
    expect(embed.title?.length ?? 0).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
  }
  const total = body.embeds.reduce((sum, e) => sum + (e.title?.length ?? 0) + e.description!.length + (e.footer?.text.length ?? 0), 0);
  expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
}

const LINKS = '[Abstract](https://arxiv.org/abs/2401.00001) · [PDF](https://arxiv.org/pdf/2401.00001)';

describe('renderReply', () => {
  it('escapes hostile titles, abstracts, reasons and lines in every part of the message', () => {
    const reply: Reply = { visibility: 'channel', title: HOSTILE_TITLE, lines: [HOSTILE_ABSTRACT], papers: [rec(HOSTILE_TITLE, HOSTILE_ABSTRACT)], footer: '@everyone [x](https://evil.example)' };
    const body = renderReply(reply);
    for (const text of allText(body)) {
      // The header's bold title, the "1. " numbers, "**Why:**" and the links line are the renderer's own; all else must be escaped.
      const own = text.replace(/^\*\*(.*?)\*\*(?=\n|$)/, '$1').replace(/^1\. /, '').replace('**Why:** ', '').replace(`\n${LINKS}`, '');
      expect(unescapedMarkup(own), text).toBeUndefined();
    }
    expect(body.embeds[0].description).toContain(LINKS);
    expect(shown(body.embeds[0].title ?? '')).toBe(`1. ${HOSTILE_TITLE}`);
  });

  it('renders a paper as a linked, numbered embed with the reason', () => {
    const body = renderReply({ visibility: 'private', title: 'Papers about "lora"', lines: [], papers: [rec('LoRA', 'We adapt.')], footer: 'React to teach me.' });
    expect(body.content).toBe('**Papers about "lora"**');
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]).toMatchObject({ title: '1. LoRA', url: 'https://arxiv.org/abs/2401.00001', footer: { text: 'React to teach me.' } });
    expect(body.embeds[0].description).toContain('**Why:** matches: \\*\\*reason\\*\\* \\<@1>');
  });

  it('keeps any reply within Discord limits, however long the papers are', () => {
    const huge = (n: number, unit: string) => unit.repeat(n);
    const papers = Array.from({ length: 12 }, (_, i) =>
      rec(huge(5000, '*_'), huge(20_000, '<@1> '), { paper: { ...makePaper(`p${i}`, huge(5000, '*_'), huge(20_000, 'word ')), authors: Array(300).fill('A. Author') } }),
    );
    const body = renderReply({ visibility: 'channel', title: huge(5000, '#'), lines: Array(50).fill(huge(1000, '>')), papers, footer: huge(5000, '@') });
    expect(body.content!.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
    expect(body.content).toContain('(showing the first 10 of 12)');
    expect(body.embeds).toHaveLength(DISCORD_LIMITS.embeds);
    let total = 0;
    for (const embed of body.embeds) {
      expect(embed.title!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
      expect(embed.description!.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
      expect(embed.title!.length).toBeGreaterThan(10);
      total += embed.title!.length + embed.description!.length + (embed.footer?.text.length ?? 0);
    }
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedsTotal);
    for (const text of allText(body)) expect(text).not.toMatch(/(^|[^\\])(\\\\)*\\$/);
  });

  it('renders a text reply as one embed, red for errors', () => {
    const body = renderReply({ visibility: 'private', lines: ['That is 30 topics; at most 25.'], papers: [], isError: true });
    expect(body.content).toBeUndefined();
    expect(body.embeds).toEqual([{ color: 0xed4245, description: 'That is 30 topics; at most 25.' }]);
  });

  it('continues a long text reply over more embeds, like Slack sections, with the title on the first', () => {
    const lines = Array.from({ length: 8 }, (_, i) => `line ${i} ${'x'.repeat(690)}`);
    const body = renderReply({ visibility: 'private', title: 'Interests', lines, papers: [], footer: 'the footer', isError: true });
    expect(body.embeds.map((e) => e.title)).toEqual(['Interests', undefined]);
    expect(body.embeds.every((e) => e.color === 0xed4245)).toBe(true);
    expect(body.embeds.map((e) => e.description).join('\n')).toBe([...lines, 'the footer'].join('\n'));
    expectWithinTextLimits(body);
  });

  it('leaves out the last lines of a text reply too long for one message, and says how many', () => {
    const long = renderReply({ visibility: 'private', title: 't', lines: Array.from({ length: 20 }, (_, i) => `line ${i} ${'x'.repeat(890)}`), papers: [] });
    expectWithinTextLimits(long);
    const text = long.embeds.map((e) => e.description).join('\n');
    expect(text).toContain('line 5 ');
    expect(text).not.toContain('line 6 ');
    expect(text).toMatch(/\n14 more lines not shown\.$/);
    const hundred = renderReply({ visibility: 'private', lines: Array(100).fill('x'.repeat(1000)), papers: [] });
    expectWithinTextLimits(hundred);
    expect(hundred.embeds.at(-1)!.description).toMatch(/\n95 more lines not shown\.$/);
  });

  it('links a paper only through a plain http(s) URL', () => {
    expect(safeLink('javascript:alert(1)')).toBeUndefined();
    expect(safeLink('not a url')).toBeUndefined();
    expect(safeLink(`https://arxiv.org/abs/${'1'.repeat(3000)}`)).toBeUndefined();
    expect(safeLink('https://arxiv.org/abs/2401.00001v2')).toBe('https://arxiv.org/abs/2401.00001v2');
    const body = renderReply({ visibility: 'private', lines: [], papers: [{ ...rec('T', 'A'), paper: makePaper('x', 'T', 'A', { url: 'javascript:alert(1)' }) }] });
    expect(body.embeds[0].url).toBeUndefined();
  });

  it('measures a link after the URL parser percent-encodes it, so an embed url stays within 2,048 characters', () => {
    expect(safeLink(`https://example.org/${'é'.repeat(990)}`)).toBeUndefined();
    expect(safeLink('https://example.org/a b/é')).toBe('https://example.org/a%20b/%C3%A9');
    const paper = makePaper('import:long-link', 'T', 'A', { url: `https://example.org/papers/${'ü'.repeat(900)}`, sources: ['import'] });
    const body = renderReply({ visibility: 'channel', title: 'Weekly digest 1/1', lines: [], papers: [{ ...rec('T', 'A'), paper }] });
    expect(body.embeds[0].url).toBeUndefined();
    const fits = renderReply({ visibility: 'channel', lines: [], papers: [{ ...rec('T', 'A'), paper: { ...paper, url: `https://example.org/${'ü'.repeat(300)}` } }] });
    expect(fits.embeds[0].url?.length).toBeLessThanOrEqual(2048);
  });
});

describe('links and vote buttons', () => {
  it('encodes parentheses so a URL cannot end its markdown link early, and has no PDF link outside arXiv', () => {
    const paper = makePaper('import:x', 'T', 'A', { url: 'https://example.org/a_(b)](https://evil.example)' });
    const body = renderReply({ visibility: 'private', lines: [], papers: [{ ...rec('T', 'A'), paper }] });
    expect(body.embeds[0].description).toMatch(/\[Abstract\]\(https:\/\/example\.org\/a_%28b%29\]%28https:\/\/evil\.example%29\)$/);
    expect(body.embeds[0].description).not.toContain('[PDF]');
  });

  it('fills at most five rows of buttons for ten papers, and leaves out buttons an id is too long for', () => {
    const papers = Array.from({ length: 10 }, (_, i) => ({ ...rec('T', 'A'), paper: makePaper(`2401.0000${i}`, 'T', 'A') }));
    expect(renderReply({ visibility: 'private', lines: [], papers }).components!.map((r) => r.components.length)).toEqual([4, 4, 4, 4, 4]);
    const long = { ...rec('T', 'A'), paper: makePaper(`import:${'x'.repeat(100)}`, 'T', 'A') };
    expect(renderReply({ visibility: 'private', lines: [], papers: [long] }).components).toBeUndefined();
    for (const row of renderReply({ visibility: 'private', lines: [], papers }).components!) {
      for (const button of row.components) expect(button.custom_id.length).toBeLessThanOrEqual(100);
    }
  });
});
