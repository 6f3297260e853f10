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
    const { votes, personal } = await ctx.core.forgetMe(ctx.user);
    const lines: string[] = [];
    if (votes > 0) lines.push(`Done: I deleted your ${votes} reaction${votes === 1 ? '' : 's'} and everything learned from them.`);
    if (personal === 'digest') lines.push('Your personal weekly digest is off and deleted, with the record of what I sent you.');
    if (personal === 'settings' && votes === 0) lines.push('Done: I deleted your personal digest settings and the channels you used me from.');
    return textReply('private', lines.length > 0 ? lines : ['I had nothing stored about you. Nothing to delete.']);
  },
});
