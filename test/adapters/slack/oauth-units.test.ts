/**
 * The pieces of OAuth distribution on their own: sealing (AES-256-GCM), the configuration of both Slack modes,
 * the adapter's enabling, the list of collections a workspace is forgotten from, and Socket Mode's installer port.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../../adapters/slack/oauth/token-crypto.js';
import { redactTokens } from '../../../adapters/slack/oauth/redact.js';
import { slackAdapter } from '../../../adapters/slack/index.js';
import { loadConfig } from '../../../src/config.js';
import { SHARED_COLLECTIONS, WORKSPACE_COLLECTIONS, forgetWorkspace } from '../../../src/workspaces/forget-workspace.js';
import { createMemoryStore } from '../../../src/store/store.js';
import { ALPHA, install, startOAuthHarness } from './oauth-harness.js';

describe('sealing tokens (AES-256-GCM)', () => {
  const key = randomBytes(32);

  it('opens what it sealed, with a fresh IV every time', () => {
    const a = seal(key, 'xoxb-secret', 'slack:T1:');
    const b = seal(key, 'xoxb-secret', 'slack:T1:');
    expect(a).not.toBe(b);
    expect(a).not.toContain('xoxb-secret');
    expect(open(key, a, 'slack:T1:')).toBe('xoxb-secret');
  });

  it('refuses a changed byte, another key, or another record\'s key (context)', () => {
    const sealed = seal(key, 'xoxb-secret', 'slack:T1:');
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => open(key, `v1:${bytes.toString('base64')}`, 'slack:T1:')).toThrow(/integrity/);
    expect(() => open(randomBytes(32), sealed, 'slack:T1:')).toThrow(/integrity/);
    expect(() => open(key, sealed, 'slack:T2:')).toThrow(/integrity/);
    expect(() => seal(randomBytes(16), 'x', 'c')).toThrow(/32 bytes/);
  });
});

describe('redacting logs', () => {
  it('hides Slack tokens, client_secret values and given secrets', () => {
    const line = redactTokens('token xoxb-123-abc body {"client_secret":"s3cr3t-value"} and my-state-secret-1', ['my-state-secret-1']);
    expect(line).toBe('token xoxb-[redacted] body {"client_secret":"[redacted]"} and [redacted]');
  });
});

const OAUTH_ENV = {
  SLACK_CLIENT_ID: '1111.2222',
  SLACK_CLIENT_SECRET: 'client-secret',
  SLACK_STATE_SECRET: 'state-secret-0123456789',
  SLACK_SIGNING_SECRET: 'signing',
  TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};

describe('configuration of Slack OAuth', () => {
  it('reads multi-workspace mode from the OAuth variables, the key as base64 or hex', () => {
    const config = loadConfig(OAUTH_ENV);
    expect(config.slack?.botToken).toBeUndefined();
    expect(config.slack?.oauth).toMatchObject({ clientId: '1111.2222', clientSecret: 'client-secret', installPort: 3000 });
    expect(config.slack?.oauth?.tokenEncryptionKey).toHaveLength(32);
    const hex = loadConfig({ ...OAUTH_ENV, TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('hex'), SLACK_INSTALL_PORT: '3100' });
    expect(hex.slack?.oauth?.tokenEncryptionKey).toHaveLength(32);
    expect(hex.slack?.oauth?.installPort).toBe(3100);
    expect(slackAdapter.enabled(config)).toBe(true);
    expect(slackAdapter.enabled(loadConfig({}))).toBe(false);
  });

  it.each([
    [{ TOKEN_ENCRYPTION_KEY: undefined }, /^TOKEN_ENCRYPTION_KEY is missing/],
    [{ TOKEN_ENCRYPTION_KEY: 'too-short' }, /^TOKEN_ENCRYPTION_KEY must be 32 random bytes/],
    [{ TOKEN_ENCRYPTION_KEY: randomBytes(16).toString('base64') }, /^TOKEN_ENCRYPTION_KEY must be 32 random bytes/],
    [{ SLACK_CLIENT_SECRET: undefined }, /^SLACK_CLIENT_SECRET is missing/],
    [{ SLACK_STATE_SECRET: undefined }, /^SLACK_STATE_SECRET is missing/],
    [{ SLACK_STATE_SECRET: 'short' }, /^SLACK_STATE_SECRET must be at least 16/],
    [{ SLACK_SIGNING_SECRET: undefined }, /^SLACK_SIGNING_SECRET is missing/],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, /^SLACK_BOT_TOKEN and SLACK_CLIENT_ID are both set/],
    [{ SLACK_INSTALL_PORT: '0' }, /^SLACK_INSTALL_PORT must be a whole number/],
  ])('names the variable: %o', (change, message) => {
    expect(() => loadConfig({ ...OAUTH_ENV, ...change })).toThrow(message);
  });

  it('never repeats a bad key in its message', () => {
    expect(() => loadConfig({ ...OAUTH_ENV, TOKEN_ENCRYPTION_KEY: 'do-not-echo-me' })).toThrow(expect.objectContaining({ message: expect.not.stringContaining('do-not-echo-me') }));
  });

  it('Socket Mode needs no signing secret', () => {
    expect(loadConfig({ ...OAUTH_ENV, SLACK_SIGNING_SECRET: undefined, SLACK_APP_TOKEN: 'xapp-1' }).slack?.appToken).toBe('xapp-1');
  });
});

/** The `.ts` files under `dir` with their text. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [readFileSync(path, 'utf8')] : [];
  });
}

/**
 * Every collection name in src/: `collection<...>('name')`, or `collection<...>(NAME)` with `const NAME = 'name'`
 * declared in src/. A constant that cannot be resolved is returned as `?NAME`, so it fails the check below.
 */
function collectionsInSource(dir: string): string[] {
  const texts = sourceFiles(dir);
  const constants = new Map<string, string>();
  for (const text of texts) for (const m of text.matchAll(/const ([A-Z][A-Z_]*) = '([^']+)'/g)) constants.set(m[1], m[2]);
  const names: string[] = [];
  for (const text of texts) {
    for (const m of text.matchAll(/collection<[^>]*>\((?:'([^']+)'|([A-Z][A-Z_]*))\)/g)) names.push(m[1] ?? constants.get(m[2]) ?? `?${m[2]}`);
  }
  return names;
}

describe('forgetWorkspace', () => {
  it('knows every collection in src/: each holds workspace data or is shared', () => {
    const known = new Set<string>([...WORKSPACE_COLLECTIONS, ...SHARED_COLLECTIONS]);
    const found = collectionsInSource(new URL('../../../src', import.meta.url).pathname);
    expect(found.length).toBeGreaterThan(5);
    expect(found.filter((name) => !known.has(name))).toEqual([]);
  });

  it('deletes by the exact workspace prefix: T1 does not take T12 with it', async () => {
    const store = createMemoryStore();
    await store.collection('channel').set('slack:T1:C1', 1);
    await store.collection('channel').set('slack:T12:C1', 2);
    await store.collection('slackinstall').set('slack:T1:', 3);
    await store.collection('channel').set('discord:T1:C1', 4);
    expect(await forgetWorkspace(store, 'slack', 'T1')).toEqual({ deleted: 2, purged: true });
    expect((await store.collection('channel').entries()).map(([k]) => k)).toEqual(['discord:T1:C1', 'slack:T12:C1']);
    await expect(forgetWorkspace(store, 'slack', '')).rejects.toThrow(/Not a workspace id/);
  });
});

describe('Socket Mode with OAuth', () => {
  it('serves /slack/install and /slack/oauth_redirect on the installer port and answers commands over the socket', async () => {
    const h = await startOAuthHarness({ socketMode: true });
    try {
      expect(h.slack.mode).toBe('socket');
      expect(h.slack.installPort).toBeGreaterThan(0);
      expect((await install(h, ALPHA)).status).toBe(200);
      expect((await h.slack.installations!.findByTeam(ALPHA.teamId))?.bot?.token).toBe(ALPHA.token);
      await h.fake.sendEnvelope('slash_commands', {
        team_id: ALPHA.teamId, channel_id: 'C0PAPERS', user_id: 'UALICE', command: '/papers', text: 'follow reasoning',
        api_app_id: 'A0APP', is_enterprise_install: 'false', response_url: h.fake.responseUrl('socket'), trigger_id: '1.2.3',
      });
      await h.fake.waitFor(() => h.fake.callsOf('conversations.join').length > 0);
      expect(h.fake.callsOf('conversations.join')[0].token).toBe(ALPHA.token);
    } finally {
      await h.close();
    }
  });
});
