/**
 * The bot side of the burst probe, in a process of its own as a deployed bot runs: the real Slack app (HTTP mode)
 * and the real discord.js client on a real core on sqlite, pointed at the fakes the burst peer runs. The
 * benchmark's own process has run thousands of fuzzed commands and dozens of crash trials by the time the burst
 * comes; their garbage and leftovers are not the bot's.
 *
 * Spoken to over IPC by burst.ts: told `{ slackApiUrl, discordApiUrl }`, it starts both adapters and answers
 * `{ eventsUrl }`; `{ stop: true }` stops them, closes the store and exits.
 */
import { startSlack } from '../../adapters/slack/slack-app.js';
import { startDiscord } from '../../adapters/discord/index.js';
import { createCoreFixture } from '../../test/helpers/core-fixture.js';
import { SIGNING_SECRET } from '../../test/adapters/slack/harness.js';
import { BOT_TOKEN } from '../../test/adapters/slack/fake-slack.js';
import { GOOD_TOKEN } from '../../test/adapters/discord/fake-discord.js';
import { APPLICATION_ID } from '../../test/adapters/discord/fake-payloads.js';

export interface BotStart {
  slackApiUrl: string;
  discordApiUrl: string;
}

async function start(urls: BotStart): Promise<() => Promise<void>> {
  const fixture = await createCoreFixture();
  const slack = await startSlack({ core: fixture.core, botToken: BOT_TOKEN, signingSecret: SIGNING_SECRET, port: 0, host: '127.0.0.1', slackApiUrl: urls.slackApiUrl, retryConfig: { retries: 0 } });
  const discord = await startDiscord({ core: fixture.core, logger: fixture.logger, config: { token: GOOD_TOKEN, applicationId: APPLICATION_ID }, restApi: urls.discordApiUrl, readyTimeoutMs: 10_000 });
  process.send!({ eventsUrl: `http://127.0.0.1:${slack.port}/slack/events` });
  return async () => {
    await discord.stop();
    await slack.stop();
    await fixture.close();
  };
}

let stop: (() => Promise<void>) | undefined;
process.on('message', (message: BotStart | { stop: true }) => {
  if ('stop' in message) {
    void (stop?.() ?? Promise.resolve()).finally(() => process.exit(0));
    return;
  }
  start(message).then(
    (stopBot) => (stop = stopBot),
    (error: unknown) => {
      process.stderr.write(`burst bot failed to start: ${(error as Error)?.stack ?? error}\n`);
      process.exit(1);
    },
  );
});
