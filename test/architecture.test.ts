import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
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
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)];
  return specifiers.map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]);
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

/** The file a relative specifier names: `./x.js` is `./x.ts` (or `./x/index.ts`); undefined when none exists. */
function resolveImport(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = normalize(join(dirname(file), spec));
  const stem = base.replace(/\.(js|ts|mjs)$/, '');
  for (const candidate of [`${stem}.ts`, join(stem, 'index.ts'), base]) {
    if (candidate.endsWith('.ts') && existsSync(join(ROOT, candidate))) return candidate;
  }
  return undefined;
}

/** Every import cycle of `graph` as a path `a -> b -> ... -> a` (each cycle found once, by DFS back edges). */
function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

describe('no import cycles', () => {
  it('finds a cycle in a small graph and prints its path', () => {
    const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []]]);
    expect(findCycles(graph).map((c) => c.join(' -> '))).toEqual(['a -> b -> c -> a']);
    expect(findCycles(new Map([['a', ['b']], ['b', []]]))).toEqual([]);
  });

  it('src/, commands/ and adapters/ import one another without a circle (type-only imports included)', () => {
    const files = [...sourceFiles('src'), ...sourceFiles('commands'), ...sourceFiles('adapters')];
    const graph = new Map<string, string[]>();
    for (const file of files) {
      const targets = importsOf(file).map((spec) => resolveImport(file, spec)).filter((t): t is string => t !== undefined);
      graph.set(file, [...new Set(targets)]);
    }
    expect(graph.size).toBeGreaterThan(20);
    expect([...graph.values()].flat().length).toBeGreaterThan(50);
    expect(findCycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });
});
