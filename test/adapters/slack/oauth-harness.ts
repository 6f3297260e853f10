/**
 * Test harness for OAuth distribution: a real core on sqlite, the fake Slack knowing two workspaces, and the real
 * Bolt app with its built-in OAuth (HTTP mode, or Socket Mode with the installer port), plus a helper that goes
 * through `/slack/install` -> `/slack/oauth_redirect` the way a browser does (state cookie and `state` param).
 */
import { randomBytes } from 'node:crypto';
import { LogLevel } from '@slack/bolt';
import { startSlack, type SlackAdapter } from '../../../adapters/slack/slack-app.js';
import { createCoreFixture, type CoreFixture } from '../../helpers/core-fixture.js';
import { APP_TOKEN, CLIENT_ID, CLIENT_SECRET, FakeSlack, type FakeWorkspace } from './fake-slack.js';
import { SIGNING_SECRET } from './harness.js';

export const ALPHA: FakeWorkspace = {
  teamId: 'T0ALPHA77', teamName: 'Alpha Lab', botUserId: 'UBOTALPHA', botId: 'BBOTALPHA', token: 'xoxb-alpha-7f3c9e1d2b4a', code: 'code-alpha',
};
export const BRAVO: FakeWorkspace = {
  teamId: 'T0BRAVO88', teamName: 'Bravo Group', botUserId: 'UBOTBRAVO', botId: 'BBOTBRAVO', token: 'xoxb-bravo-0a9b8c7d6e5f', code: 'code-bravo',
};
export const STATE_SECRET = 'test-state-secret-0123456789';

export interface OAuthHarness {
  fixture: CoreFixture;
  fake: FakeSlack;
  slack: SlackAdapter;
  /** Where `/slack/install` and `/slack/oauth_redirect` are served. */
  baseUrl: string;
  /** `/slack/events` (HTTP mode). */
  eventsUrl: string;
  close(): Promise<void>;
}

/** Start the fake (with ALPHA and BRAVO able to install), then the app in OAuth mode against it. */
export async function startOAuthHarness(options: { socketMode?: boolean } = {}): Promise<OAuthHarness> {
  const fixture = await createCoreFixture();
  const fake = await new FakeSlack().start();
  fake.addWorkspace(ALPHA);
  fake.addWorkspace(BRAVO);
  const slack = await startSlack({
    core: fixture.core,
    store: fixture.store,
    oauth: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, stateSecret: STATE_SECRET, tokenEncryptionKey: randomBytes(32), installPort: 0 },
    ...(options.socketMode ? { appToken: APP_TOKEN } : { signingSecret: SIGNING_SECRET }),
    port: 0,
    host: '127.0.0.1',
    slackApiUrl: fake.apiUrl,
    retryConfig: { retries: 0 },
    wait: async () => undefined,
    logger: fixture.logger,
    // Bolt's debug lines are captured too, so the test can check that no token reaches any of them.
    logLevel: LogLevel.DEBUG,
  });
  const port = options.socketMode ? slack.installPort : slack.port;
  return {
    fixture,
    fake,
    slack,
    baseUrl: `http://127.0.0.1:${port}`,
    eventsUrl: `http://127.0.0.1:${slack.port}/slack/events`,
    close: async () => {
      await slack.stop();
      await fake.stop();
      await fixture.close();
    },
  };
}

/** What `/slack/install` gave the browser: the state cookie and the `state` in the "Add to Slack" link. */
export interface InstallStart {
  cookie: string;
  state: string;
  html: string;
}

/** Open the install page as a browser would. */
export async function openInstallPage(h: OAuthHarness): Promise<InstallStart> {
  const response = await fetch(`${h.baseUrl}/slack/install`, { redirect: 'manual' });
  if (response.status !== 200) throw new Error(`/slack/install answered ${response.status}`);
  const html = await response.text();
  const cookie = (response.headers.getSetCookie()[0] ?? '').split(';')[0];
  const state = decodeURIComponent(/[?&;]state=([^&"]+)/.exec(html)?.[1] ?? '');
  return { cookie, state, html };
}

/** Come back from Slack's consent screen to `/slack/oauth_redirect` with `code`, `state` and the cookie. */
export function redirectBack(h: OAuthHarness, code: string, state: string, cookie: string): Promise<Response> {
  const url = `${h.baseUrl}/slack/oauth_redirect?code=${encodeURIComponent(code)}&state=${encodeURIComponent(state)}`;
  return fetch(url, { headers: cookie ? { cookie } : {}, redirect: 'manual' });
}

/** Install `workspace` through the real flow; resolves with the redirect's response. */
export async function install(h: OAuthHarness, workspace: FakeWorkspace): Promise<Response> {
  const start = await openInstallPage(h);
  return redirectBack(h, workspace.code, start.state, start.cookie);
}
