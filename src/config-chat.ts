/**
 * The chat platforms' settings (Slack: one workspace or many through OAuth; Discord: token, application, shards),
 * read by `loadConfig` in src/config.ts. Apart so each platform's rules stay together and config.ts stays short.
 */
import { ConfigError } from './errors.js';
import { integer, list } from './config-values.js';

/**
 * Slack settings. With `botToken` the bot serves the one workspace the token belongs to; with `oauth` (and no
 * bot token) it serves every workspace that installs it through `/slack/install`. Socket Mode when `appToken`
 * is set, otherwise HTTP mode on `port` with `signingSecret`.
 */
export interface SlackConfig {
  botToken?: string;
  appToken?: string;
  signingSecret?: string;
  port: number;
  oauth?: SlackOAuthConfig;
  /** Slack's Web API base URL with the trailing `/api/` (`SLACK_API_URL`); undefined: Slack's own. */
  apiUrl?: string;
}

/** Multi-workspace mode: Bolt's built-in OAuth install flow and the encrypted installation store. */
export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state` parameter. */
  stateSecret: string;
  /** 32 bytes: encrypts installations (bot tokens) at rest with AES-256-GCM. */
  tokenEncryptionKey: Buffer;
  /** Socket Mode only: the port `/slack/install` and `/slack/oauth_redirect` are served on. Default 3000. */
  installPort: number;
}

const SLACK_OAUTH_VARIABLES = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'TOKEN_ENCRYPTION_KEY'] as const;

export function slackConfig(get: (name: string) => string | undefined): SlackConfig | undefined {
  const botToken = get('SLACK_BOT_TOKEN');
  const appToken = get('SLACK_APP_TOKEN');
  const signingSecret = get('SLACK_SIGNING_SECRET');
  const oauthSet = SLACK_OAUTH_VARIABLES.filter((name) => name !== 'TOKEN_ENCRYPTION_KEY' && get(name) !== undefined);
  if (botToken && oauthSet.length > 0) {
    throw new ConfigError(
      `SLACK_BOT_TOKEN and ${oauthSet[0]} are both set: use SLACK_BOT_TOKEN for one workspace, or the OAuth variables ` +
        `(${SLACK_OAUTH_VARIABLES.join(', ')}) without SLACK_BOT_TOKEN to serve many workspaces.`,
    );
  }
  if (!botToken && oauthSet.length === 0) {
    if (appToken || signingSecret) {
      throw new ConfigError(
        'SLACK_BOT_TOKEN is missing: Slack needs the bot token (xoxb-...) from "OAuth & Permissions", or, to serve many ' +
          `workspaces, ${SLACK_OAUTH_VARIABLES.join(', ')}.`,
      );
    }
    return undefined;
  }
  if (botToken && !botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN must be a bot token starting with "xoxb-".');
  if (appToken && !appToken.startsWith('xapp-')) throw new ConfigError('SLACK_APP_TOKEN must be an app-level token starting with "xapp-" (Socket Mode).');
  if (!appToken && !signingSecret) {
    throw new ConfigError('SLACK_SIGNING_SECRET is missing: set it for HTTP mode, or set SLACK_APP_TOKEN for Socket Mode.');
  }
  const port = integer('PORT', get('PORT') ?? '3000', 1, 65535);
  const apiUrl = slackApiUrl(get('SLACK_API_URL'));
  if (botToken) return { botToken, appToken, signingSecret, port, apiUrl };
  return { appToken, signingSecret, port, apiUrl, oauth: slackOAuthConfig(get) };
}

/** `SLACK_API_URL`: an http(s) URL ending in `/api/` (a trailing slash is added), or undefined. */
function slackApiUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const withSlash = value.endsWith('/') ? value : `${value}/`;
  let parsed: URL | undefined;
  try {
    parsed = new URL(withSlash);
  } catch {
    parsed = undefined;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || !parsed.pathname.endsWith('/api/')) {
    throw new ConfigError(`SLACK_API_URL must be an http(s) URL ending in /api/, like https://slack.com/api/, got "${value}".`);
  }
  return withSlash;
}

function slackOAuthConfig(get: (name: string) => string | undefined): SlackOAuthConfig {
  for (const name of SLACK_OAUTH_VARIABLES) {
    if (!get(name)) {
      throw new ConfigError(
        `${name} is missing: serving many Slack workspaces (OAuth) needs ${SLACK_OAUTH_VARIABLES.join(', ')}; ` +
          'for one workspace set SLACK_BOT_TOKEN instead.',
      );
    }
  }
  const stateSecret = get('SLACK_STATE_SECRET')!;
  if (stateSecret.length < 16) throw new ConfigError('SLACK_STATE_SECRET must be at least 16 characters (a random string, e.g. `openssl rand -hex 32`).');
  return {
    clientId: get('SLACK_CLIENT_ID')!,
    clientSecret: get('SLACK_CLIENT_SECRET')!,
    stateSecret,
    tokenEncryptionKey: encryptionKey('TOKEN_ENCRYPTION_KEY', get('TOKEN_ENCRYPTION_KEY')!),
    installPort: integer('SLACK_INSTALL_PORT', get('SLACK_INSTALL_PORT') ?? '3000', 1, 65535),
  };
}

/** A 32-byte key written as 64 hex digits or as base64 (44 characters). The message never repeats the value. */
function encryptionKey(name: string, value: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(value)
    ? Buffer.from(value, 'hex')
    : /^[A-Za-z0-9+/]{43}=?$/.test(value)
      ? Buffer.from(value, 'base64')
      : undefined;
  if (!key || key.length !== 32) {
    throw new ConfigError(`${name} must be 32 random bytes written as 64 hex digits or base64 (make one with \`openssl rand -base64 32\`).`);
  }
  return key;
}

/** Discord settings: the bot token, its application, an optional development server, and this instance's shards. */
export interface DiscordConfig {
  token: string;
  applicationId: string;
  guildId?: string;
  /** The gateway shards this instance runs. Undefined: every shard Discord recommends, all in this process. */
  shards?: DiscordShards;
}

/**
 * This instance runs gateway shards `ids` (ascending, 0 to `count - 1`) out of `count` over all instances. Discord
 * sends a server's events on shard `(guild_id >> 22) % count` only: instances with disjoint ids never share one.
 */
export interface DiscordShards {
  ids: number[];
  count: number;
}

/**
 * `DISCORD_SHARDS` (`auto`, or shard ids like `0,1`) and `DISCORD_SHARD_COUNT` (the total). Both unset or `auto`
 * without a count: undefined (every recommended shard here). `auto` with a count: all `count` shards here.
 */
function discordShards(shards: string | undefined, countText: string | undefined): DiscordShards | undefined {
  const count = countText === undefined ? undefined : integer('DISCORD_SHARD_COUNT', countText, 1, 10_000);
  if (shards === undefined || shards.toLowerCase() === 'auto') {
    return count === undefined ? undefined : { ids: Array.from({ length: count }, (_, id) => id), count };
  }
  const items = list(shards);
  if (items.length === 0 || items.some((item) => !/^\d+$/.test(item))) {
    throw new ConfigError(`DISCORD_SHARDS must be auto or shard ids separated by commas, like 0,1; got "${shards}".`);
  }
  if (count === undefined) {
    throw new ConfigError('DISCORD_SHARD_COUNT is missing: with DISCORD_SHARDS listing shard ids, set the total number of shards over all instances (the same on every instance).');
  }
  const ids = items.map(Number);
  const outside = ids.find((id) => id >= count);
  if (outside !== undefined) throw new ConfigError(`DISCORD_SHARDS: shard ${outside} does not exist; with DISCORD_SHARD_COUNT=${count} the ids are 0 to ${count - 1}.`);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new ConfigError(`DISCORD_SHARDS lists shard ${repeated} twice.`);
  return { ids: ids.sort((a, b) => a - b), count };
}

/** Discord settings from `DISCORD_*`; undefined when no token is set. */
export function discordConfig(get: (name: string) => string | undefined): DiscordConfig | undefined {
  const token = get('DISCORD_TOKEN');
  if (!token) return undefined;
  const applicationId = get('DISCORD_APPLICATION_ID');
  if (!applicationId || !/^\d{5,25}$/.test(applicationId)) {
    throw new ConfigError('DISCORD_APPLICATION_ID is missing or not a numeric id: copy it from the Developer Portal, "General Information".');
  }
  const guildId = get('DISCORD_GUILD_ID');
  if (guildId && !/^\d{5,25}$/.test(guildId)) throw new ConfigError('DISCORD_GUILD_ID must be a numeric server id.');
  return { token, applicationId, guildId, shards: discordShards(get('DISCORD_SHARDS'), get('DISCORD_SHARD_COUNT')) };
}
