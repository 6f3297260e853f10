/**
 * The Slack permissions the bot uses, in one place: which Web API method needs which bot scope, and which
 * events it subscribes to. `manifest.json` must list exactly these; a test checks that it does and that the
 * app calls no other method.
 */

/** Every Web API method the bot calls, with the bot scope it needs (`auth.test` needs none). */
export const METHOD_SCOPES: Record<string, string | undefined> = {
  'auth.test': undefined,
  /** Digest posts: one message per paper. */
  'chat.postMessage': 'chat:write',
  /** Thumbs up and down on each posted paper, so voting is one click. */
  'reactions.add': 'reactions:write',
  /**
   * Read a channel back after a crash, to find a digest post that was in flight (by its message metadata).
   * `channels:history` covers public channels; private ones need `groups:history` too (in `HISTORY_SCOPES`).
   */
  'conversations.history': 'channels:history',
  /** Join a public channel when it follows topics or turns on its digest, so posts and reactions work there. */
  'conversations.join': 'channels:join',
};

/** Scopes for reading a channel's history: public (`channels:history`) and private (`groups:history`) channels. */
export const HISTORY_SCOPES = ['channels:history', 'groups:history'] as const;

/** Events the bot subscribes to; both need `reactions:read`. */
export const BOT_EVENTS = ['reaction_added', 'reaction_removed'] as const;

/** A workspace uninstalled the app or revoked its token: forget the workspace. These need no scope. */
export const LIFECYCLE_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

/** Every event in the manifest's `bot_events`. */
export const MANIFEST_EVENTS: string[] = [...BOT_EVENTS, ...LIFECYCLE_EVENTS];

/** The slash command, handled through the shared command table. */
export const SLASH_COMMAND = '/papers';

/** Bot scopes, exactly: the slash command, the methods above (history in public and private channels) and the reaction events. */
export const BOT_SCOPES: string[] = [
  ...new Set(['commands', ...Object.values(METHOD_SCOPES).filter((s): s is string => s !== undefined), ...HISTORY_SCOPES, 'reactions:read']),
].sort();
