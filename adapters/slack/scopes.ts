/**
 * The Slack permissions the bot uses, in one place: which Web API method needs which bot scope, and which
 * events it subscribes to. `manifest.json` must list exactly these; a test checks that it does and that the
 * app calls no other method.
 */

/** Every Web API method the bot calls, with the bot scope it needs (`auth.test` needs none). */
export const METHOD_SCOPES: Record<string, string | string[] | undefined> = {
  'auth.test': undefined,
  /** Digest posts: one message per paper. */
  'chat.postMessage': 'chat:write',
  /** Thumbs up and down on each posted paper, so voting is one click. */
  'reactions.add': 'reactions:write',
  /**
   * Read a channel back after a crash, to find a digest post that was in flight (by its message metadata):
   * `channels:history` for public channels, `groups:history` for private ones, `im:history` for a person's
   * direct messages (their personal digest).
   */
  'conversations.history': ['channels:history', 'groups:history', 'im:history'],
  /** Open a person's direct-message channel for their personal weekly digest. */
  'conversations.open': 'im:write',
  /** Join a public channel when it follows topics or turns on its digest, so posts and reactions work there. */
  'conversations.join': 'channels:join',
  /** Whether the asker is a workspace admin or owner, when a locked channel changes or is (un)locked. */
  'users.info': 'users:read',
  /** A locked channel's creator: `channels:read` for public channels, `groups:read` for private ones. */
  'conversations.info': ['channels:read', 'groups:read'],
};

/** Events the bot subscribes to; both need `reactions:read`. */
export const BOT_EVENTS = ['reaction_added', 'reaction_removed'] as const;

/** A workspace uninstalled the app or revoked its token: forget the workspace. These need no scope. */
export const LIFECYCLE_EVENTS = ['app_uninstalled', 'tokens_revoked'] as const;

/** Every event in the manifest's `bot_events`. */
export const MANIFEST_EVENTS: string[] = [...BOT_EVENTS, ...LIFECYCLE_EVENTS];

/** The slash command, handled through the shared command table. */
export const SLASH_COMMAND = '/papers';

/** Bot scopes, exactly: the slash command, the methods above and the reaction events. */
export const BOT_SCOPES: string[] = [
  'commands',
  ...new Set(Object.values(METHOD_SCOPES).flat().filter((s): s is string => s !== undefined)),
  'reactions:read',
].sort();
