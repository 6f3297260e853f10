/**
 * Forgetting a whole workspace (a Slack team that uninstalled the app or revoked its token): every record whose
 * key starts with `platform:workspace:` goes, in every collection that holds workspace data, and so does the
 * workspace's installation (an adapter keeps installations in the `<platform>install` collection under the same
 * prefix). Then the store is purged when it can be, so the deleted rows do not linger in the raw files.
 */
import type { PlatformName } from '../types.js';
import type { Store } from '../store/store.js';

/**
 * Collections whose keys start with a channel or user key (`platform:workspace:...`). A test reads every named
 * collection opened in `src/` and fails when one is in neither list below.
 */
export const WORKSPACE_COLLECTIONS = ['channel', 'vote', 'channelvote', 'digestrun', 'digeststate', 'message', 'posted', 'personaldigest', 'widened'] as const;

/** Collections that hold no workspace data: papers, store metadata, ingest cursors, the papers' index image. */
export const SHARED_COLLECTIONS = ['paper', 'meta', 'ingest', 'index-image'] as const;

/** Where an adapter keeps its installations (tokens), keyed by `workspacePrefix(platform, workspace)` + more. */
export function installationCollection(platform: PlatformName): string {
  return `${platform}install`;
}

/** The key prefix of everything stored about one workspace: `slack:T123:`. */
export function workspacePrefix(platform: PlatformName, workspace: string): string {
  if (!workspace || /[:|]/.test(workspace)) throw new Error(`Not a workspace id: "${workspace}"`);
  return `${platform}:${workspace}:`;
}

export interface ForgetResult {
  /** Records deleted, the installation included. */
  deleted: number;
  /** True when the store was purged (its deleted rows overwritten and the write-ahead log truncated). */
  purged: boolean;
}

/**
 * Delete every record of `workspace` on `platform`: channels, votes (user and channel copies), digest runs and
 * states (channels' and people's), posted messages, personal digest subscriptions, and the installation. Other workspaces are untouched. Then purges the store, so
 * the deleted rows leave no trace in its raw files.
 */
export async function forgetWorkspace(store: Store, platform: PlatformName, workspace: string): Promise<ForgetResult> {
  const prefix = workspacePrefix(platform, workspace);
  let deleted = 0;
  for (const name of [...WORKSPACE_COLLECTIONS, installationCollection(platform)]) {
    deleted += await store.collection(name).deleteByPrefix(prefix);
  }
  return { deleted, purged: await store.purge() };
}
