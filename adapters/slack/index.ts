/**
 * The Slack adapter's entry for the composition root: configuration in, a started adapter out (its `platform`
 * is what the digest posts through). Everything else in this folder is reached from here or from tests.
 */
import type { Config } from '../../src/config.js';
import type { Core } from '../../src/core.js';
import type { Logger } from '../../src/ports.js';
import { LogLevel } from '@slack/bolt';
import { startSlack, type SlackAdapter } from './slack-app.js';

export type { SlackAdapter } from './slack-app.js';
export { SlackStartError } from './slack-errors.js';

/**
 * Start the Slack adapter from the validated configuration: Socket Mode when `SLACK_APP_TOKEN` is set,
 * otherwise HTTP mode on `PORT`. Throws `SlackStartError` with a message for the person running the bot.
 */
export function startSlackFromConfig(slack: NonNullable<Config['slack']>, core: Core, logger: Logger, logLevel: Config['logLevel']): Promise<SlackAdapter> {
  return startSlack({
    core,
    botToken: slack.botToken,
    appToken: slack.appToken,
    signingSecret: slack.signingSecret,
    port: slack.port,
    logger,
    logLevel: logLevel === 'debug' ? LogLevel.DEBUG : LogLevel.WARN,
  });
}
