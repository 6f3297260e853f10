import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults with an empty environment: the console on the default sqlite file', () => {
    const config = loadConfig({});
    expect(config.storeUrl).toBe('sqlite://data/paperboy.sqlite');
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.defaultTimezone).toBe('UTC');
    expect(config.sources).toEqual(['arxiv-api', 'arxiv-rss', 'hf-daily']);
    expect(config.leaseMs).toBe(60_000);
    expect(config.paperSyncIntervalMs).toBe(30_000);
  });

  it('treats empty values as unset, as in a copied .env.example', () => {
    expect(loadConfig({ SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '  ', PORT: '' }).slack).toBeUndefined();
  });

  it.each([
    [{ SLACK_BOT_TOKEN: 'xoxp-123', SLACK_SIGNING_SECRET: 's' }, /SLACK_BOT_TOKEN must be a bot token/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /SLACK_SIGNING_SECRET is missing/],
    [{ SLACK_APP_TOKEN: 'xapp-1' }, /SLACK_BOT_TOKEN is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xoxb-2' }, /SLACK_APP_TOKEN must be an app-level token/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '99999' }, /PORT must be a whole number/],
    [{ DISCORD_TOKEN: 'abc' }, /DISCORD_APPLICATION_ID is missing/],
    [{ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: '123456', DISCORD_GUILD_ID: 'guild' }, /DISCORD_GUILD_ID must be a numeric/],
    [{ DEFAULT_TIMEZONE: 'Mars/Olympus' }, /DEFAULT_TIMEZONE/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ SOURCES: 'arxiv-api,twitter' }, /SOURCES: "twitter"/],
    [{ ARXIV_CATEGORIES: 'cs.CL, not a category' }, /ARXIV_CATEGORIES/],
    [{ ARXIV_API_URL: 'ftp://x' }, /ARXIV_API_URL/],
    [{ FETCH_TIMEOUT_MS: '5s' }, /FETCH_TIMEOUT_MS/],
    [{ INGEST_CRON: 'every day' }, /INGEST_CRON: "every day" is not a cron expression/],
    [{ DIGEST_CRON: '61 * * * *' }, /DIGEST_CRON/],
    [{ LEASE_MS: '500' }, /LEASE_MS must be a whole number/],
    [{ LEASE_MS: '1e4' }, /LEASE_MS must be a whole number from 1000 to 3600000, got "1e4"/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', PORT: '0x50' }, /PORT must be a whole number/],
    [{ PAPER_SYNC_INTERVAL_MS: '30s' }, /PAPER_SYNC_INTERVAL_MS must be a whole number/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/' }, /SLACK_API_URL must be an http\(s\) URL ending in \/api\//],
  ])('names the bad variable: %o', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the lease length, the paper sync interval and the Slack API address', () => {
    const config = loadConfig({ LEASE_MS: '4000', PAPER_SYNC_INTERVAL_MS: '2000', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect([config.leaseMs, config.paperSyncIntervalMs, config.slack?.apiUrl]).toEqual([4000, 2000, 'http://127.0.0.1:9/api/']);
  });

  it('turns every source off with SOURCES=none', () => {
    expect(loadConfig({ SOURCES: 'none' }).sources).toEqual([]);
  });

  it('reads Slack socket mode and Discord settings', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '123456789' });
    expect(config.slack).toEqual({ botToken: 'xoxb-1', appToken: 'xapp-1', signingSecret: undefined, port: 3000 });
    expect(config.discord).toEqual({ token: 't', applicationId: '123456789', guildId: undefined });
  });
});
