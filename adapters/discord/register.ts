/**
 * `npm run discord:register`: registers `/papers` with Discord, generated from the shared command table.
 * With DISCORD_GUILD_ID set it registers in that one server (instant, for development); otherwise globally.
 * Run it again after the command table changes; `-- --remove` takes the command away from that scope again
 * (for example the server-only copy, once the global one is registered).
 */
import { fileURLToPath } from 'node:url';
import { DiscordAPIError, REST, Routes } from 'discord.js';
import { loadConfig, readEnvironment } from '../../src/config.js';
import { ConfigError } from '../../src/errors.js';
import { buildSlashCommand } from './slash-command.js';

export interface RegisterOptions {
  token: string;
  applicationId: string;
  /** Register in this server only; global when undefined. */
  guildId?: string;
  /** REST base URL without the version. Default: Discord's. */
  restApi?: string;
  /** Remove the application's commands from the scope instead of registering them. */
  remove?: boolean;
}

export interface RegisterResult {
  scope: 'guild' | 'global';
  subcommands: string[];
}

/** Replace the application's commands (in one server or globally) with `/papers`, or with none on `remove`. */
export async function registerCommands(options: RegisterOptions): Promise<RegisterResult> {
  const rest = new REST({ version: '10', retries: 1, ...(options.restApi ? { api: options.restApi } : {}) }).setToken(options.token);
  const body = buildSlashCommand();
  const route = options.guildId ? Routes.applicationGuildCommands(options.applicationId, options.guildId) : Routes.applicationCommands(options.applicationId);
  try {
    await rest.put(route, { body: options.remove ? [] : [body] });
  } catch (error) {
    throw new Error(explainRegistrationFailure(error, options));
  }
  return { scope: options.guildId ? 'guild' : 'global', subcommands: options.remove ? [] : (body.options ?? []).map((o) => o.name) };
}

/** What to do when Discord refused the registration. */
export function explainRegistrationFailure(error: unknown, options: RegisterOptions): string {
  const status = error instanceof DiscordAPIError ? error.status : undefined;
  const detail = error instanceof Error ? error.message : String(error);
  if (status === 401) return 'Discord rejected DISCORD_TOKEN. Reset the token under "Bot" in the Developer Portal and put it in .env.';
  if (status === 403 && options.guildId) {
    return `Discord refused to register in server ${options.guildId}: invite the bot there with the applications.commands scope (see "Run on Discord" in README.md), or unset DISCORD_GUILD_ID to register globally.`;
  }
  if (status === 403 || status === 404) {
    return `Discord refused the registration (${detail}). Check that DISCORD_APPLICATION_ID is the "Application ID" of the application the token belongs to.`;
  }
  return `Registering /papers failed: ${detail}`;
}

async function main(): Promise<void> {
  let discord;
  try {
    discord = loadConfig(readEnvironment()).discord;
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration problem: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (!discord) {
    process.stderr.write('DISCORD_TOKEN is not set. Put DISCORD_TOKEN and DISCORD_APPLICATION_ID in .env (see "Run on Discord" in README.md).\n');
    process.exit(2);
  }
  const remove = process.argv.includes('--remove');
  try {
    const result = await registerCommands({ ...discord, remove });
    const scope = result.scope === 'guild' ? `in server ${discord.guildId}` : 'globally';
    if (remove) process.stdout.write(`Removed /papers ${scope}.\n`);
    else process.stdout.write(`Registered /papers ${scope}${result.scope === 'guild' ? ' (available now)' : ' (may take a few minutes to appear everywhere)'} with subcommands: ${result.subcommands.join(', ')}.\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) void main();
