/**
 * The Slack adapter's entry for the registry: enabled by `SLACK_BOT_TOKEN` (one workspace) or by the OAuth
 * variables (`SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`, `SLACK_STATE_SECRET`, `TOKEN_ENCRYPTION_KEY`: every
 * workspace that installs the app), started from the validated configuration (Socket Mode when `SLACK_APP_TOKEN`
 * is set, otherwise HTTP mode on `PORT`). Everything else in this folder is reached from here or from tests.
 */
import { LogLevel } from '@slack/bolt';
import { AdapterStartError, type ChatAdapter } from '../chat-adapter.js';
import { startSlack, type SlackAdapter } from './slack-app.js';

export type { SlackAdapter } from './slack-app.js';

/** Slack as a chat adapter. `start` throws `AdapterStartError` with a message for the person running the bot. */
export const slackAdapter: ChatAdapter<SlackAdapter> = {
  name: 'slack',
  enabled: (config) => config.slack !== undefined,
  start({ core, store, config, logger }) {
    const slack = config.slack;
    if (!slack) return Promise.reject(new AdapterStartError('SLACK_BOT_TOKEN is not set.', 'SLACK_BOT_TOKEN'));
    return startSlack({
      core,
      store,
      botToken: slack.botToken,
      oauth: slack.oauth,
      appToken: slack.appToken,
      signingSecret: slack.signingSecret,
      port: slack.port,
      slackApiUrl: slack.apiUrl,
      logger,
      logLevel: config.logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.WARN,
    });
  },
};
