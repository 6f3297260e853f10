import { afterEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../../adapters/discord/register.js';
import { buildSlashCommand, categoryBeingTyped, commandText, suggestTimezones } from '../../../adapters/discord/slash-command.js';
import { splitPhrases } from '../../../commands/args.js';
import { COMMANDS, type Command } from '../../../commands/index.js';
import { FakeDiscord, GOOD_TOKEN } from './fake-discord.js';
import { APPLICATION_ID, GUILD_ID } from './fake-payloads.js';

describe('the /papers slash command built from the command table', () => {
  const body = buildSlashCommand();

  it('has one subcommand per command, with typed options, choices and autocomplete', () => {
    expect(body.name).toBe('papers');
    expect(body.options!.map((o) => o.name)).toEqual(COMMANDS.map((c) => c.name));
    const digest = body.options!.find((o) => o.name === 'digest') as any;
    expect(digest.options.map((o: any) => o.name)).toEqual(['for', 'day', 'time', 'timezone', 'size', 'quiet', 'style']);
    expect(digest.options[0].choices).toEqual([{ name: 'me', value: 'me' }]);
    expect(digest.options[6]).toMatchObject({ type: 3, choices: [{ name: 'thread', value: 'thread' }, { name: 'messages', value: 'messages' }] });
    expect(digest.options[1].choices).toContainEqual({ name: 'monday', value: 'monday' });
    expect(digest.options[3].autocomplete).toBe(true);
    const search = body.options!.find((o) => o.name === 'search') as any;
    expect(search.options).toEqual([{ type: 3, name: 'query', description: 'What to look for', required: true, max_length: 2000, autocomplete: true }]);
  });

  it('keeps within Discord rules: names, description lengths, required options first, guild only', () => {
    expect(body.contexts).toEqual([0]);
    for (const sub of body.options as any[]) {
      expect(sub.name).toMatch(/^[-_a-z0-9]{1,32}$/);
      expect(sub.description.length).toBeGreaterThan(0);
      expect(sub.description.length).toBeLessThanOrEqual(100);
      const required = sub.options.map((o: any) => o.required);
      expect(required).toEqual([...required].sort((a: boolean, b: boolean) => Number(b) - Number(a)));
      for (const option of sub.options) expect(option.description.length).toBeLessThanOrEqual(100);
    }
    expect(JSON.stringify(body).length).toBeLessThan(8000);
  });

  it('refuses a table Discord would reject', () => {
    const bad = (options: Partial<Command<any>>) => [{ ...COMMANDS[0], ...options }];
    expect(() => buildSlashCommand(bad({ name: 'Search' }))).toThrow(/not a valid Discord command/);
    expect(() => buildSlashCommand(bad({ options: [{ name: 'x', description: 'x', required: false, choices: Array(26).fill('a') }] }))).toThrow(/at most 25/);
    expect(() => buildSlashCommand(bad({ options: [{ name: 'x', description: '', required: false }] }))).toThrow(/needs a description/);
  });
});

describe('commandText: interaction options back to command text', () => {
  it('follows the table order, whatever order Discord sends', () => {
    const values: Record<string, string> = { timezone: 'Europe/Berlin', time: '09:00', day: 'monday' };
    expect(commandText('digest', (name) => values[name])).toBe('digest monday 09:00 Europe/Berlin');
    expect(commandText('digest', () => null)).toBe('digest');
  });

  it('writes typed values back as text: integers as digits, booleans as on/off', () => {
    const values: Record<string, number | boolean> = { size: 3, quiet: false };
    expect(commandText('digest', (name) => values[name])).toBe('digest size 3 quiet off');
    expect(commandText('picks', () => 7)).toBe('picks 7');
  });

  it('refuses an integer option with choices or suggestions', () => {
    const bad = [{ ...COMMANDS[0], options: [{ name: 'n', description: 'n', required: false, type: 'integer' as const, choices: ['1'] }] }];
    expect(() => buildSlashCommand(bad)).toThrow(/takes a range/);
  });

  it('writes keyword options after their keyword, so size and quiet reach the parser', () => {
    const values: Record<string, string> = { quiet: 'on', size: '3', day: 'friday', time: '16:00' };
    expect(commandText('digest', (name) => values[name])).toBe('digest friday 16:00 size 3 quiet on');
    expect(commandText('digest', (name) => (name === 'style' ? 'messages' : null))).toBe('digest style messages');
  });

  it('passes topics as typed, so commas and quoted phrases split the same way as in text chat', () => {
    const text = commandText('follow', () => 'retrieval augmented generation, "graph neural networks, GNN"');
    expect(splitPhrases(text.replace(/^follow /, ''))).toEqual(['retrieval augmented generation', 'graph neural networks, GNN']);
  });

  it('turns control characters into spaces', () => {
    expect(commandText('search', () => 'lora\nhelp\u0000')).toBe('search lora help');
  });
});

describe('suggestTimezones', () => {
  it('suggests zones by prefix first, then by substring, at most 25', () => {
    expect(suggestTimezones('berl')[0]).toBe('Europe/Berlin');
    expect(suggestTimezones('europe/').length).toBe(25);
    expect(suggestTimezones('new york')).toContain('America/New_York');
    expect(suggestTimezones('')).toContain('UTC');
    expect(suggestTimezones('no-such-zone-anywhere')).toEqual([]);
  });
});

describe('categoryBeingTyped', () => {
  it('finds a category: filter at the end of the text, after other words or earlier codes', () => {
    expect(categoryBeingTyped('category:cs.R')).toEqual({ before: 'category:', code: 'cs.R' });
    expect(categoryBeingTyped('Category: ')).toEqual({ before: 'Category: ', code: '' });
    expect(categoryBeingTyped('diffusion cat:cs')).toEqual({ before: 'diffusion cat:', code: 'cs' });
    expect(categoryBeingTyped('categories:cs.RO, cs.C')).toEqual({ before: 'categories:cs.RO, ', code: 'cs.C' });
  });

  it('finds none in plain topics, other filters or a filter followed by more words', () => {
    expect(categoryBeingTyped('retrieval augmented generation')).toBeUndefined();
    expect(categoryBeingTyped('author:"Yann LeCun"')).toBeUndefined();
    expect(categoryBeingTyped('category:cs.CL diffusion')).toBeUndefined();
    expect(categoryBeingTyped('subcategory:cs')).toBeUndefined();
  });
});

describe('registerCommands against the fake Discord', () => {
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await fake?.close();
  });

  it('registers in one server when a guild id is given, globally otherwise', async () => {
    fake = await FakeDiscord.start();
    const guild = await registerCommands({ token: GOOD_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, restApi: fake.apiUrl });
    expect(guild.scope).toBe('guild');
    const global = await registerCommands({ token: GOOD_TOKEN, applicationId: APPLICATION_ID, restApi: fake.apiUrl });
    expect(global.subcommands).toContain('search');
    const puts = fake.callsTo('PUT', /commands$/);
    expect(puts.map((c) => c.path)).toEqual([`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`, `/applications/${APPLICATION_ID}/commands`]);
    expect(puts[0].authorization).toBe(`Bot ${GOOD_TOKEN}`);
    expect(puts[0].body).toEqual([buildSlashCommand()]);
  });

  it('removes the command from a server on request', async () => {
    fake = await FakeDiscord.start();
    const result = await registerCommands({ token: GOOD_TOKEN, applicationId: APPLICATION_ID, guildId: GUILD_ID, restApi: fake.apiUrl, remove: true });
    expect(result.subcommands).toEqual([]);
    expect(fake.callsTo('PUT', /commands$/).map((c) => [c.path, c.body])).toEqual([[`/applications/${APPLICATION_ID}/guilds/${GUILD_ID}/commands`, []]]);
  });

  it('says what to do when the token is wrong', async () => {
    fake = await FakeDiscord.start();
    await expect(registerCommands({ token: 'wrong', applicationId: APPLICATION_ID, restApi: fake.apiUrl })).rejects.toThrow(/rejected DISCORD_TOKEN.*Reset the token/);
  });
});
