/**
 * Discord API payloads for the fake Discord: the gateway's READY and GUILD_CREATE, interactions, reactions and
 * message objects, with just the fields discord.js 14 reads.
 */

export const BOT_USER_ID = '900000000000000001';
export const APPLICATION_ID = '900000000000000002';
export const GUILD_ID = '900000000000000003';
export const CHANNEL_ID = '900000000000000004';

/** Permission bits used in tests. */
export const PERMISSIONS = {
  manageChannels: 1n << 4n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
} as const;

export const MEMBER_PERMISSIONS = (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages).toString();
export const MANAGER_PERMISSIONS = (PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.manageChannels).toString();

export function userObject(id: string, bot = false) {
  return { id, username: `user${id.slice(-3)}`, discriminator: '0', global_name: null, avatar: null, bot };
}

export function readyPayload(port: number) {
  return {
    v: 10,
    user: { ...userObject(BOT_USER_ID, true), username: 'paperboy', verified: true, mfa_enabled: false, flags: 0 },
    guilds: [{ id: GUILD_ID, unavailable: true }],
    session_id: 'fake-session',
    resume_gateway_url: `ws://127.0.0.1:${port}`,
    shard: [0, 1],
    application: { id: APPLICATION_ID, flags: 0 },
  };
}

export function guildCreatePayload() {
  return {
    id: GUILD_ID,
    name: 'Reading group',
    icon: null,
    owner_id: '900000000000000099',
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [{ id: GUILD_ID, name: '@everyone', color: 0, hoist: false, position: 0, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    preferred_locale: 'en-US',
    premium_tier: 0,
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
    joined_at: '2026-01-01T00:00:00.000Z',
    large: false,
    unavailable: false,
    member_count: 3,
    voice_states: [],
    members: [],
    channels: [{ id: CHANNEL_ID, type: 0, name: 'papers', position: 0, permission_overwrites: [], topic: null, nsfw: false, last_message_id: null, rate_limit_per_user: 0, parent_id: null }],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface InteractionSpec {
  id: string;
  token: string;
  /** 2 = slash command, 4 = autocomplete. */
  type: 2 | 4;
  subcommand: string;
  /** Options; `type` defaults to 3 (string): 4 is an integer, 5 a boolean. */
  options: { name: string; value: string | number | boolean; type?: number; focused?: boolean }[];
  userId: string;
  permissions: string;
  guildId?: string;
  channelId?: string;
}

export function interactionPayload(spec: InteractionSpec) {
  const guildId = spec.guildId ?? GUILD_ID;
  const channelId = spec.channelId ?? CHANNEL_ID;
  return {
    id: spec.id,
    application_id: APPLICATION_ID,
    type: spec.type,
    token: spec.token,
    version: 1,
    data: {
      id: '900000000000000010',
      name: 'papers',
      type: 1,
      options: [{ name: spec.subcommand, type: 1, options: spec.options.map((o) => ({ type: 3, ...o })) }],
    },
    guild_id: guildId,
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'papers', permissions: spec.permissions },
    member: {
      user: userObject(spec.userId),
      roles: [],
      permissions: spec.permissions,
      joined_at: '2026-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
      avatar: null,
      premium_since: null,
      pending: false,
    },
    app_permissions: MEMBER_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
  };
}

/**
 * A click on a message component (type 3, MESSAGE_COMPONENT): a button with `customId` on message `messageId`.
 * With `direct`, the click is in the bot's DM channel `channelId`: no server, no member, the clicking `user`.
 */
export function componentInteractionPayload(spec: { id: string; token: string; customId: string; messageId: string; userId: string; permissions: string; guildId?: string; channelId?: string; direct?: boolean }) {
  const base = interactionPayload({ ...spec, type: 2, subcommand: 'unused', options: [] });
  const channelId = spec.channelId ?? CHANNEL_ID;
  const click = {
    ...base,
    type: 3,
    data: { custom_id: spec.customId, component_type: 2 },
    message: { ...messageObject(spec.messageId, channelId, {}), components: [] },
  };
  if (!spec.direct) return click;
  const { guild_id: _guild, member: _member, guild_locale: _locale, ...direct } = click;
  return { ...direct, user: userObject(spec.userId), channel: { id: channelId, type: 1, recipients: [userObject(spec.userId)] }, authorizing_integration_owners: { '1': spec.userId }, context: 1 };
}

export function reactionPayload(spec: { messageId: string; userId: string; emoji: { name: string; id?: string | null }; channelId?: string; guildId?: string }) {
  return {
    user_id: spec.userId,
    channel_id: spec.channelId ?? CHANNEL_ID,
    message_id: spec.messageId,
    guild_id: spec.guildId ?? GUILD_ID,
    emoji: { id: spec.emoji.id ?? null, name: spec.emoji.name },
    burst: false,
    type: 0,
  };
}

/** A public thread (type 11) in `parentId`, as GET /channels/:id, THREAD_CREATE and GUILD_CREATE's `threads` show it. */
export function threadObject(spec: { id: string; parentId: string; guildId: string; name: string; archived: boolean }) {
  return {
    id: spec.id,
    type: 11,
    guild_id: spec.guildId,
    parent_id: spec.parentId,
    name: spec.name,
    owner_id: BOT_USER_ID,
    last_message_id: null,
    message_count: 0,
    member_count: 1,
    rate_limit_per_user: 0,
    flags: 0,
    total_message_sent: 0,
    thread_metadata: { archived: spec.archived, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString(), locked: false },
  };
}

/** A message object as the REST API returns it. */
export function messageObject(id: string, channelId: string, body: Record<string, unknown>) {
  return {
    id,
    channel_id: channelId,
    author: { ...userObject(BOT_USER_ID, true), username: 'paperboy' },
    content: typeof body.content === 'string' ? body.content : '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(body.embeds) ? body.embeds : [],
    pinned: false,
    type: 0,
    flags: typeof body.flags === 'number' ? body.flags : 0,
  };
}
