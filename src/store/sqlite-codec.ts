/**
 * How the sqlite backend turns values into the text of keyv's `value` column and back: keyv's own serialisation
 * (`{"value":...}`, strings starting with ':' escaped, Buffers as ':base64:...'), so files written by earlier
 * versions, or by keyv itself, read the same. Plain JSON data, which is nearly every value, takes a shortcut each
 * way that gives exactly keyv's text and value in a fraction of its time and garbage.
 */
import type Keyv from 'keyv';
import { unserialisableError } from './errors.js';

/** Encodes values for the `value` column and decodes them back. */
export interface Codec {
  /** The stored text of `value` under `key`; throws a `StoreError` ('unserialisable') when it cannot be stored. */
  encode(key: string, value: unknown): Promise<string>;
  decode(text: string): Promise<unknown>;
  /** True when `value` is plain JSON data, which `encodePlain` encodes (and which never fails to encode). */
  isPlain(value: unknown): boolean;
  /** The stored text of a value `isPlain` accepted, the same as `encode` gives. */
  encodePlain(value: unknown): string;
}

/** keyv's serialisation, with the plain-JSON shortcuts. */
export function keyvCodec(keyv: Keyv): Codec {
  return {
    encode: async (key, value) => {
      try {
        // The same text keyv writes, in a fraction of its time and garbage when the value is plain JSON data.
        return isPlainData(value, 0) ? JSON.stringify({ value }) : await keyv.serialize!({ value, expires: undefined });
      } catch (error) {
        throw unserialisableError(key, error);
      }
    },
    isPlain: (value) => isPlainData(value, 0),
    encodePlain: (value) => JSON.stringify({ value }),
    decode: async (text) => {
      // keyv's deserializer undoes its escapes with a JSON.parse reviver, several times slower than a plain parse;
      // a plain parse gives the same value unless some string in it starts with ':' (escaped, or a Buffer).
      const plain = JSON.parse(text) as { value: unknown } | undefined;
      const data = hasColonString(plain, 0) ? ((await keyv.deserialize!(text)) as { value: unknown } | undefined) : plain;
      return data?.value;
    },
  };
}

/** True when a string in the parsed `value` starts with ':' (or it is nested too deep to tell). */
function hasColonString(value: unknown, depth: number): boolean {
  if (typeof value === 'string') return value.charCodeAt(0) === 58;
  if (value === null || typeof value !== 'object') return false;
  if (depth > PLAIN_DEPTH) return true;
  if (Array.isArray(value)) return value.some((item) => hasColonString(item, depth + 1));
  for (const key in value) if (hasColonString((value as Record<string, unknown>)[key], depth + 1)) return true;
  return false;
}

/** Deeper values are left to keyv's serializer (which also fails on circular ones as before). */
const PLAIN_DEPTH = 32;

/**
 * True when `JSON.stringify` writes `value` exactly as keyv's serializer does: nulls, booleans, numbers, strings
 * that do not start with ':' (keyv escapes those), dense arrays with nothing else on them, and plain objects
 * without `toJSON` whose values are all of these (or undefined, which both leave out). Buffers, dates, class
 * instances, functions, symbols and BigInts go to keyv's serializer.
 */
function isPlainData(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'boolean':
    case 'number':
      return true;
    case 'string':
      return value.charCodeAt(0) !== 58;
    case 'object':
      break;
    default:
      return false;
  }
  if (value === null) return true;
  if (depth > PLAIN_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || Object.keys(value).length !== value.length) return false;
    for (const item of value) if (!isPlainData(item, depth + 1)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const record = value as Record<string, unknown>;
  if ('toJSON' in record) return false;
  for (const key of Object.keys(record)) if (record[key] !== undefined && !isPlainData(record[key], depth + 1)) return false;
  return true;
}
