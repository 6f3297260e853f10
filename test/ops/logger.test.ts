import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, scrubText, secretsFrom } from '../../adapters/logger.js';
import { createMemoryLogger } from '../../src/ports.js';

function capture(options: Partial<Parameters<typeof createLogger>[0]> = {}) {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  const logger = createLogger({ level: 'info', format: 'json', stream, ...options });
  const lines = () => chunks.join('').split('\n').filter(Boolean);
  return { logger, lines, json: () => lines().map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const ENV = {
  SLACK_BOT_TOKEN: 'xoxb-1111-2222-abcdefSECRET',
  SLACK_APP_TOKEN: 'xapp-1-A111-222-appSECRET',
  SLACK_SIGNING_SECRET: 'signing-secret-value-123',
  DISCORD_TOKEN: 'discord-token-value-456',
  SLACK_CLIENT_SECRET: 'client-secret-789',
  SLACK_STATE_SECRET: 'state-secret-abc',
  TOKEN_ENCRYPTION_KEY: 'encryption-key-def',
  STORE_URL: 'postgres://paperboy:pg-password-1@db:5432/paperboy',
};

describe('the pino logger', () => {
  it('writes one JSON line per event with level, time, message and context fields', async () => {
    const { logger, json } = capture();
    logger.info('digest posted', { platform: 'slack', workspace: 'T1', channel: 'C1', run: 'r-7', posted: 3 });
    await new Promise((r) => setImmediate(r));
    const [line] = json();
    expect(line).toMatchObject({ level: 'info', msg: 'digest posted', platform: 'slack', workspace: 'T1', channel: 'C1', run: 'r-7', posted: 3 });
    expect(new Date(line.time as string).toString()).not.toBe('Invalid Date');
  });

  it('keeps debug lines only at LOG_LEVEL=debug', async () => {
    const quiet = capture({ level: 'info' });
    quiet.logger.debug('hidden');
    const loud = capture({ level: 'debug' });
    loud.logger.debug('shown', { n: 1 });
    await new Promise((r) => setImmediate(r));
    expect(quiet.lines()).toEqual([]);
    expect(loud.json()[0]).toMatchObject({ level: 'debug', msg: 'shown', n: 1 });
  });

  it('never writes a configured secret or a token-shaped string, in messages, fields, nested fields or errors', async () => {
    const secrets = secretsFrom(ENV);
    const { logger, lines } = capture({ secrets, level: 'debug' });
    const error = new Error(`auth failed for ${ENV.SLACK_BOT_TOKEN}`);
    logger.error(`cannot start with ${ENV.SLACK_APP_TOKEN} and ${ENV.DISCORD_TOKEN}`, {
      error,
      token: 'abc-plain-token',
      slack: { botToken: ENV.SLACK_BOT_TOKEN, signingSecret: ENV.SLACK_SIGNING_SECRET, note: `client ${ENV.SLACK_CLIENT_SECRET}` },
      list: [ENV.SLACK_STATE_SECRET, { deep: { deeper: ENV.TOKEN_ENCRYPTION_KEY } }],
      url: ENV.STORE_URL,
      other: 'xoxp-9999-8888-user-token and xoxe-1-refresh',
    });
    logger.debug('header', { headers: { authorization: 'Bearer xyz-secret-bearer' } });
    await new Promise((r) => setImmediate(r));
    const text = lines().join('\n');
    for (const value of [...Object.values(ENV).filter((v) => !v.startsWith('postgres')), 'pg-password-1', 'abc-plain-token', 'xoxp-9999', 'xoxe-1-refresh', 'xyz-secret-bearer']) {
      expect(text).not.toContain(value);
    }
    expect(text).toContain('[redacted]');
    expect(text).toContain('auth failed for');
    expect(text).toContain('"stack"');
  });

  it('pretty format: a readable line, secrets scrubbed too', async () => {
    const { logger, lines } = capture({ format: 'pretty', secrets: secretsFrom(ENV) });
    logger.warn(`paper source unreachable ${ENV.DISCORD_TOKEN}`, { source: 'arxiv-api' });
    await new Promise((r) => setTimeout(r, 20));
    const text = lines().join('\n');
    expect(text).toMatch(/WARN/);
    expect(text).toContain('paper source unreachable [redacted]');
    expect(text).toContain('arxiv-api');
    expect(text).not.toContain(ENV.DISCORD_TOKEN);
  });

  it('scrubText ignores secrets too short to scrub safely', () => {
    expect(secretsFrom({ SLACK_SIGNING_SECRET: 'a' })).toEqual([]);
    expect(scrubText('a plain line', secretsFrom({ SLACK_SIGNING_SECRET: 'a' }))).toBe('a plain line');
  });

  it('the memory logger still records every level, debug included', () => {
    const memory = createMemoryLogger();
    memory.debug?.('d', { x: 1 });
    memory.info('i');
    expect(memory.lines).toEqual(['debug d {"x":1}', 'info i']);
  });
});
