/**
 * Bolt's `InstallationStore` on the project's store: one record per installation in the `slackinstall`
 * collection, keyed `slack:<team id>:<enterprise id or empty>` (an org-wide install: `slack:*:<enterprise id>`),
 * so `forgetWorkspace` removes it with the rest of the workspace. The whole installation (bot token included) is
 * sealed with AES-256-GCM under TOKEN_ENCRYPTION_KEY, bound to its key; only the key is in clear text.
 * Nothing here logs a token.
 */
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { installationCollection, workspacePrefix } from '../../../src/workspaces/forget-workspace.js';
import type { Collection, Store } from '../../../src/store/store.js';
import { open, seal } from './token-crypto.js';

/** What is stored: the installation, sealed. */
interface StoredInstallation {
  sealed: string;
}

/** Who an installation belongs to. */
interface InstallationOwner {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}

/** The store key of an installation: `slack:T123:` or `slack:T123:E456`; org-wide installs `slack:*:E456`. */
export function installationKey(owner: InstallationOwner): string {
  if (owner.isEnterpriseInstall) {
    if (!owner.enterpriseId) throw new Error('An enterprise installation without an enterprise id.');
    return `slack:*:${owner.enterpriseId}`;
  }
  if (!owner.teamId) throw new Error('A workspace installation without a team id.');
  return `${workspacePrefix('slack', owner.teamId)}${owner.enterpriseId ?? ''}`;
}

/** The installation store, plus a reader for the digests' token resolver. */
export interface SlackInstallationStore extends InstallationStore {
  fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation>;
  deleteInstallation(query: InstallationQuery<boolean>): Promise<void>;
  /** The installation of workspace `teamId` (any enterprise), or undefined when it is not installed. */
  findByTeam(teamId: string): Promise<Installation | undefined>;
}

/** An installation store on `store`, sealing with the 32-byte `key`. */
export function createInstallationStore(store: Store, key: Buffer): SlackInstallationStore {
  const records: Collection<StoredInstallation> = store.collection<StoredInstallation>(installationCollection('slack'));
  const read = (storeKey: string, record: StoredInstallation) => JSON.parse(open(key, record.sealed, storeKey)) as Installation;
  return {
    async storeInstallation(installation) {
      const storeKey = installationKey({
        teamId: installation.team?.id,
        enterpriseId: installation.enterprise?.id,
        isEnterpriseInstall: installation.isEnterpriseInstall,
      });
      await records.set(storeKey, { sealed: seal(key, JSON.stringify(installation), storeKey) });
    },
    async fetchInstallation(query) {
      // An event from a workspace of an org-wide install is answered with the org's installation.
      for (const storeKey of candidateKeys(query)) {
        const record = await records.get(storeKey);
        if (record) return read(storeKey, record);
      }
      throw new Error(`No installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`);
    },
    async deleteInstallation(query) {
      await records.delete(installationKey(query));
    },
    async findByTeam(teamId) {
      const [first] = await records.entries(workspacePrefix('slack', teamId));
      return first ? read(first[0], first[1]) : undefined;
    },
  };
}

function candidateKeys(query: InstallationQuery<boolean>): string[] {
  const keys = [installationKey(query)];
  if (!query.isEnterpriseInstall && query.enterpriseId) keys.push(installationKey({ enterpriseId: query.enterpriseId, isEnterpriseInstall: true }));
  return keys;
}
