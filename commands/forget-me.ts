/** `/papers forget-me`: delete everything stored about the asker. Private. */
import { UserError } from '../src/errors.js';
import { clean } from './args.js';
import { defineCommand, textReply } from './types.js';

export default defineCommand<void>({
  name: 'forget-me',
  summary: 'Delete everything I know about you',
  usage: '',
  examples: ['forget-me'],
  options: [],
  changesChannel: false,
  parse(args) {
    if (clean(args)) throw new UserError('`/papers forget-me` takes no arguments.');
  },
  async run(ctx) {
    const deleted = await ctx.core.forgetMe(ctx.user);
    return textReply('private', [
      deleted > 0 ? `Done: I deleted your ${deleted} reaction${deleted === 1 ? '' : 's'} and everything learned from them.` : 'I had nothing stored about you. Nothing to delete.',
    ]);
  },
});
