/**
 * What every part of the core is built from: the repositories, the recommender, the clock and the logger that
 * `createCore` wires once. Each `core-*.ts` file turns these into one concern's methods of the `Core` surface.
 */
import type { ChannelSettingsRepository } from './channels/channel-settings.js';
import type { PostedMessages } from './channels/posted-messages.js';
import type { WidenedInterests } from './channels/widened-interests.js';
import type { PersonalSubscriptions } from './digest/personal-subscriptions.js';
import type { VoteRepository } from './feedback/votes.js';
import type { PaperRepository } from './papers/paper-repository.js';
import type { Clock, Logger } from './ports.js';
import type { Recommender } from './ranking/recommender.js';
import type { Store } from './store/store.js';
import type { Paper } from './types.js';

export interface CoreParts {
  store: Store;
  clock: Clock;
  logger: Logger;
  papers: PaperRepository;
  channels: ChannelSettingsRepository;
  votes: VoteRepository;
  posted: PostedMessages;
  /** Channels' widened interests as stored, shared by every instance on the store. */
  widened: WidenedInterests;
  /** People's personal digest subscriptions. */
  people: PersonalSubscriptions;
  recommender: Recommender;
  /** Fetch one paper by arXiv id (no version) from arXiv; undefined when arXiv has none; throws when unreachable. */
  fetchPaper?: (id: string) => Promise<Paper | undefined>;
}
