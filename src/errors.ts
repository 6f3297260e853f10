/**
 * Two kinds of failure. A `UserError` is the user's to fix and its message is shown to them as it is. Any
 * other error is ours: it is logged with its stack and the user gets a short apology (`describeFailure`); a
 * failure of the store (`StoreError`) tells them what it means for them instead ("I couldn't save that;
 * nothing changed."), so nobody believes a change was kept when it was not.
 */
import { StoreError } from './store/errors.js';

export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** The platform says this channel cannot be posted to any more (deleted, archived, bot removed). */
export class ChannelUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'ChannelUnavailableError';
  }
}

/** A configuration value is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const GENERIC_APOLOGY = 'Sorry, something went wrong on my side. The error has been logged; please try again later.';

/**
 * The text a user sees for an error: a UserError's own message, a StoreError's `userMessage` (a failed write:
 * nothing changed; a failed read: try again), otherwise the generic apology.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof StoreError) return error.userMessage;
  return GENERIC_APOLOGY;
}
