import { describe, expect, it } from 'vitest';
import { toReactionEvent, type SlackReaction } from '../../../adapters/slack/reaction-handler.js';

const BOT = 'UBOT';
const base: SlackReaction = { teamId: 'T1', user: 'UALICE', reaction: '+1::skin-tone-2', itemType: 'message', itemUser: BOT, channel: 'C1', ts: '1.000001' };

describe('toReactionEvent', () => {
  it('maps a reaction on the bot\'s message to a core event keyed by team, channel and ts', () => {
    expect(toReactionEvent(base, BOT, 'added')).toEqual({
      user: { platform: 'slack', workspace: 'T1', user: 'UALICE' },
      channel: { platform: 'slack', workspace: 'T1', channel: 'C1' },
      messageId: '1.000001',
      emoji: '+1::skin-tone-2',
      action: 'added',
    });
  });

  it('ignores the bot\'s own reactions, other people\'s messages, files and events without a team', () => {
    expect(toReactionEvent({ ...base, user: BOT }, BOT, 'added')).toBeUndefined();
    expect(toReactionEvent({ ...base, itemUser: 'UBOB' }, BOT, 'added')).toBeUndefined();
    expect(toReactionEvent({ ...base, itemType: 'file', channel: undefined, ts: undefined }, BOT, 'removed')).toBeUndefined();
    expect(toReactionEvent({ ...base, teamId: undefined }, BOT, 'added')).toBeUndefined();
  });

  it('leaves messages without item_user to the core, which knows which messages are paper posts', () => {
    expect(toReactionEvent({ ...base, itemUser: undefined }, BOT, 'removed')?.action).toBe('removed');
  });
});
