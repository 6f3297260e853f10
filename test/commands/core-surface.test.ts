/**
 * Commands speak to the core only through its declared surface (`Core` in src/core-types.ts), never to the
 * repositories or the index behind it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const COMMANDS_DIR = fileURLToPath(new URL('../../commands/', import.meta.url));

describe('commands and the core', () => {
  it('never reach past the Core surface into repositories or the index', async () => {
    const offending: string[] = [];
    for (const name of await readdir(COMMANDS_DIR, { recursive: true })) {
      if (!name.endsWith('.ts')) continue;
      const text = await readFile(join(COMMANDS_DIR, name), 'utf8');
      for (const match of text.matchAll(/core\.(papers|store|votes|channels|posted)\b/g)) offending.push(`${name}: ${match[0]}`);
    }
    expect(offending).toEqual([]);
  });
});
