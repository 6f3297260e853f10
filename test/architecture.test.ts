import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('dependency rule: adapters -> commands -> src', () => {
  const forbidden = (file: string, spec: string, layer: 'src' | 'commands') => {
    if (spec.startsWith('@slack/') || spec === 'discord.js' || spec.startsWith('@discordjs/')) return true;
    if (!spec.startsWith('.')) return false;
    const target = relative(ROOT, join(ROOT, file, '..', spec));
    if (target.startsWith('adapters')) return true;
    return layer === 'src' && target.startsWith('commands');
  };

  for (const layer of ['src', 'commands'] as const) {
    it(`${layer}/ imports no platform SDK and nothing from the layers above it`, () => {
      const files = sourceFiles(layer);
      expect(files.length).toBeGreaterThan(5);
      const violations = files.flatMap((file) => importsOf(file).filter((spec) => forbidden(file, spec, layer)).map((spec) => `${file} -> ${spec}`));
      expect(violations).toEqual([]);
    });
  }

  it('src/ reads process.env only in config.ts', () => {
    const readers = sourceFiles('src').filter((file) => /process\.env/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(readers).toEqual(['src/config.ts']);
  });

  it('only src/store imports keyv', () => {
    const all = [...sourceFiles('src'), ...sourceFiles('commands'), ...sourceFiles('adapters')];
    const users = all.filter((file) => importsOf(file).some((spec) => spec === 'keyv' || spec.startsWith('@keyv/')));
    expect(users.every((file) => file.startsWith('src/store/'))).toBe(true);
    expect(users.length).toBeGreaterThan(0);
  });
});
