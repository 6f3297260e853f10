/**
 * The compose recipes, checked without Docker: each file is parsed as Compose reads it (YAML with merge keys,
 * `${NAME:-default}` interpolated), and every bot service's environment goes through the bot's own `loadConfig`.
 * - compose.yaml: one bot on sqlite, started by a plain `docker compose up` (no profiles, so nothing else starts
 *   beside it with the same chat tokens and another store).
 * - compose.postgres.yaml: every bot on the Postgres service (waiting for its health check, with the database's
 *   user, password and name), and the Discord shards split so each runs on exactly one instance.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Service {
  build?: unknown;
  image?: string;
  profiles?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

/** Compose's `${NAME:-default}` and `${NAME}` from `vars`. */
function interpolate(text: string, vars: Record<string, string>): string {
  return text.replace(/\$\{(\w+)(?::-([^}]*))?\}/g, (_, name: string, fallback?: string) => vars[name] || fallback || '');
}

function services(file: string, vars: Record<string, string> = {}): Record<string, Service> {
  const text = interpolate(readFileSync(`${ROOT}/${file}`, 'utf8'), vars);
  return (parse(text, { merge: true }) as { services: Record<string, Service> }).services;
}

/** The services that run the bot (built from this repository). */
function bots(all: Record<string, Service>): [string, Service][] {
  return Object.entries(all).filter(([, service]) => service.build !== undefined);
}

/** A bot's settings as it would read them, with Discord connected (so its shard settings are parsed). */
function botConfig(service: Service) {
  return loadConfig({ ...service.environment, DISCORD_TOKEN: 'token', DISCORD_APPLICATION_ID: '123456789012345678' });
}

/** The host ports a service publishes. */
function hostPorts(service: Service): string[] {
  return (service.ports ?? []).map((port) => port.split(':').slice(0, -1).join(':'));
}

describe('compose.yaml', () => {
  const all = services('compose.yaml');

  it('starts one bot on a sqlite file in a volume, and nothing that needs a profile', () => {
    expect(bots(all)).toHaveLength(1);
    expect(Object.values(all).every((service) => service.profiles === undefined)).toBe(true);
    const [, bot] = bots(all)[0];
    expect(botConfig(bot).storeUrl).toBe('sqlite:///app/data/paperboy.sqlite');
    expect(botConfig(bot).healthPort).toBe(8080);
    expect(hostPorts(bot)).toEqual(['127.0.0.1:8080']);
  });
});

describe('compose.postgres.yaml', () => {
  const all = services('compose.postgres.yaml', { POSTGRES_PASSWORD: 's3cret' });
  const instances = bots(all);

  it('runs several bots, every one on the Postgres service once it is healthy', () => {
    expect(instances.length).toBeGreaterThanOrEqual(2);
    const database = all.postgres;
    expect(database.healthcheck).toBeDefined();
    expect(database.environment).toMatchObject({ POSTGRES_USER: 'paperboy', POSTGRES_PASSWORD: 's3cret', POSTGRES_DB: 'paperboy' });
    for (const [, bot] of instances) {
      expect(botConfig(bot).storeUrl).toBe('postgres://paperboy:s3cret@postgres:5432/paperboy');
      expect(bot.depends_on?.postgres?.condition).toBe('service_healthy');
    }
  });

  it('runs each Discord shard on exactly one instance, all with the same shard count', () => {
    const shards = instances.map(([name, bot]) => {
      const config = botConfig(bot).discord?.shards;
      if (!config) throw new Error(`${name} runs every shard: give it DISCORD_SHARDS and DISCORD_SHARD_COUNT`);
      return config;
    });
    const count = shards[0].count;
    expect(shards.every((s) => s.count === count)).toBe(true);
    const ids = shards.flatMap((s) => s.ids).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: count }, (_, id) => id));
  });

  it('publishes each instance health server on its own host port', () => {
    const ports = instances.flatMap(([, bot]) => hostPorts(bot));
    expect(ports).toHaveLength(instances.length);
    expect(new Set(ports).size).toBe(ports.length);
    for (const [, bot] of instances) expect(botConfig(bot).healthPort).toBe(8080);
  });
});
