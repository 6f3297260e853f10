/**
 * The store reads a channel's digest ranking needs (its settings, the votes cast in it, the papers posted there),
 * done for a whole group of channels at once (three batched reads, whatever the group's size) just before the
 * group is planned, and handed to each channel's ranking, instead of three reads per channel inside it. What is
 * read belongs to that one group's planning, so nothing read here outlives it.
 */
import type { ChannelSettingsRepository } from '../channels/channel-settings.js';
import type { PostedMessages } from '../channels/posted-messages.js';
import type { ChannelInputs } from '../core-types.js';
import type { VoteRepository } from '../feedback/votes.js';
import { channelKey, type ChannelRef } from '../types.js';
import type { DigestOwner } from './digest-runs.js';

/** A group's ranking inputs read ahead, by channel key. */
export type ReadAhead = ReadonlyMap<string, ChannelInputs>;

/** The repositories the inputs are read from. */
export interface ChannelInputDeps {
  channels: Pick<ChannelSettingsRepository, 'getMany'>;
  votes: Pick<VoteRepository, 'forChannels'>;
  posted: Pick<PostedMessages, 'postedIdsOf'>;
}

/** Read the ranking inputs of the channels among `owners` (people are skipped) in three batched reads. */
export async function readChannelInputs(deps: ChannelInputDeps, owners: DigestOwner[]): Promise<ReadAhead> {
  const channels = owners.filter((owner): owner is ChannelRef => !('user' in owner));
  if (channels.length === 0) return new Map();
  const [settings, votes, posted] = await Promise.all([deps.channels.getMany(channels), deps.votes.forChannels(channels), deps.posted.postedIdsOf(channels)]);
  return new Map(channels.map((channel, i) => [channelKey(channel), { settings: settings[i], votes: votes[i], posted: posted[i] }]));
}
