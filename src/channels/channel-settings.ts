/**
 * What each channel asked for: its interests (phrases and seed papers), its digest schedule, and whether it is
 * locked (only admins and its creator change it). Keys carry platform, workspace and channel, so one
 * workspace's settings are never read from another.
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
  /**
   * Set by `/papers lock` on platforms without a channel-manager permission (Slack): only workspace admins,
   * owners and the channel's creator may change its interests and digest. Absent: anyone may.
   */
  locked?: true;
  /** Set when only the lock was stored: the channel has chosen no topics or digest yet, so it still counts as new. */
  untouched?: true;
}

/** The result of `setLocked`: the settings after, and whether the lock changed (false: it already was so). */
export interface LockOutcome {
  settings: ChannelSettings;
  changed: boolean;
}

/** Monday 09:00, five picks, no quiet-week note. */
export function defaultSchedule(timezone: string): DigestSchedule {
  return { enabled: false, weekday: 1, minuteOfDay: 9 * 60, timezone, k: 5, quietNote: false };
}

/** The collection of channel settings, keyed by channel key (`platform:workspace:channel`). */
export const CHANNEL_SETTINGS = 'channel';

export class ChannelSettingsRepository {
  private readonly collection: Collection<ChannelSettings>;

  constructor(
    store: Store,
    private readonly defaultTimezone: string,
  ) {
    this.collection = store.collection<ChannelSettings>(CHANNEL_SETTINGS);
  }

  async get(channel: ChannelRef): Promise<ChannelSettings> {
    return (await this.collection.get(channelKey(channel))) ?? this.fresh(channel);
  }

  /** `get` of several channels in one read. */
  async getMany(channels: ChannelRef[]): Promise<ChannelSettings[]> {
    const stored = await this.collection.getMany(channels.map(channelKey));
    return stored.map((settings, i) => settings ?? this.fresh(channels[i]));
  }

  /**
   * Read, change and write one channel's settings (`isNew`: nothing was stored for it yet) as one atomic store
   * update, so concurrent changes (twenty follows at once) all land. `change` must be synchronous; if it throws,
   * nothing is written. Any change clears an "unavailable" mark, so a channel that changes its settings gets
   * posts again. A channel that only has a lock stored still counts as new.
   */
  async update(channel: ChannelRef, change: (settings: ChannelSettings, isNew: boolean) => void): Promise<ChannelSettings> {
    const updated = await this.collection.update(channelKey(channel), (stored) => {
      const settings = stored ?? this.fresh(channel);
      change(settings, stored === undefined || stored.untouched === true);
      delete settings.unavailable;
      delete settings.untouched;
      return settings;
    });
    return updated!;
  }

  /** Lock or unlock a channel, atomically; its topics, digest and "unavailable" mark stay as they are. */
  async setLocked(channel: ChannelRef, locked: boolean): Promise<LockOutcome> {
    let changed = false;
    const updated = await this.collection.update(channelKey(channel), (stored) => {
      const settings = stored ?? { ...this.fresh(channel), untouched: true as const };
      changed = Boolean(settings.locked) !== locked;
      if (locked) settings.locked = true;
      else delete settings.locked;
      return settings;
    });
    return { settings: updated!, changed };
  }

  async markUnavailable(channel: ChannelRef, reason: string, at: Date): Promise<void> {
    await this.collection.update(channelKey(channel), (stored) => ({
      ...(stored ?? this.fresh(channel)),
      unavailable: { reason, at: at.toISOString() },
    }));
  }

  /** Every channel with settings, optionally only one platform's. */
  async all(platform?: string): Promise<ChannelSettings[]> {
    return (await this.collection.entries(platform ? `${platform}:` : '')).map(([, s]) => s);
  }

  /** The settings of a channel that has stored nothing: no interests, the default schedule (off). */
  private fresh(channel: ChannelRef): ChannelSettings {
    return { channel, interests: [], seedPapers: [], digest: defaultSchedule(this.defaultTimezone) };
  }
}
