/**
 * A bot process for the crash trials: opens the store file, runs the digest service with its real default lease,
 * and posts through a "channel" that is the parent's HTTP server (so the parent sees what reached the channel
 * even when this process is killed). `restart` mode is the bot started again after a kill -9: when the dead
 * process's lease keeps it out, it reads how long the lease has left, counts that as time blocked, moves its
 * clock past it and tries again, so the rest of the digest is posted and the wait is measured, not slept.
 * The platform reads the channel back through the parent's GET /find/<trial>?key=..., like Slack's history.
 *
 * Env: STORE_FILE, CHANNEL_URL, MODE (first|restart). Prints one JSON line: { blockedMs, posted }.
 */
import sqlite3 from 'sqlite3';
import { createDigestService } from '../../src/digest/digest-service.js';
import type { Clock, Platform, PostKey } from '../../src/ports.js';
import { openCore } from './core-setup.js';

let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

const keyText = (key: PostKey) => `${key.runId}|${key.item}`;

const platform: Platform = {
  name: 'console',
  async post(_channel, reply, options = {}) {
    const body = JSON.stringify({ paperId: options.key?.item ?? reply.papers[0]?.paper.id ?? 'note', pid: process.pid, key: options.key && keyText(options.key) });
    const res = await fetch(process.env.CHANNEL_URL!, { method: 'POST', body, signal: options.signal });
    return { messageId: ((await res.json()) as { messageId: string }).messageId };
  },
  async findPosted(_channel, sent) {
    const res = await fetch(`${process.env.CHANNEL_URL!.replace('/post/', '/find/')}?key=${encodeURIComponent(keyText(sent.key))}`);
    const { messageId } = (await res.json()) as { messageId: string | null };
    return messageId ? { messageId } : undefined;
  },
};

/** The latest `until_ms` of any lease in the raw file, or undefined when it cannot be read. */
function leaseUntil(file: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return resolve(undefined);
      db.get('SELECT max(until_ms) AS u FROM pb_lease', (err: Error | null, row: { u?: number } | undefined) => {
        db.close();
        resolve(err || typeof row?.u !== 'number' ? undefined : row.u);
      });
    });
  });
}

async function main(): Promise<void> {
  const file = process.env.STORE_FILE!;
  const p = await openCore('', { seed: false, file, clock });
  const digest = createDigestService(p.core);
  let blockedMs = 0;
  let posted = 0;
  for (let attempt = 0; attempt < 40; attempt++) {
    const summary = await digest.runDue([platform]);
    posted += summary.posted;
    if (!summary.busy || process.env.MODE !== 'restart') break;
    const until = await leaseUntil(file);
    // Unknown lease shape: step the clock 15 s at a time.
    const wait = until === undefined ? 15_000 : Math.max(0, until - clock.now().getTime()) + 1;
    blockedMs += wait;
    offsetMs += wait;
  }
  await p.close();
  process.stdout.write(`${JSON.stringify({ blockedMs, posted })}\n`);
}

main().catch((error) => {
  process.stderr.write(`digest child failed: ${error?.stack ?? error}\n`);
  process.exit(1);
});
