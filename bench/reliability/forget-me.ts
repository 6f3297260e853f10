/**
 * Forget-me leaves no trace. A person reacts to papers, asks for search, picks and `me`, sets up their own digest
 * (`digest me`), then `/papers forget-me` (through the command table, as every adapter runs it). The raw bytes
 * of the store's files (`.sqlite`, `-wal`) are then searched for the person's id, while the bot keeps running
 * (what is on disk now) and again after it closed the store (checkpointed). Every occurrence is a trace; the larger of the two counts is reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { handleCommand } from '../../commands/index.js';
import type { ChannelRef, UserRef } from '../../src/types.js';
import { openCore } from './core-setup.js';
import { subdir, type ProbeOptions, type Report } from './keys.js';

const USER_ID = 'UFORGETME7Q';

/** Occurrences of `needle` in the store's files. */
export function tracesOf(file: string, needle: string): number {
  let n = 0;
  const bytes = Buffer.from(needle, 'utf8');
  for (const path of [file, `${file}-wal`, `${file}-journal`]) {
    if (!existsSync(path)) continue;
    const data = readFileSync(path);
    for (let at = data.indexOf(bytes); at >= 0; at = data.indexOf(bytes, at + 1)) n++;
  }
  return n;
}

export async function forgetMeProbe(opts: ProbeOptions): Promise<Report> {
  const dir = await subdir(opts, 'forget');
  const p = await openCore(dir);
  const channel: ChannelRef = { platform: 'slack', workspace: 'TREL', channel: 'CFORGET' };
  const user: UserRef = { platform: 'slack', workspace: 'TREL', user: USER_ID };
  const ctx = { core: p.core, channel, user, canManageChannel: true };
  let closed = false;
  try {
    const papers = [...p.core.papers.all()].slice(0, 8);
    for (const [i, paper] of papers.entries()) {
      await p.core.react({ user, channel, paperId: paper.id, emoji: i % 3 === 0 ? '-1' : '+1', action: 'added' });
    }
    await p.core.react({ user, channel, paperId: papers[0].id, emoji: '-1', action: 'removed' });
    for (const text of ['search low-rank adaptation', 'picks', 'me', 'follow reasoning', 'digest me on', 'digest me friday 17:00 UTC']) await handleCommand(ctx, text);
    const before = tracesOf(p.file, USER_ID);
    const { reply } = await handleCommand(ctx, 'forget-me');
    const running = tracesOf(p.file, USER_ID);
    await p.close();
    closed = true;
    const afterClose = tracesOf(p.file, USER_ID);
    opts.note?.(`forget-me: ${before} traces before, ${running} after (bot running), ${afterClose} after close; reply: ${reply.lines.join(' ')}`);
    return { forget_me_traces: Math.max(running, afterClose) };
  } finally {
    if (!closed) await p.close();
  }
}
