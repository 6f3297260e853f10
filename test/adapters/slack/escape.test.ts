import { describe, expect, it } from 'vitest';
import { decodeSlackText, escapeMrkdwn, escapeTruncated, MAX_LINK_URL_LENGTH, safeLinkUrl } from '../../../adapters/slack/escape.js';

describe('escapeMrkdwn', () => {
  it('escapes exactly &, < and >', () => {
    expect(escapeMrkdwn('<!channel> & <@U1> <https://x|y> *bold* `code`')).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt; &lt;https://x|y&gt; *bold* `code`');
  });

  it('escapes text that already looks escaped, so it shows as typed', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });
});

describe('escapeTruncated', () => {
  it('keeps short text whole', () => {
    expect(escapeTruncated('a < b', 100)).toBe('a &lt; b');
  });

  it('never passes the limit and never cuts inside an entity or a surrogate pair', () => {
    const text = '&'.repeat(50) + '😀'.repeat(50);
    for (let max = 2; max < 120; max++) {
      const out = escapeTruncated(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out.endsWith('…')).toBe(true);
      expect(out.slice(0, -1)).toMatch(/^(&amp;)*(\p{Extended_Pictographic})*$/u);
    }
  });
});

describe('decodeSlackText', () => {
  it('turns Slack entities back into what was typed, &amp; last', () => {
    expect(decodeSlackText('&lt;b&gt; &amp;lt; &amp;')).toBe('<b> &lt; &');
  });
});

describe('safeLinkUrl', () => {
  it('keeps ordinary paper links', () => {
    expect(safeLinkUrl('https://arxiv.org/abs/2403.01234')).toBe('https://arxiv.org/abs/2403.01234');
  });

  it('escapes & and encodes | so the link label cannot be replaced', () => {
    expect(safeLinkUrl('https://x.org/a?b=1&c=2|<!channel>')).toBe('https://x.org/a?b=1&amp;c=2%7C%3C!channel%3E');
  });

  it('rejects other schemes, credentials, garbage and very long URLs', () => {
    for (const url of ['javascript:alert(1)', 'slack://open', 'https://user:pw@x.org/', 'not a url', '', undefined, `https://x.org/${'a'.repeat(MAX_LINK_URL_LENGTH)}`]) {
      expect(safeLinkUrl(url)).toBeUndefined();
    }
  });

  it('measures the link as sent, after & becomes &amp;', () => {
    const url = `https://example.org/papers?${'f&'.repeat(485)}`;
    expect(url.length).toBeLessThanOrEqual(MAX_LINK_URL_LENGTH);
    expect(safeLinkUrl(url)).toBeUndefined();
    const fits = `https://example.org/p?${'f&'.repeat(100)}`;
    expect(safeLinkUrl(fits)?.length).toBeLessThanOrEqual(MAX_LINK_URL_LENGTH);
  });
});
