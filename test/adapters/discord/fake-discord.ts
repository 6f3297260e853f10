/**
 * A fake Discord on 127.0.0.1 for the real discord.js client: REST over http and a v10 gateway over WebSocket
 * on one ephemeral port. The gateway sends HELLO, checks IDENTIFY's token (a bad one gets close code 4004),
 * acknowledges heartbeats, sends READY and then GUILD_CREATE for each server (one text channel each), and can
 * dispatch any event. It shards as Discord does: IDENTIFY's `shard: [id, count]` (default [0, 1]) picks the
 * servers a session gets, `(guild_id >> 22) % count === id`; a server's events go only to sessions of the
 * shard that owns it, events without a server to shard 0; `GET /gateway/bot` recommends `recommendedShards`. REST records every call and answers what the adapter uses, with Discord's rules: authenticated
 * routes need `Bot <token>`, interaction callbacks and webhooks take none, a callback expires after 3 s
 * (10062) and a second acknowledgement fails (40060). Tests wait on recorded calls, never on time. Channels keep
 * their messages: a create with `enforce_nonce` and a nonce the bot used in that channel in the last few minutes
 * returns the first message instead of a new one; the list route returns them newest first after `after`, without
 * the nonce (only the create answer carries it). GET /channels/:id tells a channel's server. Threads: POST
 * /channels/:id/messages/:mid/threads starts one on a message (its id is the message's; a second start fails with
 * 160004; `failThreads` scripts a refusal such as a missing permission) and dispatches THREAD_CREATE; a thread
 * takes and lists messages like a channel, GET /channels/:id shows it with its parent, and GUILD_CREATE lists the
 * active ones (an archived thread is left out, as on Discord, so a new session has not seen it).
 * `POST /users/@me/channels` opens a person's DM channel (type 1, the same one every time); a person who blocks
 * direct messages (`blockDirectMessages`) gets none: a message there fails with 50007, as on Discord.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BOT_USER_ID, CHANNEL_ID, componentInteractionPayload, GUILD_ID, guildCreatePayload, interactionPayload, messageObject, reactionPayload, readyPayload, threadObject, userObject, type InteractionSpec } from './fake-payloads.js';

export const GOOD_TOKEN = 'fake-bot-token.abc.def';

export interface RecordedCall {
  method: string;
  /** Path after `/api/v10`, like `/channels/1/messages` (`%40` shown as `@`). */
  path: string;
  query: Record<string, string>;
  body: any;
  authorization?: string;
}

/** A server the bot is in, with its one text channel. */
export interface FakeGuild {
  id: string;
  channelId: string;
}

/** `[shard id, shard count]` as IDENTIFY and READY carry it. */
export type ShardTuple = [number, number];

/** The shard that gets a server's events when the bot runs `count` shards: Discord's `(guild_id >> 22) % count`. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export interface FakeDiscordOptions {
  /** Servers the bot is in. Default one: `GUILD_ID` with `CHANNEL_ID`. */
  guilds?: FakeGuild[];
  /** `shards` in `GET /gateway/bot`: what `shards: 'auto'` runs. Default 1. */
  recommendedShards?: number;
  /** Gateway IDENTIFY fails with 4004 even when REST accepted the token. */
  rejectIdentify?: boolean;
  /** Milliseconds an interaction can be acknowledged in. Default 3,000 as on Discord. */
  callbackExpiryMs?: number;
}

type Failure = { status: number; code: number; message: string };
/** A thread the fake knows: started on the message with its id, in `parentId`. */
type FakeThread = { id: string; parentId: string; guildId: string; name: string; archived: boolean };
type StoredMessage = ReturnType<typeof messageObject> & { nonce?: string | number; createdAt: number };

/** How long Discord remembers a nonce for `enforce_nonce` ("the past few minutes"). */
const NONCE_WINDOW_MS = 5 * 60_000;
type Waiter = { predicate: (call: RecordedCall) => boolean; resolve: (call: RecordedCall) => void };

export class FakeDiscord {
  readonly calls: RecordedCall[] = [];
  readonly identifies: { token: string; intents: number; shard?: ShardTuple }[] = [];
  private readonly waiters: Waiter[] = [];
  /** Identified sessions and the shard each runs. */
  private readonly sessions = new Map<WebSocket, ShardTuple>();
  private readonly interactions = new Map<string, { createdAt: number; acknowledged: boolean }>();
  private readonly channelFailures = new Map<string, Failure>();
  private readonly reactionFailures = new Map<string, Failure>();
  private readonly threadFailures = new Map<string, Failure>();
  private readonly threadPostFailures = new Map<string, Failure>();
  /** Threads by id. */
  private readonly threads = new Map<string, FakeThread>();
  private sequence = 0;
  private nextId = 1000n;
  private lastMessageId = 0n;
  /** Text channels and their server; a channel not listed here is unknown (10003). */
  private readonly channelGuilds = new Map<string, string>([[CHANNEL_ID, GUILD_ID]]);
  /** Messages by channel id, oldest first. */
  private readonly channelMessages = new Map<string, StoredMessage[]>();
  /** DM channels opened, by person, and each DM channel's person. */
  private readonly directChannelOf = new Map<string, string>();
  private readonly recipientOf = new Map<string, string>();
  /** People who accept no direct messages from the bot. */
  private readonly blockingDirect = new Set<string>();

  private constructor(
    private readonly server: Server,
    private readonly gateway: WebSocketServer,
    readonly port: number,
    private readonly options: FakeDiscordOptions,
  ) {
    for (const guild of options.guilds ?? []) this.channelGuilds.set(guild.channelId, guild.id);
  }

  /** Start on an ephemeral port. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    const gateway = new WebSocketServer({ server });
    await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
    const fake = new FakeDiscord(server, gateway, (server.address() as AddressInfo).port, options);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    gateway.on('connection', (socket) => fake.onConnection(socket));
    return fake;
  }

  /** The `rest.api` value for discord.js. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** A fresh snowflake-like id. */
  id(): string {
    this.nextId += 1n;
    return (910000000000000000n + this.nextId).toString();
  }

  /** Resolve with the first recorded call (past or future) matching `predicate`; reject after `timeoutMs`. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 5000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake Discord: the expected REST call never came')), timeoutMs);
      this.waiters.push({ predicate, resolve: (call) => (clearTimeout(timer), resolve(call)) });
    });
  }

  /** Calls whose method and path match. */
  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** A text channel in server `guildId` (another server than the bot's, for example). */
  addChannel(channelId: string, guildId: string): void {
    this.channelGuilds.set(channelId, guildId);
  }

  /** Messages in a channel as the list route shows them, oldest first. */
  messagesIn(channelId: string): ReturnType<typeof messageObject>[] {
    return (this.channelMessages.get(channelId) ?? []).map(listed);
  }

  /** Make posts to a channel fail with a Discord error. */
  failChannel(channelId: string, failure: Failure): void {
    this.channelFailures.set(channelId, failure);
  }

  /** Make starting threads in a channel fail with a Discord error (50013: no Create Public Threads permission). */
  failThreads(channelId: string, failure: Failure): void {
    this.threadFailures.set(channelId, failure);
  }

  /** Make posts into the threads of a channel fail with a Discord error (50013: no Send Messages in Threads). */
  failThreadPosts(channelId: string, failure: Failure): void {
    this.threadPostFailures.set(channelId, failure);
  }

  /** The threads started in `channelId`, oldest first. */
  threadsIn(channelId: string): FakeThread[] {
    return [...this.threads.values()].filter((t) => t.parentId === channelId);
  }

  /** Archive a thread (as Discord does after a week without messages): GUILD_CREATE no longer lists it. */
  archiveThread(threadId: string): void {
    this.threads.get(threadId)!.archived = true;
  }

  /** Make adding reactions in a channel fail with a Discord error. */
  failReactions(channelId: string, failure: Failure): void {
    this.reactionFailures.set(channelId, failure);
  }

  /** Dispatch INTERACTION_CREATE; returns the interaction's id and token. */
  sendInteraction(spec: Omit<InteractionSpec, 'id' | 'token' | 'type'> & { type?: 2 | 4 }): { id: string; token: string } {
    const id = this.id();
    const token = `interaction-token-${id}`;
    this.interactions.set(id, { createdAt: Date.now(), acknowledged: false });
    this.dispatch('INTERACTION_CREATE', interactionPayload({ type: 2, ...spec, id, token }));
    return { id, token };
  }

  /** Dispatch INTERACTION_CREATE for a button click (type 3); returns the interaction's id and token. */
  sendComponentInteraction(spec: Omit<Parameters<typeof componentInteractionPayload>[0], 'id' | 'token'>): { id: string; token: string } {
    const id = this.id();
    const token = `interaction-token-${id}`;
    this.interactions.set(id, { createdAt: Date.now(), acknowledged: false });
    this.dispatch('INTERACTION_CREATE', componentInteractionPayload({ ...spec, id, token }));
    return { id, token };
  }

  /** From now on `userId` accepts no direct messages from the bot: a message to their DM fails with 50007. */
  blockDirectMessages(userId: string): void {
    this.blockingDirect.add(userId);
  }

  /** The DM channel opened for `userId`, if one was. */
  directChannel(userId: string): string | undefined {
    return this.directChannelOf.get(userId);
  }

  /** Dispatch MESSAGE_REACTION_ADD or MESSAGE_REACTION_REMOVE. */
  sendReaction(action: 'add' | 'remove', spec: Parameters<typeof reactionPayload>[0]): void {
    this.dispatch(action === 'add' ? 'MESSAGE_REACTION_ADD' : 'MESSAGE_REACTION_REMOVE', reactionPayload(spec));
  }

  /** Send a dispatch event to the sessions of the shard that owns its `guild_id` (shard 0 when it has none). */
  dispatch(type: string, data: unknown): void {
    this.sequence += 1;
    const packet = JSON.stringify({ op: 0, t: type, s: this.sequence, d: data });
    const guildId = (data as { guild_id?: string } | null)?.guild_id;
    for (const [socket, [id, count]] of this.sessions) {
      if ((guildId === undefined ? 0 : shardOf(guildId, count)) === id) socket.send(packet);
    }
  }

  async close(): Promise<void> {
    for (const socket of this.gateway.clients) socket.terminate();
    await new Promise<void>((resolve) => this.gateway.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private onConnection(socket: WebSocket): void {
    socket.send(JSON.stringify({ op: 10, s: null, t: null, d: { heartbeat_interval: 45_000 } }));
    socket.on('close', () => this.sessions.delete(socket));
    socket.on('message', (raw) => {
      const packet = JSON.parse(raw.toString()) as { op: number; d: any };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11, s: null, t: null, d: null }));
      if (packet.op === 2) this.onIdentify(socket, packet.d);
    });
  }

  private onIdentify(socket: WebSocket, identify: { token: string; intents: number; shard?: ShardTuple }): void {
    this.identifies.push({ token: identify.token, intents: identify.intents, shard: identify.shard });
    if (identify.token !== GOOD_TOKEN || this.options.rejectIdentify) {
      socket.close(4004, 'Authentication failed.');
      return;
    }
    const [id, count] = identify.shard ?? [0, 1];
    if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
      socket.close(4010, 'Invalid shard.');
      return;
    }
    this.sessions.set(socket, [id, count]);
    const owned = (this.options.guilds ?? [{ id: GUILD_ID, channelId: CHANNEL_ID }]).filter((guild) => shardOf(guild.id, count) === id);
    const ready = { ...readyPayload(this.port), shard: [id, count], guilds: owned.map((guild) => ({ id: guild.id, unavailable: true })) };
    this.sequence += 1;
    socket.send(JSON.stringify({ op: 0, t: 'READY', s: this.sequence, d: ready }));
    // Right after READY: without its servers, discord.js waits 15 s before it declares the shard ready.
    for (const guild of owned) {
      this.sequence += 1;
      const active = [...this.threads.values()].filter((t) => t.guildId === guild.id && !t.archived).map(threadObject);
      socket.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: this.sequence, d: { ...guildPayload(guild), threads: active } }));
    }
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${this.port}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/api\/v10/, '').replace(/%40/g, '@'),
      query: Object.fromEntries(url.searchParams),
      body: text && (req.headers['content-type'] ?? '').includes('json') ? JSON.parse(text) : text || undefined,
      authorization: req.headers.authorization,
    };
    this.calls.push(call);
    const [status, payload] = this.route(call);
    if (payload === undefined) res.writeHead(status).end();
    else res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    for (const waiter of [...this.waiters]) {
      if (waiter.predicate(call)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  }

  private route(call: RecordedCall): [number, unknown] {
    const { method, path } = call;
    let m: RegExpExecArray | null;
    if ((m = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(path)) && method === 'POST') return this.callback(m[1]);
    if ((m = /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.exec(path))) {
      return method === 'DELETE' ? [204, undefined] : [200, messageObject(this.id(), '0', call.body ?? {})];
    }
    if (/^\/webhooks\/\d+\/[^/]+$/.test(path) && method === 'POST') return [200, messageObject(this.id(), '0', call.body ?? {})];
    if (call.authorization !== `Bot ${GOOD_TOKEN}`) return [401, { message: '401: Unauthorized', code: 0 }];
    if (path === '/gateway/bot') {
      // max_concurrency 16 (as for large bots): several shards identify at once instead of one every 5 s.
      const limit = { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 16 };
      return [200, { url: `ws://127.0.0.1:${this.port}`, shards: this.options.recommendedShards ?? 1, session_start_limit: limit }];
    }
    if (path === '/users/@me' && method === 'GET') return [200, { ...userObject(BOT_USER_ID, true), username: 'paperboy' }];
    if ((m = /^\/channels\/(\d+)$/.exec(path)) && method === 'GET') return this.channel(m[1]);
    if (path === '/users/@me/channels' && method === 'POST') return [200, this.openDirect(String(call.body?.recipient_id))];
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'POST') {
      if (this.blockingDirect.has(this.recipientOf.get(m[1]) ?? '')) return [403, { code: 50007, message: 'Cannot send messages to this user' }];
      const thread = this.threads.get(m[1]);
      const failure = this.channelFailures.get(m[1]) ?? (thread && this.threadPostFailures.get(thread.parentId));
      return failure ? [failure.status, { code: failure.code, message: failure.message }] : [200, this.createMessage(m[1], call.body)];
    }
    if ((m = /^\/channels\/(\d+)\/messages$/.exec(path)) && method === 'GET') return this.listMessages(m[1], call.query);
    if ((m = /^\/channels\/(\d+)\/messages\/(\d+)\/threads$/.exec(path)) && method === 'POST') return this.startThread(m[1], m[2], call.body);
    if ((m = /^\/channels\/(\d+)\/messages\/\d+\/reactions\/[^/]+\/@me$/.exec(path)) && method === 'PUT') {
      const failure = this.reactionFailures.get(m[1]);
      return failure ? [failure.status, { code: failure.code, message: failure.message }] : [204, undefined];
    }
    if (/^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path) && method === 'PUT') {
      return [200, (call.body as object[]).map((command) => ({ ...command, id: this.id(), application_id: '0', version: '1' }))];
    }
    return [404, { message: '404: Not Found', code: 0 }];
  }

  /** GET /channels/:id: unknown, unseeable (a scripted 10003 or 50001) or the channel with its server. */
  private channel(channelId: string): [number, unknown] {
    const failure = this.channelFailures.get(channelId);
    if (failure && (failure.code === 10003 || failure.code === 50001)) return [failure.status, { code: failure.code, message: failure.message }];
    const thread = this.threads.get(channelId);
    if (thread) return [200, threadObject(thread)];
    const recipient = this.recipientOf.get(channelId);
    if (recipient) return [200, { id: channelId, type: 1, recipients: [userObject(recipient)], last_message_id: null }];
    const guildId = this.channelGuilds.get(channelId);
    if (!guildId) return [404, { code: 10003, message: 'Unknown Channel' }];
    return [200, { id: channelId, type: 0, guild_id: guildId, name: 'papers', position: 0, permission_overwrites: [] }];
  }

  /** POST /channels/:id/messages/:mid/threads: a thread with the message's id, once per message; THREAD_CREATE follows. */
  private startThread(channelId: string, messageId: string, body: { name?: string }): [number, unknown] {
    const failure = this.threadFailures.get(channelId) ?? this.channelFailures.get(channelId);
    if (failure) return [failure.status, { code: failure.code, message: failure.message }];
    const guildId = this.channelGuilds.get(channelId);
    if (!guildId || this.threads.has(channelId)) return [404, { code: 10003, message: 'Unknown Channel' }];
    if (!(this.channelMessages.get(channelId) ?? []).some((m) => m.id === messageId)) return [404, { code: 10008, message: 'Unknown Message' }];
    if (this.threads.has(messageId)) return [400, { code: 160004, message: 'A thread has already been created for this message' }];
    const thread: FakeThread = { id: messageId, parentId: channelId, guildId, name: body.name ?? 'thread', archived: false };
    this.threads.set(messageId, thread);
    this.channelGuilds.set(messageId, guildId);
    this.dispatch('THREAD_CREATE', { ...threadObject(thread), newly_created: true });
    return [201, threadObject(thread)];
  }

  /** POST /users/@me/channels: the person's DM channel, opened once. */
  private openDirect(userId: string): unknown {
    let channelId = this.directChannelOf.get(userId);
    if (!channelId) {
      channelId = this.id();
      this.directChannelOf.set(userId, channelId);
      this.recipientOf.set(channelId, userId);
    }
    return { id: channelId, type: 1, recipients: [userObject(userId)], last_message_id: null };
  }

  /** A new message; with `enforce_nonce`, a nonce the bot used here within the window returns that message. */
  private createMessage(channelId: string, body: Record<string, any>): StoredMessage {
    const messages = this.channelMessages.get(channelId) ?? [];
    this.channelMessages.set(channelId, messages);
    const nonce = body.nonce as string | number | undefined;
    const repeated = body.enforce_nonce && nonce !== undefined && messages.find((m) => m.nonce === nonce && Date.now() - m.createdAt < NONCE_WINDOW_MS);
    if (repeated) return repeated;
    const message: StoredMessage = { ...messageObject(this.messageId(), channelId, body), createdAt: Date.now(), ...(nonce !== undefined ? { nonce } : {}) };
    messages.push(message);
    return message;
  }

  /** A message id as Discord makes them: a snowflake of the creation time (ms since 2015), increasing. */
  private messageId(): string {
    const fromTime = (BigInt(Date.now()) - 1_420_070_400_000n) << 22n;
    this.lastMessageId = fromTime > this.lastMessageId ? fromTime : this.lastMessageId + 1n;
    return this.lastMessageId.toString();
  }

  /** GET /channels/:id/messages: newest first, ids above `after`, at most `limit` (default 50, max 100). */
  private listMessages(channelId: string, query: Record<string, string>): [number, unknown] {
    if (!this.channelGuilds.has(channelId) && !this.recipientOf.has(channelId)) return [404, { code: 10003, message: 'Unknown Channel' }];
    const after = BigInt(query.after ?? '0');
    const limit = Math.min(Number(query.limit ?? 50), 100);
    const newer = (this.channelMessages.get(channelId) ?? []).filter((m) => BigInt(m.id) > after);
    // With `after`, Discord returns the `limit` messages right after it, newest of those first.
    return [200, newer.slice(0, limit).reverse().map(listed)];
  }

  private callback(interactionId: string): [number, unknown] {
    const interaction = this.interactions.get(interactionId);
    const expiry = this.options.callbackExpiryMs ?? 3000;
    if (!interaction || Date.now() - interaction.createdAt > expiry) return [404, { message: 'Unknown interaction', code: 10062 }];
    if (interaction.acknowledged) return [400, { message: 'Interaction has already been acknowledged.', code: 40060 }];
    interaction.acknowledged = true;
    return [204, undefined];
  }
}

/** GUILD_CREATE for `guild`: the default server's payload with its ids (the @everyone role's id is the server's). */
function guildPayload(guild: FakeGuild) {
  const base = guildCreatePayload();
  return {
    ...base,
    id: guild.id,
    roles: base.roles.map((role) => ({ ...role, id: guild.id })),
    channels: base.channels.map((channel) => ({ ...channel, id: guild.channelId })),
  };
}

/** A stored message as the list route shows it: no nonce, no bookkeeping. */
function listed(message: StoredMessage): ReturnType<typeof messageObject> {
  const { nonce: _nonce, createdAt: _createdAt, ...shown } = message;
  return shown;
}
