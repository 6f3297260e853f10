/**
 * Each channel's widened interests as stored (src/ranking/interest-expansion.ts says what they are and when a
 * stored one is still good), so an instance that did not make a channel's follows, or restarted since, adopts
 * them instead of searching the whole index again. Keyed by the channel key, so a workspace's go with it. A
 * record that does not have the expected shape (written by another version) reads as missing.
 */
import { isStoredExpansion, type StoredExpansion } from '../ranking/interest-expansion.js';
import type { Collection, Store } from '../store/store.js';
import { CHANNEL_SETTINGS } from './channel-settings.js';
import { channelKey, type ChannelRef } from '../types.js';

/** The collection of widened interests. */
export const WIDENED = 'widened';

export class WidenedInterests {
  private readonly collection: Collection<StoredExpansion>;

  constructor(private readonly store: Store) {
    this.collection = store.collection<StoredExpansion>(WIDENED);
  }

  /** The stored widened interests of several channels, in one read; undefined where none (or a bad record). */
  async getMany(channels: ChannelRef[]): Promise<(StoredExpansion | undefined)[]> {
    if (channels.length === 0) return [];
    const found = await this.collection.getMany(channels.map(channelKey));
    return found.map((record) => (isStoredExpansion(record) ? record : undefined));
  }

  /**
   * Store widened interests by channel key (`platform:workspace:channel`), in one transaction, for the channels
   * whose settings are still stored: a record computed before another process deleted the channel (its
   * workspace forgotten) is dropped, not written back, as it names the channel's interests.
   */
  async saveMany(records: [string, StoredExpansion][]): Promise<void> {
    if (records.length === 0) return;
    await this.store.transaction(async (tx) => {
      const settings = await tx.collection<unknown>(CHANNEL_SETTINGS).getMany(records.map(([key]) => key));
      await tx.collection<StoredExpansion>(WIDENED).setMany(records.filter((_, i) => settings[i] !== undefined));
    });
  }
}
