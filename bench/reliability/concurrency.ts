/**
 * Lost updates. 50 people each add 4 "like" reactions (👍 ❤️ 🔥 ⭐) to one paper, all 200 at once through
 * `core.react`; afterwards every person's vote must hold all 4 reactions, under the person and under the channel.
 * 20 follows of different topics on one channel, all at once; afterwards the channel must follow all 20.
 * A reaction or topic missing from the store is counted as lost. Votes hold each reaction under its canonical
 * name (`+1` is kept as `thumbsup`), so the check looks for those names.
 */
import { emojiMeaning } from '../../src/feedback/emoji.js';
import type { Vote } from '../../src/feedback/votes.js';
import type { ChannelRef } from '../../src/types.js';
import { openCore } from './core-setup.js';
import { subdir, type ProbeOptions, type Report } from './keys.js';

const EMOJIS = ['+1', 'heart', 'fire', 'star'];
/** The names a vote stores for `EMOJIS`. */
const CANONICAL = EMOJIS.map((emoji) => emojiMeaning(emoji)!.name);
const CHANNEL: ChannelRef = { platform: 'slack', workspace: 'TREL', channel: 'CVOTES' };

export async function concurrencyProbe(opts: ProbeOptions): Promise<Report> {
  const dir = await subdir(opts, 'concurrency');
  const p = await openCore(dir);
  try {
    const paperId = p.core.papers.all().next().value!.id;
    const users = Array.from({ length: 50 }, (_, i) => ({ platform: 'slack' as const, workspace: 'TREL', user: `UVOTER${i}` }));
    const reactions = users.flatMap((user) => EMOJIS.map((emoji) => ({ user, emoji })));
    const outcomes = await Promise.allSettled(reactions.map(({ user, emoji }) => p.core.react({ user, channel: CHANNEL, paperId, emoji, action: 'added' })));
    const rejected = outcomes.filter((o) => o.status === 'rejected').length;
    let held = 0;
    const channelVotes = await p.core.votes.forChannel(CHANNEL);
    let channelHeld = 0;
    for (const user of users) {
      const mine = (await p.core.votes.forUser(user)).find((v: Vote) => v.paperId === paperId);
      held += mine ? CANONICAL.filter((e) => mine.emojis.includes(e)).length : 0;
      const inChannel = channelVotes.find((v: Vote) => v.user.endsWith(`:${user.user}`) && v.paperId === paperId);
      channelHeld += inChannel ? CANONICAL.filter((e) => inChannel.emojis.includes(e)).length : 0;
    }
    const votesLost = Math.max(reactions.length - held, reactions.length - channelHeld);
    opts.note?.(`votes: ${reactions.length} reactions, ${held} held under users, ${channelHeld} under the channel, ${rejected} rejected`);

    const followChannel: ChannelRef = { ...CHANNEL, channel: 'CFOLLOWS' };
    const topics = Array.from({ length: 20 }, (_, i) => `topic number ${i + 1}`);
    await Promise.allSettled(topics.map((topic) => p.core.follow(followChannel, [topic])));
    const stored = (await p.core.channels.get(followChannel)).interests;
    const followsLost = topics.filter((t) => !stored.includes(t)).length;
    opts.note?.(`follows: ${topics.length} concurrent, ${stored.length} stored`);
    return { concurrent_votes_lost: votesLost, concurrent_follows_lost: followsLost };
  } finally {
    await p.close();
  }
}
