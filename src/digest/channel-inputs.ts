/**
 * The store reads a channel's digest ranking needs (its settings, the votes cast in it, the papers posted there,
 * its widened interests as stored), done for a whole group of channels at once (three batched reads at once, then
 * one, whatever the group's size) just before the group is planned, and handed to each channel's ranking, instead
 * of several reads per channel inside it. What is read belongs to that one group's planning and does not outlive it.
 * Stored widened interests (about 4 KB a channel) are read only for the channels whose current ones this process
 * does not hold already (it computed or adopted them since their interests last changed).
 */
import type { ChannelSettings, ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { PostedMessages } from '../channels/posted-messages.js';
import type { ChannelRankInputs } from '../ranking/recommender.js';
import type { VoteRepository } from '../feedback/votes.js';
import type { WidenedInterests } from '../channels/widened-interests.js';
import { channelKey, type ChannelRef } from '../types.js';
import type { DigestOwner } from './digest-runs.js';

/** What the digest's ranking of a channel reads from the store: its settings, votes, widened interests, and the papers posted there. */
export interface ChannelInputs extends ChannelRankInputs {
  posted: Set<string>;
}

/** A group's ranking inputs read ahead, by channel key. */
export type ReadAhead = ReadonlyMap<string, ChannelInputs>;

/** The repositories the inputs are read from. */
export interface ChannelInputDeps {
  channels: Pick<ChannelSettingsRepository, 'getMany'>;
  votes: Pick<VoteRepository, 'forChannels'>;
  posted: Pick<PostedMessages, 'postedIdsOf'>;
  widened: Pick<WidenedInterests, 'getMany'>;
  /** True when this process holds the channel's widened interests, current for `settings` (see Recommender). */
  holdsWidenedInterests(settings: ChannelSettings): boolean;
}

/** Read the ranking inputs of the channels among `owners` (people are skipped) in at most four batched reads. */
export async function readChannelInputs(deps: ChannelInputDeps, owners: DigestOwner[]): Promise<ReadAhead> {
  const channels = owners.filter((owner): owner is ChannelRef => !('user' in owner));
  if (channels.length === 0) return new Map();
  const [settings, votes, posted] = await Promise.all([deps.channels.getMany(channels), deps.votes.forChannels(channels), deps.posted.postedIdsOf(channels)]);
  const unheld = channels.filter((_, i) => !deps.holdsWidenedInterests(settings[i]));
  const stored = new Map((await deps.widened.getMany(unheld)).map((expansion, i) => [channelKey(unheld[i]), expansion]));
  return new Map(channels.map((channel, i) => {
    const key = channelKey(channel);
    return [key, { settings: settings[i], votes: votes[i], posted: posted[i], expansion: stored.get(key) }];
  }));
}
