import Keyv from 'keyv';
import { describe, expect, it } from 'vitest';
import { keyvCodec } from '../../src/store/sqlite-codec.js';
import { StoreError } from '../../src/store/errors.js';
import { makePaper } from '../helpers/core-fixture.js';

const keyv = new Keyv();
const codec = keyvCodec(keyv);
/** keyv's own serialisation, as earlier versions of the store wrote it. */
const keyvText = async (value: unknown) => keyv.serialize!({ value, expires: undefined });
const keyvValue = async (text: string) => ((await keyv.deserialize!(text)) as { value: unknown }).value;

describe('the sqlite codec', () => {
  it("writes exactly keyv's text for every kind of value, and reads back keyv's value", async () => {
    const holes = [1, , 3];
    const tagged = Object.assign([1, 2], { extra: 'x' });
    const bare = Object.assign(Object.create(null) as object, { a: 1, b: ':x' });
    const values: unknown[] = [
      makePaper('2611.00001', 'A title: with a colon', 'An "abstract"\nwith\ttabs, \u00e9 and \ud83d\ude00.', { popularity: { upvotes: 2 } }),
      { a: 1, b: undefined, c: [null, true, false, -0, NaN, 1.5e300], d: { e: {} }, f: '' },
      ':starts with a colon',
      { list: ['ok', ':escaped', '::twice'], ':key': 'value' },
      ['a', [':b', [{ c: ':d' }]]],
      holes,
      tagged,
      bare,
      [undefined, () => 1],
      { f: () => 1, s: 'kept' },
      Buffer.from('bytes'),
      { when: new Date('2026-01-01T00:00:00Z'), map: new Map([[1, 2]]) },
      { toJSON: () => ':custom' },
      42,
      'plain',
      null,
      true,
    ];
    for (const value of values) {
      const text = await codec.encode('k', value);
      expect(text).toBe(await keyvText(value));
      expect(await codec.decode(text)).toEqual(await keyvValue(text));
    }
  });

  it('refuses what keyv cannot store, naming the key', async () => {
    const circular: Record<string, unknown> = { a: 1 };
    circular.self = circular;
    let nested: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) nested = { nested };
    const deep = await codec.encode('deep', nested);
    expect(deep).toBe(await keyvText(nested));
    expect(await codec.decode(deep)).toEqual(nested);
    const deepColon = await keyvText({ nested, colon: ':x' });
    expect(await codec.decode(deepColon)).toEqual({ nested, colon: ':x' });
    for (const value of [circular, { n: 10n }]) {
      const error = await codec.encode('bad', value).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as StoreError).kind).toBe('unserialisable');
      expect((error as Error).message).toContain('"bad"');
    }
  });
});
