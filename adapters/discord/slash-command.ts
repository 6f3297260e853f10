/**
 * The `/papers` slash command, generated from the shared command table: one subcommand per command, one typed
 * option per table option (strings with choices or autocomplete, integers with their range, booleans), the way
 * back from an interaction's typed values to the command text that `handleCommand` parses, so Discord and the
 * other platforms run the same code, and the autocomplete answers (timezones, the channel's own topics, and
 * for a `category:` filter being typed, known arXiv categories or, in `unfollow`, the channel's own categories).
 */
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOptionChoice,
  type APIApplicationCommandSubcommandOption,
  type AutocompleteInteraction,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import { COMMANDS, MAX_COMMAND_LENGTH, type Command, type CommandOption } from '../../commands/index.js';
import type { Core } from '../../src/core.js';
import { findArxivCategory, suggestArxivCategories, type ArxivCategory } from '../../src/sources/arxiv-categories.js';

export const SLASH_COMMAND_NAME = 'papers';
const SLASH_COMMAND_DESCRIPTION = 'Research papers for this channel: search, follow topics, weekly digests';

/** Discord's rules for command and option names and descriptions. */
const NAME_PATTERN = /^[-_\p{Ll}\p{Lo}\p{N}]{1,32}$/u;
const MAX_DESCRIPTION = 100;
const MAX_CHOICES = 25;

/**
 * The JSON body that registers `/papers`. Guild-only (commands act on a channel's settings); everyone may use
 * it, since the commands that change a channel check Manage Channels themselves. Throws when the table
 * breaks one of Discord's rules, so a bad table fails in tests rather than at registration.
 */
export function buildSlashCommand(commands: Command<any>[] = COMMANDS): RESTPostAPIChatInputApplicationCommandsJSONBody {
  return {
    type: ApplicationCommandType.ChatInput,
    name: SLASH_COMMAND_NAME,
    description: SLASH_COMMAND_DESCRIPTION,
    contexts: [InteractionContextType.Guild],
    integration_types: [ApplicationIntegrationType.GuildInstall],
    options: commands.map(subcommand),
  };
}

function subcommand(command: Command<any>): APIApplicationCommandSubcommandOption {
  checkName(command.name);
  // Discord wants required options first; the command text is rebuilt in table order, so only the form changes.
  const ordered = [...command.options].sort((a, b) => Number(b.required) - Number(a.required));
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: command.name,
    description: description(command.summary, command.name),
    options: ordered.map((option) => typedOption(option, command.name)),
  };
}

/** One table option as Discord's typed option: string (choices, autocomplete), integer (range) or boolean. */
function typedOption(option: CommandOption, commandName: string): APIApplicationCommandBasicOption {
  checkName(option.name);
  const where = `${commandName} ${option.name}`;
  const common = { name: option.name, description: description(option.description, where), required: option.required };
  if (option.type === 'boolean') return { ...common, type: ApplicationCommandOptionType.Boolean };
  if (option.type === 'integer') {
    if (option.choices || option.suggest) throw new Error(`/papers ${where}: an integer option takes a range, not choices or suggestions.`);
    const range = { ...(option.minValue !== undefined ? { min_value: option.minValue } : {}), ...(option.maxValue !== undefined ? { max_value: option.maxValue } : {}) };
    return { ...common, type: ApplicationCommandOptionType.Integer, ...range };
  }
  if (option.choices && option.choices.length > MAX_CHOICES) throw new Error(`/papers ${where}: Discord allows at most ${MAX_CHOICES} choices.`);
  if (option.choices && option.suggest) throw new Error(`/papers ${where}: an option has either choices or suggestions, not both.`);
  return {
    ...common,
    type: ApplicationCommandOptionType.String,
    ...(option.choices ? { choices: option.choices.map((value) => ({ name: value, value })) } : { max_length: MAX_COMMAND_LENGTH }),
    ...(option.suggest ? { autocomplete: true } : {}),
  } as APIApplicationCommandBasicOption;
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw new Error(`"${name}" is not a valid Discord command or option name (lowercase, 1-32 characters).`);
}

function description(text: string, where: string): string {
  if (text.length === 0) throw new Error(`/papers ${where} needs a description.`);
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1)}…`;
}

/** An option's value as an interaction carries it: strings, integers and booleans, by the option's type. */
export type OptionValue = string | number | boolean | null | undefined;

/**
 * The command text for `handleCommand`: the subcommand name and then each filled option in the table's
 * order, separated by spaces. Values are passed as typed: `follow topics:` keeps its commas so the command
 * splits it into topics, and quoted phrases stay quoted; an integer is written as digits, a boolean as `on` or
 * `off`, so `digest size:3 quiet:true` reads `digest size 3 quiet on`. Control characters become spaces.
 */
export function commandText(subcommandName: string, valueOf: (optionName: string) => OptionValue): string {
  const command = COMMANDS.find((c) => c.name === subcommandName);
  const values = (command?.options ?? []).map((option) => {
    const value = optionText(valueOf(option.name));
    return value && option.keyword ? `${option.keyword} ${value}` : value;
  });
  return [subcommandName, ...values.filter(Boolean)].join(' ');
}

function optionText(value: OptionValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  return String(value).replace(/[\u0000-\u001f\u007f]/g, ' ').trim();
}

/** Which table option an autocomplete request is for, and what kind of suggestions it wants. */
export function suggestionKind(subcommandName: string, optionName: string): CommandOption['suggest'] {
  return COMMANDS.find((c) => c.name === subcommandName)?.options.find((o) => o.name === optionName)?.suggest;
}

/** Discord's longest autocomplete choice name and value, in characters. */
const MAX_CHOICE_LENGTH = 100;

type Choice = APIApplicationCommandOptionChoice<string>;

/**
 * Answer an autocomplete request for `/papers`, by what the table says the focused option suggests: timezones;
 * arXiv categories for a `category:` filter being typed (`follow`, `search`); this channel's own topics, or its
 * own categories after `category:` (`unfollow`, from the core's channel settings; none outside a server).
 */
export async function answerAutocomplete(interaction: AutocompleteInteraction, core: Core): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const kind = suggestionKind(interaction.options.getSubcommand(false) ?? '', focused.name);
  const typed = String(focused.value);
  let choices: Choice[] = [];
  if (kind === 'timezone') choices = suggestTimezones(typed).map((name) => ({ name, value: name }));
  if (kind === 'category') choices = categoryChoices(typed, (code) => suggestArxivCategories(code));
  if (kind === 'topic' && interaction.guildId && interaction.channelId) {
    const settings = await core.channelSettings({ platform: 'discord', workspace: interaction.guildId, channel: interaction.channelId });
    const own = (code: string) => suggestTopics(settings.categories ?? [], code).map((c) => findArxivCategory(c) ?? { code: c, name: '' });
    choices = categoryBeingTyped(typed) ? categoryChoices(typed, own) : suggestTopics(settings.interests, typed).map((topic) => ({ name: topic, value: topic }));
  }
  await interaction.respond(choices);
}

/**
 * The `category:` (or `cat:`, `categories:`) filter being typed at the end of an option's text: the text up to
 * the code being typed (earlier codes of a comma list included) and the code so far. Undefined when the text
 * does not end in one.
 */
export function categoryBeingTyped(text: string): { before: string; code: string } | undefined {
  const match = /^(.*?(?:^|\s)(?:categories|category|cat)\s*:\s*(?:[^,\s]+\s*,\s*)*)([^,\s]*)$/is.exec(text);
  return match ? { before: match[1], code: match[2] } : undefined;
}

/**
 * Choices that complete the `category:` filter at the end of `typed` with the categories `suggest` finds for the
 * code typed so far: shown as `category:cs.RO — Robotics`, and the whole option text as the value (Discord
 * replaces the text with it). None when no filter is being typed; values over 100 characters are left out.
 */
function categoryChoices(typed: string, suggest: (code: string) => ArxivCategory[]): Choice[] {
  const filter = categoryBeingTyped(typed);
  if (!filter) return [];
  return suggest(filter.code)
    .map((c) => ({ name: `category:${c.code}${c.name ? ` — ${c.name}` : ''}`.slice(0, MAX_CHOICE_LENGTH), value: `${filter.before}${c.code}` }))
    .filter((choice) => choice.value.length <= MAX_CHOICE_LENGTH)
    .slice(0, MAX_CHOICES);
}

/** Up to 25 of `topics` matching what was typed (case-insensitive; starting with it first), cut to 100 characters. */
export function suggestTopics(topics: string[], typed: string, limit = MAX_CHOICES): string[] {
  const needle = typed.trim().toLowerCase();
  const fitting = topics.filter((t) => t.length <= MAX_CHOICE_LENGTH);
  const starts = fitting.filter((t) => t.toLowerCase().startsWith(needle));
  const contains = fitting.filter((t) => !starts.includes(t) && t.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}

let timezoneNames: string[] | undefined;

/**
 * Up to 25 IANA timezones matching what was typed so far (case-insensitive; names starting with it come
 * first, then names containing it). Empty input suggests common zones.
 */
export function suggestTimezones(typed: string, limit = MAX_CHOICES): string[] {
  timezoneNames ??= ['UTC', ...Intl.supportedValuesOf('timeZone').filter((z) => z !== 'UTC')];
  const needle = typed.trim().toLowerCase().replace(/\s+/g, '_');
  if (!needle) return ['UTC', 'Europe/London', 'Europe/Berlin', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Asia/Kolkata', 'Asia/Shanghai', 'Australia/Sydney'].slice(0, limit);
  const starts = timezoneNames.filter((z) => z.toLowerCase().startsWith(needle) || z.toLowerCase().split('/').pop()!.startsWith(needle));
  const contains = timezoneNames.filter((z) => !starts.includes(z) && z.toLowerCase().includes(needle));
  return [...starts, ...contains].slice(0, limit);
}
