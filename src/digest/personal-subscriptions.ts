/**
 * A person's weekly digest subscription, kept under the person's key (`platform:workspace:user`), so it is never
 * read from another workspace: their schedule (the same fields and defaults as a channel's digest), the
 * channels they used the bot from since they first set it up (most recent first, at most `MAX_CHANNELS_USED`:
 * their interests feed the person's picks), the direct-message channel their digests go to, and an "unavailable" mark when the platform
 * refused to message them. Every change is one atomic store update.
 */
import { defaultSchedule } from '../channels/channel-settings.js';
import type { Collection, Store, Transaction } from '../store/store.js';
import { changeSchedule } from './schedule.js';
import { userKey, type ChannelRef, type DigestSchedule, type UserRef } from '../types.js';

/** The collection of subscriptions (keyed by `userKey`); the digest's writes read it in their transactions (`subscriptionsIn`). */
const SUBSCRIPTIONS = 'personaldigest';

/** Most channels remembered per person as "used from": the most recent ones. */
export const MAX_CHANNELS_USED = 10;

export interface PersonalSubscription {
  user: UserRef;
  /** The weekly schedule; `enabled` false until the person turns it on. `quietNote` is always false. */
  digest: DigestSchedule;
  /** Channel ids (in the person's workspace) they used the bot from, most recent first. */
  channelsUsed: string[];
  /** The direct-message channel id their digests were last sent to, once one was opened. */
  directChannel?: string;
  /** Set when the platform refused to message the person; digests stop until they change their subscription. */
  unavailable?: { reason: string; at: string };
}

/** A change to a personal digest; fields left out keep their value. */
export type PersonalDigestChange = Partial<Pick<DigestSchedule, 'enabled' | 'weekday' | 'minuteOfDay' | 'timezone' | 'k'>>;

export class PersonalSubscriptions {
  private readonly collection: Collection<PersonalSubscription>;

  constructor(
    store: Store,
    private readonly defaultTimezone: string,
  ) {
    this.collection = store.collection<PersonalSubscription>(SUBSCRIPTIONS);
  }

  /** The person's subscription; the defaults (off) when nothing is stored. */
  async get(user: UserRef): Promise<PersonalSubscription> {
    return (await this.collection.get(userKey(user))) ?? this.fresh(user);
  }

  /**
   * Change the schedule atomically at `at` (see `changeSchedule`), noting `from` (the channel the change was asked
   * in) as used; any change clears an "unavailable" mark. Returns the subscription after.
   */
  async update(user: UserRef, change: PersonalDigestChange, at: Date, from?: ChannelRef): Promise<PersonalSubscription> {
    const updated = await this.collection.update(userKey(user), (stored) => {
      const subscription = stored ?? this.fresh(user);
      changeSchedule(subscription.digest, change, at);
      delete subscription.unavailable;
      if (from) noteUse(subscription, from);
      return subscription;
    });
    return updated!;
  }

  /**
   * Remember that a person with a subscription used the bot from `channel` (a command or a vote): moved to the
   * front of their channels, the list cut to `MAX_CHANNELS_USED`. Nothing is stored for people who never set
   * up their own digest, and nothing is written when the channel is already the most recent one.
   */
  async noteChannel(user: UserRef, channel: ChannelRef): Promise<void> {
    const stored = await this.collection.get(userKey(user));
    if (!stored || !usedFrom(stored, channel) || stored.channelsUsed[0] === channel.channel) return;
    await this.collection.update(userKey(user), (current) => current && noteUse(current, channel));
  }

  /**
   * Remember the direct-message channel the person's digests go to. Only on a stored subscription: one deleted
   * meanwhile (forget-me) is not re-created. Returns false (nothing written) when there is none.
   */
  async setDirectChannel(user: UserRef, channel: string): Promise<boolean> {
    return this.changeStored(user, (current) => ({ ...current, directChannel: channel }));
  }

  /**
   * Mark the person unreachable: their digest is skipped until they change it. Only on a stored subscription
   * (none is created). Returns false (nothing written) when there is none.
   */
  async markUnavailable(user: UserRef, reason: string, at: Date): Promise<boolean> {
    return this.changeStored(user, (current) => ({ ...current, unavailable: { reason, at: at.toISOString() } }));
  }

  /** Every subscription that is on and reachable. */
  async enabled(): Promise<PersonalSubscription[]> {
    return (await this.collection.entries('')).map(([, s]) => s).filter(receivesDigests);
  }

  /** The subscriptions on `platform` whose digests go to direct-message channel `directChannel` (one person's). */
  async byDirectChannel(platform: UserRef['platform'], directChannel: string): Promise<PersonalSubscription[]> {
    return (await this.collection.entries(`${platform}:`)).map(([, s]) => s).filter((s) => s.directChannel === directChannel);
  }

  /** Delete the person's subscription, atomically; returns it as it was stored (undefined when none was). */
  async remove(user: UserRef): Promise<PersonalSubscription | undefined> {
    let removed: PersonalSubscription | undefined;
    await this.collection.update(userKey(user), (current) => {
      removed = current;
      return undefined;
    });
    return removed;
  }

  /** Atomically change the stored subscription; nothing is written (false) when none is stored. */
  private async changeStored(user: UserRef, change: (current: PersonalSubscription) => PersonalSubscription): Promise<boolean> {
    let found = false;
    await this.collection.update(userKey(user), (current) => {
      found = current !== undefined;
      return current && change(current);
    });
    return found;
  }

  private fresh(user: UserRef): PersonalSubscription {
    return { user, digest: defaultSchedule(this.defaultTimezone), channelsUsed: [] };
  }
}

/**
 * The stored subscriptions of `users`, read in `tx` in one read (their rows locked until it ends, so a forget-me
 * waits for it or comes first): at each index, undefined where there is no user or no subscription.
 */
export async function subscriptionsIn(tx: Transaction, users: (UserRef | undefined)[]): Promise<(PersonalSubscription | undefined)[]> {
  const people = users.flatMap((user, i) => (user ? [{ i, key: userKey(user) }] : []));
  const result = new Array<PersonalSubscription | undefined>(users.length).fill(undefined);
  if (people.length === 0) return result;
  const found = await tx.collection<PersonalSubscription>(SUBSCRIPTIONS).getMany(people.map((p) => p.key));
  people.forEach(({ i }, j) => (result[i] = found[j]));
  return result;
}

/** True when the person's digest is on and they can be messaged (not marked unavailable). */
export function receivesDigests(subscription: PersonalSubscription): boolean {
  return subscription.digest.enabled && !subscription.unavailable;
}

/** True when `channel` is one the person follows from: in their workspace, and not a direct-message conversation. */
function usedFrom(subscription: PersonalSubscription, channel: ChannelRef): boolean {
  const { user } = subscription;
  return !channel.direct && channel.platform === user.platform && channel.workspace === user.workspace && channel.channel !== subscription.directChannel;
}

/** Put `channel` first in the person's channels (when it counts: `usedFrom`), keeping at most `MAX_CHANNELS_USED`. */
function noteUse(subscription: PersonalSubscription, channel: ChannelRef): PersonalSubscription {
  if (!usedFrom(subscription, channel)) return subscription;
  subscription.channelsUsed = [channel.channel, ...subscription.channelsUsed.filter((c) => c !== channel.channel)].slice(0, MAX_CHANNELS_USED);
  return subscription;
}
