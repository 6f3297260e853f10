/**
 * Serving many workspaces from one deployment: the Bolt options for its built-in OAuth (install page
 * `/slack/install`, redirect `/slack/oauth_redirect`, one-time states, the encrypted installation store), the
 * digests' token resolver (team id -> a Web API client with that workspace's bot token), and the listeners that
 * forget a workspace when it uninstalls the app or revokes the bot token.
 */
import { webApi, type App, type AppOptions } from '@slack/bolt';
import type { Core } from '../../../src/core.js';
import type { Logger } from '../../../src/ports.js';
import type { Store } from '../../../src/store/store.js';
import { BOT_SCOPES } from '../scopes.js';
import type { SlackClientResolver } from '../slack-platform.js';
import { createInstallationStore, type SlackInstallationStore } from './installation-store.js';
import { createOneTimeStateStore } from './state-store.js';

/** The OAuth settings (from SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_STATE_SECRET, TOKEN_ENCRYPTION_KEY). */
export interface SlackOAuthOptions {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** 32 bytes. */
  tokenEncryptionKey: Buffer;
  /** Socket Mode: where the install pages are served (SLACK_INSTALL_PORT); 0 picks a free port. Default 3000. */
  installPort?: number;
}

/** Bolt's OAuth options over the project's store. */
export function oauthAppOptions(
  store: Store,
  oauth: SlackOAuthOptions,
  socketMode: boolean,
  clientOptions: webApi.WebClientOptions,
): { options: Partial<AppOptions>; installations: SlackInstallationStore } {
  const installations = createInstallationStore(store, oauth.tokenEncryptionKey);
  const options: Partial<AppOptions> = {
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    stateSecret: oauth.stateSecret,
    scopes: BOT_SCOPES,
    installationStore: installations,
    installerOptions: {
      stateStore: createOneTimeStateStore(store, oauth.stateSecret),
      // The install page shows an "Add to Slack" button; the redirect is checked against the state cookie.
      directInstall: false,
      clientOptions,
      ...(socketMode ? { port: oauth.installPort ?? 3000 } : {}),
    },
  };
  return { options, installations };
}

/** Digests post with the bot token of the channel's workspace, read from its installation. */
export function installationClients(installations: SlackInstallationStore, clientOptions: webApi.WebClientOptions): SlackClientResolver {
  const clients = new Map<string, { token: string; client: webApi.WebClient }>();
  return async (teamId) => {
    const token = (await installations.findByTeam(teamId))?.bot?.token;
    if (!token) {
      clients.delete(teamId);
      return undefined;
    }
    const cached = clients.get(teamId);
    if (cached?.token === token) return cached.client;
    const client = new webApi.WebClient(token, clientOptions);
    clients.set(teamId, { token, client });
    return client;
  };
}

interface LifecycleBody {
  team_id?: string;
  enterprise_id?: string;
  authorizations?: { is_enterprise_install?: boolean }[];
}

/**
 * `app_uninstalled`, and `tokens_revoked` for the bot token: delete the workspace's installation and every
 * record of it (`forgetWorkspace`). Bolt delivers both events without looking up an installation.
 */
export function registerLifecycleListeners(app: App, core: Core, logger: Logger, installations?: SlackInstallationStore): void {
  const forget = async (body: LifecycleBody, why: string) => {
    const teamId = body.team_id;
    try {
      if (body.authorizations?.[0]?.is_enterprise_install && body.enterprise_id && installations) {
        await installations.deleteInstallation({ enterpriseId: body.enterprise_id, teamId: undefined, isEnterpriseInstall: true });
        logger.info('slack: org-wide installation removed', { enterprise: body.enterprise_id, why });
      }
      if (!teamId) return;
      const result = await core.forgetWorkspace('slack', teamId);
      logger.info('slack: forgot a workspace', { team: teamId, why, deleted: result.deleted, purged: result.purged });
    } catch (error) {
      logger.error('slack: could not forget a workspace', { team: teamId, why, error });
    }
  };
  app.event('app_uninstalled', async ({ body }) => forget(body as LifecycleBody, 'app_uninstalled'));
  app.event('tokens_revoked', async ({ event, body }) => {
    // Only the bot token matters: the app asks for no user tokens.
    if ((event.tokens.bot ?? []).length > 0) await forget(body as LifecycleBody, 'tokens_revoked');
  });
}
