/**
 * Hostile input for the fuzz probe, and the checks every reply must pass. Inputs are seeded, so a run is
 * repeatable: random unicode (astral, right-to-left, zero-width), mentions, markdown and link injection,
 * 10,000-character strings, control characters, quotes, unknown subcommands and bad digest arguments.
 */
import { COMMANDS } from '../../commands/index.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import { pick } from './keys.js';

const MENTIONS = ['<!channel>', '<!here>', '<!everyone>', '<@U123>', '<@U0ADMIN|admin>', '<#C999|general>', '<!subteam^S123>', '@everyone', '@here', '<@&900000000000000005>', '<@900000000000000001>'];
const INJECTIONS = ['[click me](https://evil.example)', '<https://evil.example|https://arxiv.org>', '*bold* _it_ ~s~ `code`', '```\nblock\n```', '> quote', '# Heading', '||spoiler||', '&lt;!channel&gt;', '<javascript:alert(1)|x>', '](https://evil.example)'];
const ODD = ['', ' ', '""', "'", '"unclosed', '\u0000\u0001\u0007\u001b[31m', '\u202e\u2066reversed', '\u200b\u200d\ufeff', '👍👎🔥⭐❤️', '𝕏𝕪𝕫 🧪 \ud83d', 'ναί 日本語 العربية हिन्दी', '\\', '%s %d {0} ${x}', 'null', 'undefined', '-1', '1e309', 'NaN', '0x10', ',,,', ', , ,'];
const DIGEST_ARGS = ['on', 'off', 'funday 25:99 Mars/Olympus', 'monday 09:00 Europe/Berlin', 'monday 24:00', 'size 999', 'size 0', 'size -3', 'size 2.5', 'quiet maybe', 'quiet on off', 'on off on', 'tuesday', '09:00', 'sunday 23:59 Etc/GMT+14', 'monday 9am UTC'];
const WORDS = ['retrieval', 'augmented', 'generation', 'low-rank', 'adaptation', 'reasoning', 'diffusion', 'graph', 'the', 'a'];

function unicodeNoise(rnd: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) {
    const r = rnd();
    const cp = r < 0.4 ? 0x20 + Math.floor(rnd() * 0x5f) : r < 0.6 ? Math.floor(rnd() * 0x20) : r < 0.8 ? 0xa0 + Math.floor(rnd() * 0x2f00) : 0x1f300 + Math.floor(rnd() * 0x300);
    s += String.fromCodePoint(cp);
  }
  return s;
}

/** One hostile argument string. */
export function hostileArg(rnd: () => number): string {
  const r = rnd();
  if (r < 0.2) return pick(rnd, MENTIONS) + ' ' + pick(rnd, WORDS) + ' ' + pick(rnd, MENTIONS);
  if (r < 0.35) return pick(rnd, INJECTIONS) + ' ' + pick(rnd, WORDS);
  if (r < 0.5) return pick(rnd, ODD);
  if (r < 0.6) return unicodeNoise(rnd, 1 + Math.floor(rnd() * 60));
  if (r < 0.65) return (pick(rnd, MENTIONS) + pick(rnd, WORDS) + ' ').repeat(700).slice(0, 10_000);
  if (r < 0.7) return 'x'.repeat(1990 + Math.floor(rnd() * 20));
  if (r < 0.8) return Array.from({ length: 1 + Math.floor(rnd() * 30) }, () => `"${pick(rnd, WORDS)} ${pick(rnd, MENTIONS)}"`).join(', ');
  return `${pick(rnd, WORDS)} ${pick(rnd, WORDS)}`;
}

export interface FuzzCommand {
  /** The subcommand (may be unknown or empty). */
  name: string;
  /** Option values by name (Discord), in table order. */
  options: { name: string; value: string }[];
  /** The whole command text after `/papers` (Slack, console). */
  text: string;
}

/** One hostile `/papers` command. */
export function hostileCommand(rnd: () => number): FuzzCommand {
  const r = rnd();
  const known = COMMANDS.map((c) => c.name);
  const name = r < 0.08 ? pick(rnd, ['', 'bogus', 'SEARCH', 'forget', '<!channel>', unicodeNoise(rnd, 5), 'x'.repeat(300)]) : pick(rnd, known);
  const command = COMMANDS.find((c) => c.name === name);
  const options: FuzzCommand['options'] = [];
  let args: string;
  if (name === 'digest' && rnd() < 0.6) {
    args = pick(rnd, DIGEST_ARGS) + (rnd() < 0.3 ? ' ' + hostileArg(rnd) : '');
    const parts = args.split(' ');
    for (const [i, option] of (command?.options ?? []).entries()) if (parts[i]) options.push({ name: option.name, value: parts[i] });
  } else {
    args = hostileArg(rnd);
    for (const option of command?.options ?? []) if (option.required || rnd() < 0.5) options.push({ name: option.name, value: args || 'x' });
  }
  if (!command && args) options.push({ name: 'query', value: args });
  return { name, options, text: `${name} ${args}`.trim() };
}

/** Slack: mention syntax the bot must never send unescaped. */
const SLACK_MENTION = /<!(channel|here|everyone|subteam)|<@[UW]|<#C/;

/** Every string under a `text` key in a Slack message (fallback text, section, context, fields). */
export function slackTexts(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) slackTexts(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'text' && typeof v === 'string') out.push(v);
      else slackTexts(v, out);
    }
  }
  return out;
}

export interface ReplyVerdict {
  apology: boolean;
  mention: boolean;
  overLimit: boolean;
}

/** Check a Slack `respond` body. */
export function checkSlack(body: { text?: string; blocks?: any[] }): ReplyVerdict {
  const texts = slackTexts(body);
  const blocks = body.blocks ?? [];
  const overLimit =
    blocks.length > 50 ||
    (body.text ?? '').length > 40_000 ||
    blocks.some((b) => (b.text?.text ?? '').length > 3000 || (b.fields ?? []).some((f: any) => (f.text ?? '').length > 2000) || (b.elements ?? []).some((e: any) => (e.text ?? '').length > 3000));
  return { apology: texts.some((t) => t.includes(GENERIC_APOLOGY)), mention: texts.some((t) => SLACK_MENTION.test(t)), overLimit };
}

/** Check a Discord message body (interaction callback data, webhook edit or follow-up). */
export function checkDiscord(data: { content?: string; embeds?: any[]; allowed_mentions?: { parse?: unknown[] } & Record<string, unknown> }): ReplyVerdict {
  const embeds = data.embeds ?? [];
  const embedText = (e: any) => [e.title, e.description, e.footer?.text, e.author?.name, ...(e.fields ?? []).flatMap((f: any) => [f.name, f.value])].filter((s) => typeof s === 'string') as string[];
  const texts = [data.content ?? '', ...embeds.flatMap(embedText)];
  const am = data.allowed_mentions;
  const mentionsOff = am !== undefined && Array.isArray(am.parse) && am.parse.length === 0 && !am.users?.toString() && !am.roles?.toString();
  const overLimit =
    (data.content ?? '').length > 2000 ||
    embeds.length > 10 ||
    embeds.some((e) => (e.description ?? '').length > 4096 || (e.title ?? '').length > 256) ||
    embeds.reduce((sum, e) => sum + embedText(e).join('').length, 0) > 6000;
  return { apology: texts.some((t) => t.includes(GENERIC_APOLOGY)), mention: !mentionsOff || texts.some((t) => /@(everyone|here)/i.test(t)), overLimit };
}
