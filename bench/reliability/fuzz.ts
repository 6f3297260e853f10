/**
 * Fuzzing the chat surface: hostile `/papers` commands through the real Bolt app (signed slash commands to
 * its HTTP endpoint, answers caught by the fake Slack's response_url sink), through the real discord.js client
 * (interactions dispatched by the fake gateway, answers caught as interaction callbacks and webhook edits) and
 * through the console adapter (text in, text out). A failure is a command with no answer, a crash or an
 * unhandled rejection while it ran, or an answer that is the generic apology. Answers are also checked for
 * unescaped mentions and for going over the platform's message limits.
 */
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { PassThrough } from 'node:stream';
import { startHarness as startSlackHarness, sendCommand } from '../../test/adapters/slack/harness.js';
import { startHarness as startDiscordHarness } from '../../test/adapters/discord/harness.js';
import { MANAGER_PERMISSIONS, MEMBER_PERMISSIONS } from '../../test/adapters/discord/fake-payloads.js';
import { GENERIC_APOLOGY } from '../../src/errors.js';
import { openCore } from './core-setup.js';
import { checkDiscord, checkSlack, hostileCommand, type FuzzCommand, type ReplyVerdict } from './fuzz-inputs.js';
import { count, pool, random, subdir, type ProbeOptions, type Report } from './keys.js';
import { malformedRecordsProbe } from './malformed.js';

interface Tally {
  commands: number;
  failures: number;
  mentions: number;
  overLimit: number;
}

function judge(t: Tally, verdict: ReplyVerdict): void {
  if (verdict.apology) t.failures++;
  if (verdict.mention) t.mentions++;
  if (verdict.overLimit) t.overLimit++;
}

/** Count crashes and unhandled rejections while `work` runs. */
async function watchingCrashes<T>(work: () => Promise<T>): Promise<{ result: T; crashes: number }> {
  let crashes = 0;
  const onCrash = () => void crashes++;
  process.on('unhandledRejection', onCrash);
  process.on('uncaughtException', onCrash);
  try {
    const result = await work();
    await new Promise((resolve) => setTimeout(resolve, 50));
    return { result, crashes };
  } finally {
    process.off('unhandledRejection', onCrash);
    process.off('uncaughtException', onCrash);
  }
}

async function fuzzSlack(commands: FuzzCommand[], t: Tally): Promise<void> {
  const h = await startSlackHarness();
  try {
    await pool(
      25,
      commands.map((c, i) => async () => {
        const res = await sendCommand(h, { text: c.text, responseId: `f${i}`, user: `UFUZZ${i % 7}`, channel: `CFUZZ${i % 5}` }).catch(() => undefined);
        if (res?.status !== 200) t.failures++;
        await res?.text().catch(() => undefined);
      }),
    );
    await h.fake.waitFor(() => h.fake.responses.length >= commands.length, 30_000).catch(() => undefined);
    const answers = new Map(h.fake.responses.map((r) => [r.id, r.body]));
    for (let i = 0; i < commands.length; i++) {
      t.commands++;
      const body = answers.get(`f${i}`);
      if (!body) t.failures++;
      else judge(t, checkSlack(body));
    }
  } finally {
    await h.close();
  }
}

async function fuzzDiscord(commands: FuzzCommand[], t: Tally, rnd: () => number): Promise<void> {
  const h = await startDiscordHarness();
  try {
    await pool(
      20,
      commands.map((c) => async () => {
        t.commands++;
        const permissions = rnd() < 0.5 ? MANAGER_PERMISSIONS : MEMBER_PERMISSIONS;
        const { id, token } = h.fake.sendInteraction({ subcommand: c.name || 'bogus', options: c.options, userId: `11${Math.floor(rnd() * 9)}`, permissions });
        try {
          const callback = await h.fake.waitForCall((call) => call.path === `/interactions/${id}/${token}/callback`, 10_000);
          let data = callback.body?.data;
          if (callback.body?.type === 5) {
            const edit = await h.fake.waitForCall((call) => call.path.includes(`/${token}`) && call.path.startsWith('/webhooks/') && (call.method === 'PATCH' || call.method === 'POST'), 10_000);
            data = edit.body;
          }
          const ok = await h.interactionHandled(id);
          if (!ok || !data) t.failures++;
          else judge(t, checkDiscord(data));
        } catch {
          t.failures++;
        }
      }),
    );
  } finally {
    await h.close();
  }
}

async function fuzzConsole(commands: FuzzCommand[], t: Tally, opts: ProbeOptions, rnd: () => number): Promise<void> {
  const p = await openCore(await subdir(opts, 'fuzz-console'));
  const console = new ConsoleAdapter(p.core, { input: new PassThrough(), output: new PassThrough(), userName: 'fuzzer' });
  try {
    for (const c of commands) {
      t.commands++;
      const line = rnd() < 0.1 ? `react ${Math.floor(rnd() * 12) - 1} ${c.options[0]?.value ?? '👍'}` : `/papers ${c.text}`;
      try {
        const out = await console.handleLine(line);
        if (out.includes(GENERIC_APOLOGY)) t.failures++;
      } catch {
        t.failures++;
      }
    }
  } finally {
    await p.close();
  }
}

/** The fuzz family: fuzz_commands, fuzz_failures, mention_escapes, over_limit_replies. */
export async function fuzzProbe(opts: ProbeOptions): Promise<Report> {
  const rnd = random(20261123);
  const make = (n: number) => Array.from({ length: n }, () => hostileCommand(rnd));
  const slack = make(count(opts.scale, 60, 1200));
  const discord = make(count(opts.scale, 40, 1200));
  const consoleCommands = make(count(opts.scale, 60, 7700));
  const totals: Tally = { commands: 0, failures: 0, mentions: 0, overLimit: 0 };
  const { crashes } = await watchingCrashes(async () => {
    for (const [name, run] of [
      ['slack', (t: Tally) => fuzzSlack(slack, t)],
      ['discord', (t: Tally) => fuzzDiscord(discord, t, rnd)],
      ['console', (t: Tally) => fuzzConsole(consoleCommands, t, opts, rnd)],
    ] as const) {
      const t: Tally = { commands: 0, failures: 0, mentions: 0, overLimit: 0 };
      const started = Date.now();
      await run(t);
      opts.note?.(`fuzz ${name}: ${t.commands} commands, ${t.failures} failures, ${t.mentions} unescaped mentions, ${t.overLimit} over limits (${Date.now() - started} ms)`);
      for (const k of Object.keys(totals) as (keyof Tally)[]) totals[k] += t[k];
    }
    const records = await malformedRecordsProbe(opts);
    totals.commands += records.tried;
    totals.failures += records.failed;
  });
  if (crashes > 0) opts.note?.(`fuzz: ${crashes} crashes or unhandled rejections`);
  return { fuzz_commands: totals.commands, fuzz_failures: totals.failures + crashes, mention_escapes: totals.mentions, over_limit_replies: totals.overLimit };
}
