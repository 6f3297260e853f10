/**
 * What a failed Slack Web API call means for the bot: wait and retry (rate limit), stop posting to a channel
 * (it is gone, archived, or the bot is not in it), or stop the bot at start with a message that says which
 * token is wrong and what to do. The Web API client is created with `rejectRateLimitedCalls`, so a 429 reaches
 * `withRateLimitRetry` here, which waits the `Retry-After` time through an injected `wait`.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from '../../src/ports.js';
import { AdapterStartError } from '../chat-adapter.js';

/** Slack error codes after which a channel cannot be posted to until someone changes it. */
export const CHANNEL_UNAVAILABLE_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);

/**
 * Slack error codes after which a person cannot be sent a direct message until something changes: they left or
 * were deactivated, or the workspace installed the app before it asked for `im:write`.
 */
export const DIRECT_UNAVAILABLE_ERRORS = new Set(['user_not_found', 'user_disabled', 'user_not_visible', 'cannot_dm_bot', 'missing_scope']);

/** Slack error codes that mean the token itself is wrong. */
export const TOKEN_ERRORS = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
  'team_disabled',
  'user_removed_from_team',
]);

/** The Slack error code of a Web API platform error (`channel_not_found`), else undefined. */
export function slackErrorCode(error: unknown): string | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const coded = error as { code?: string; data?: { error?: unknown } };
  if (coded.code !== webApi.ErrorCode.PlatformError) return undefined;
  return typeof coded.data?.error === 'string' ? coded.data.error : undefined;
}

/** Seconds Slack asked us to wait, when `error` is a rate-limit rejection. */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const coded = error as { code?: string; retryAfter?: unknown };
  return coded.code === webApi.ErrorCode.RateLimitedError && typeof coded.retryAfter === 'number' ? coded.retryAfter : undefined;
}

/** Waits `ms` milliseconds; injected so tests never sleep. */
export type Wait = (ms: number) => Promise<void>;

export const realWait: Wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RetryOptions {
  wait: Wait;
  logger: Logger;
  /** Attempts in all, the first included. Default 4. */
  maxAttempts?: number;
  /** Longest single wait, in milliseconds, whatever Retry-After says. Default 120,000. */
  maxWaitMs?: number;
  /** What is being called, for the log line (`chat.postMessage`). */
  what: string;
}

/**
 * Run `call`; when Slack answers 429, wait its `Retry-After` (capped) and try again, up to `maxAttempts` in
 * all. Every other error is thrown at once.
 */
export async function withRateLimitRetry<T>(call: () => Promise<T>, options: RetryOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 4;
  const maxWaitMs = options.maxWaitMs ?? 120_000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const seconds = retryAfterSeconds(error);
      if (seconds === undefined || attempt >= maxAttempts) throw error;
      const waitMs = Math.min(Math.max(seconds, 1) * 1000, maxWaitMs);
      options.logger.warn('slack rate limit: waiting before retrying', { call: options.what, retryAfterSeconds: seconds, attempt });
      await options.wait(waitMs);
    }
  }
}

/** Turn a failure of `auth.test` with the bot token into a message a person can act on. */
export function botTokenStartError(error: unknown, apiUrl: string): AdapterStartError {
  const code = slackErrorCode(error);
  if (code && TOKEN_ERRORS.has(code)) {
    return new AdapterStartError(
      `SLACK_BOT_TOKEN was rejected by Slack (${code}). Copy the "Bot User OAuth Token" (xoxb-...) from your app's ` +
        '"OAuth & Permissions" page into .env; if it is missing, install the app to the workspace first.',
      'SLACK_BOT_TOKEN',
    );
  }
  if (code) return new AdapterStartError(`Slack refused to check SLACK_BOT_TOKEN (${code}). See the "Run on Slack" section of the README.`, 'SLACK_BOT_TOKEN');
  const detail = error instanceof Error ? error.message : String(error);
  return new AdapterStartError(`Could not reach the Slack API at ${apiUrl} to check SLACK_BOT_TOKEN (${detail}). Check the network and try again.`);
}

/** Turn a failure to open the Socket Mode connection into a message a person can act on. */
export function appTokenStartError(error: unknown): AdapterStartError {
  const code = slackErrorCode(error);
  if (code && TOKEN_ERRORS.has(code)) {
    return new AdapterStartError(
      `SLACK_APP_TOKEN was rejected by Slack (${code}). Create an app-level token with the connections:write scope ` +
        'under "Basic Information" > "App-Level Tokens", put it (xapp-...) in .env, and make sure Socket Mode is enabled.',
      'SLACK_APP_TOKEN',
    );
  }
  const detail = code ?? (error instanceof Error ? error.message : String(error));
  return new AdapterStartError(
    `Could not open the Socket Mode connection (${detail}). Check that Socket Mode is enabled in the app settings and that SLACK_APP_TOKEN is the app-level token (xapp-...).`,
    'SLACK_APP_TOKEN',
  );
}

/** Turn a failure to listen for HTTP requests into a message a person can act on. */
export function httpStartError(error: unknown, port: number): AdapterStartError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return new AdapterStartError(`PORT ${port} is already in use: set PORT in .env to a free port.`, 'PORT');
  if (code === 'EACCES') return new AdapterStartError(`Not allowed to listen on PORT ${port}: use a port above 1023.`, 'PORT');
  const detail = error instanceof Error ? error.message : String(error);
  return new AdapterStartError(`Could not listen for Slack requests on PORT ${port} (${detail}).`, 'PORT');
}
