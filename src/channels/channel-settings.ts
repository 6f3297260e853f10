/**
 * What each channel asked for: its interests (phrases and seed papers) and its digest schedule. Keys carry
 * platform, workspace and channel, so one workspace's settings are never read from another.
 */
import type { Collection, Store } from '../store/store.js';
import { channelKey, type ChannelRef, type DigestSchedule } from '../types.js';

export interface ChannelSettings {
  channel: ChannelRef;
  /** Interest phrases, as the channel typed them (trimmed), in the order they were added. */
  interests: string[];
  /** Paper ids the channel follows as examples of what it wants. */
  seedPapers: string[];
  /** arXiv categories the channel follows (`cs.RO`): their papers rank higher and the daily ingest reads them. */
  categories?: string[];
  /** Author names the channel follows, as typed: their papers rank higher. */
  authors?: string[];
  digest: DigestSchedule;
  /** Set when the platform said the channel cannot be posted to; digests skip it until settings change. */
  unavailable?: { reason: string; at: string };
}

/** Monday 09:00, five picks, no quiet-week note. */
export function defaultSchedule(timezone: string): DigestSchedule {
  return { enabled: false, weekday: 1, minuteOfDay: 9 * 60, timezone, k: 5, quietNote: false };
}

export class ChannelSettingsRepository {
  private readonly collection: Collection<ChannelSettings>;

  constructor(
    store: Store,
    private readonly defaultTimezone: string,
  ) {
    this.collection = store.collection<ChannelSettings>('channel');
  }

  async get(channel: ChannelRef): Promise<ChannelSettings> {
    return (await this.collection.get(channelKey(channel))) ?? { channel, interests: [], seedPapers: [], digest: defaultSchedule(this.defaultTimezone) };
  }

  /**
   * Read, change and write one channel's settings (`isNew`: nothing was stored for it yet) as one atomic store
   * update, so concurrent changes (twenty follows at once) all land. `change` must be synchronous; if it throws,
   * nothing is written. Any change clears an "unavailable" mark, so a channel that changes its settings gets
   * posts again.
   */
  async update(channel: ChannelRef, change: (settings: ChannelSettings, isNew: boolean) => void): Promise<ChannelSettings> {
    const updated = await this.collection.update(channelKey(channel), (stored) => {
      const settings = stored ?? { channel, interests: [], seedPapers: [], digest: defaultSchedule(this.defaultTimezone) };
      change(settings, stored === undefined);
      delete settings.unavailable;
      return settings;
    });
    return updated!;
  }

  async markUnavailable(channel: ChannelRef, reason: string, at: Date): Promise<void> {
    await this.collection.update(channelKey(channel), (stored) => ({
      ...(stored ?? { channel, interests: [], seedPapers: [], digest: defaultSchedule(this.defaultTimezone) }),
      unavailable: { reason, at: at.toISOString() },
    }));
  }

  /** Every channel with settings, optionally only one platform's. */
  async all(platform?: string): Promise<ChannelSettings[]> {
    return (await this.collection.entries(platform ? `${platform}:` : '')).map(([, s]) => s);
  }
}
