import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ownTurn } from '../src/pacer.js';

const spin = (ms: number) => {
  const start = performance.now();
  while (performance.now() - start < ms);
};

/**
 * Twenty callers each wait with `wait`, then hold the thread 2 ms; the first also starts a file-system call (one
 * trip to libuv's thread pool). Returns the order of events: when the call's answer was handled among the callers.
 */
async function answerAmong(wait: () => Promise<void>): Promise<string[]> {
  const order: string[] = [];
  let answered: Promise<unknown> | undefined;
  await Promise.all(Array.from({ length: 20 }, async (_, i) => {
    await wait();
    if (i === 0) answered = stat(import.meta.dirname).then(() => order.push('answer'));
    spin(2);
    order.push(`caller ${i}`);
  }));
  await answered;
  return order;
}

describe('ownTurn', () => {
  it('lets callers through one per event-loop turn, in order, with I/O answered between two of them', async () => {
    const order = await answerAmong(ownTurn);
    expect(order.filter((e) => e !== 'answer')).toEqual(Array.from({ length: 20 }, (_, i) => `caller ${i}`));
    // Answered after the first caller's turn (a slow disk may take a turn or two longer), not after all twenty.
    expect(order.indexOf('answer')).toBeGreaterThanOrEqual(1);
    expect(order.indexOf('answer')).toBeLessThanOrEqual(3);
  });

  it('where callers yielding with setImmediate at once all run before the answer', async () => {
    const order = await answerAmong(() => new Promise<void>((resolve) => setImmediate(resolve)));
    expect(order.indexOf('answer')).toBe(20);
  });

  it('keeps giving turns to callers who ask again from inside their turn', async () => {
    const turns: number[] = [];
    await Promise.all([0, 1].map(async (who) => {
      for (let i = 0; i < 3; i++) {
        await ownTurn();
        turns.push(who);
      }
    }));
    expect(turns).toEqual([0, 1, 0, 1, 0, 1]);
  });
});
