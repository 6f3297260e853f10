/**
 * A small fake of Slack on 127.0.0.1 for driving the real Bolt app: the Web API methods the bot calls
 * (recorded with their arguments, `blocks` parsed from the form-encoded JSON string), scripted failures
 * (`channel_not_found`, 429 with Retry-After), a `response_url` sink that records what `respond` sent, and a
 * Socket Mode WebSocket (`apps.connections.open`, `hello`, envelopes and their acknowledgements). For OAuth
 * distribution it knows several workspaces: `oauth.v2.access` exchanges a workspace's one-time code for its bot
 * token (client id and secret checked), and `auth.test` answers for whichever workspace the token belongs to.
 * For locked channels it knows people's workspace roles (`users.info`: admin, owner, primary owner; anyone not
 * set up is a plain member) and channels' creators (`conversations.info`).
 * Channels keep the messages posted to them: `conversations.history` returns them newest first, from `oldest`
 * on, in pages of `limit` with a cursor, and with their message metadata only when `include_all_metadata` is set.
 * `conversations.open` opens a person's direct-message channel: `D` + their user id, the same one every time.
 * A method can be made slow (`slow`): its answer, and what it does, come that many milliseconds after the request,
 * so a bot killed while waiting leaves a message Slack created but the bot never heard of.
 * A message posted with `thread_ts` is a reply in that thread: history leaves it out, `conversations.replies`
 * returns the thread (its parent first, then the replies, oldest first) under the same rules.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket, WebSocketServer } from 'ws';

export interface ApiCall {
  method: string;
  token: string | undefined;
  args: Record<string, any>;
}

export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
}

/** A scripted answer: an HTTP status (429 takes `retryAfter`) or a Slack error code. */
export type Scripted = { status: 429; retryAfter: number } | { error: string };

/** A message as the fake keeps it. */
export interface StoredMessage {
  ts: string;
  text: string;
  bot_id: string;
  /** The parent's ts, for a reply in a thread. */
  thread_ts?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
}

export const TEAM_ID = 'T0TEAM';
export const BOT_USER_ID = 'UBOT';
export const BOT_ID = 'BBOT';
export const BOT_TOKEN = 'xoxb-test-token';
export const APP_TOKEN = 'xapp-1-test-token';
export const CLIENT_ID = '1111.2222';
export const CLIENT_SECRET = 'fake-client-secret';

/** A person's workspace role, as `users.info` reports it. */
export interface FakeUserRole {
  is_admin?: boolean;
  is_owner?: boolean;
  is_primary_owner?: boolean;
}

/** A workspace the fake knows: its bot user, and the token `oauth.v2.access` issues for `code`. */
export interface FakeWorkspace {
  teamId: string;
  teamName: string;
  botUserId: string;
  botId: string;
  token: string;
  /** The one-time code Slack would put in the redirect after the user approves the install. */
  code: string;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  private readonly scripted = new Map<string, Scripted[]>();
  private readonly delays = new Map<string, number>();
  private readonly changes = new EventEmitter();
  private server?: Server;
  private readonly sockets = new WebSocketServer({ noServer: true });
  /** Open Socket Mode connections, oldest first (one per running app instance). */
  private readonly connections: WebSocket[] = [];
  private nextTs = 1;
  /** The fake's clock for message timestamps (Slack's `ts` is the posting time); tests may set it to theirs. */
  now: () => number = () => Date.now();
  /** Messages posted, by channel id, oldest first. */
  private readonly channelMessages = new Map<string, StoredMessage[]>();
  /** Bot tokens Slack accepts, with the workspace each belongs to. */
  private readonly tokens = new Map<string, FakeWorkspace>();
  /** Install codes not yet exchanged. */
  private readonly codes = new Map<string, FakeWorkspace>();
  /** Workspace roles by user id; users not here are plain members. */
  private readonly roles = new Map<string, FakeUserRole>();
  /** Channel creators by channel id. */
  private readonly creators = new Map<string, string>();
  url = '';

  constructor(
    readonly validBotToken = BOT_TOKEN,
    readonly validAppToken = APP_TOKEN,
  ) {
    this.changes.setMaxListeners(1000);
    this.tokens.set(validBotToken, { teamId: TEAM_ID, teamName: 'Fake Team', botUserId: BOT_USER_ID, botId: BOT_ID, token: validBotToken, code: '' });
  }

  /** Messages of a channel (thread replies included), oldest first, as the fake keeps them. */
  messagesIn(channelId: string): { ts: string; text: string; thread_ts?: string }[] {
    return (this.channelMessages.get(channelId) ?? []).map(({ ts, text, thread_ts }) => ({ ts, text, ...(thread_ts ? { thread_ts } : {}) }));
  }

  /** A workspace that can install the app: `oauth.v2.access` with `workspace.code` returns `workspace.token`, once. */
  addWorkspace(workspace: FakeWorkspace): void {
    this.codes.set(workspace.code, workspace);
  }

  /** `users.info` reports `role` for `userId`. */
  setUserRole(userId: string, role: FakeUserRole): void {
    this.roles.set(userId, role);
  }

  /** `conversations.info` reports `userId` as the creator of `channelId`. */
  setChannelCreator(channelId: string, userId: string): void {
    this.creators.set(channelId, userId);
  }

  /** Slack no longer accepts `token` (uninstalled, revoked). */
  revoke(token: string): void {
    this.tokens.delete(token);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      this.sockets.handleUpgrade(req, socket, head, (ws) => {
        this.connections.push(ws);
        ws.on('close', () => this.connections.splice(this.connections.indexOf(ws), 1));
        ws.send(JSON.stringify({ type: 'hello', num_connections: this.connections.length, connection_info: { app_id: 'A0APP' }, debug_info: { host: 'fake' } }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Base URL for `slackApiUrl`, with the trailing `/api/`. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A response_url the sink records under `id`. */
  responseUrl(id: string): string {
    return `${this.url}/respond/${id}`;
  }

  /** The next calls of `method` get these answers, in order, before normal service resumes. */
  script(method: string, ...answers: Scripted[]): void {
    this.scripted.set(method, [...(this.scripted.get(method) ?? []), ...answers]);
  }

  /** From now on `method` takes `ms` milliseconds before it acts and answers (0: at once again). */
  slow(method: string, ms: number): void {
    this.delays.set(method, ms);
  }

  /** The messages in `channel` as the fake keeps them, oldest first, with their metadata. */
  messages(channel: string): readonly StoredMessage[] {
    return this.channelMessages.get(channel) ?? [];
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolve once `check` holds (re-checked on every recorded call), or reject after `timeoutMs`. */
  waitFor(check: () => boolean, timeoutMs = 10_000, what = 'the fake Slack to see the expected calls'): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onChange = () => {
        if (!check()) return;
        clearTimeout(timer);
        this.changes.off('change', onChange);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changes.off('change', onChange);
        reject(new Error(`Timed out waiting for ${what}`));
      }, timeoutMs);
      this.changes.on('change', onChange);
    });
  }

  /**
   * Socket Mode: send an envelope (`slash_commands`, `events_api`) over one open WebSocket (as Slack, which
   * delivers each to one of an app's connections; default the newest) and resolve with the app's acknowledgement.
   */
  sendEnvelope(type: string, payload: Record<string, unknown>, id = `env-${this.nextTs++}`, connection = this.connections.length - 1): Promise<Record<string, unknown>> {
    const socket = this.connections[connection];
    if (!socket) return Promise.reject(new Error('No Socket Mode connection is open'));
    return new Promise((resolve) => {
      const onMessage = (data: Buffer) => {
        const message = JSON.parse(data.toString('utf8'));
        if (message.envelope_id !== id) return;
        socket.off('message', onMessage);
        resolve(message);
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }));
    });
  }

  /** How many Socket Mode connections are open. */
  get connectionCount(): number {
    return this.connections.length;
  }

  async stop(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    this.sockets.close();
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? '';
    if (path.startsWith('/respond/')) {
      this.responses.push({ id: path.slice('/respond/'.length), body: JSON.parse(raw) });
      this.changes.emit('change');
      return send(res, 200, 'ok', 'text/plain');
    }
    const method = path.replace(/^\/api\//, '').split('?')[0];
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? args.token;
    this.calls.push({ method, token, args });
    this.changes.emit('change');
    const delay = this.delays.get(method);
    if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
    const scripted = this.scripted.get(method)?.shift();
    if (scripted && 'status' in scripted) {
      res.setHeader('Retry-After', String(scripted.retryAfter));
      return send(res, 429, JSON.stringify({ ok: false, error: 'ratelimited' }));
    }
    if (scripted) return send(res, 200, JSON.stringify({ ok: false, error: scripted.error }));
    if (method === 'oauth.v2.access') return send(res, 200, JSON.stringify(this.exchange(args, req.headers.authorization)));
    const workspace = method === 'apps.connections.open' ? undefined : token && this.tokens.get(token);
    const valid = method === 'apps.connections.open' ? token === this.validAppToken : workspace !== undefined;
    if (!valid) return send(res, 200, JSON.stringify({ ok: false, error: 'invalid_auth' }));
    const answer = this.answer(method, args, workspace || undefined);
    if (delay) this.changes.emit('change');
    return send(res, 200, JSON.stringify(answer));
  }

  /** `oauth.v2.access`: the client id and secret must match; a code works once. */
  private exchange(args: Record<string, any>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic (.+)$/.exec(authorization ?? '')?.[1];
    const [clientId, clientSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [args.client_id, args.client_secret];
    if (clientId !== CLIENT_ID || clientSecret !== CLIENT_SECRET) return { ok: false, error: 'invalid_client_id' };
    const workspace = this.codes.get(args.code);
    if (!workspace) return { ok: false, error: 'invalid_code' };
    this.codes.delete(args.code);
    this.tokens.set(workspace.token, workspace);
    return {
      ok: true,
      app_id: 'A0APP',
      authed_user: { id: 'UINSTALLER' },
      scope: 'channels:join,chat:write,commands,reactions:read,reactions:write',
      token_type: 'bot',
      access_token: workspace.token,
      bot_user_id: workspace.botUserId,
      team: { id: workspace.teamId, name: workspace.teamName },
      enterprise: null,
      is_enterprise_install: false,
    };
  }

  /** Keep the message (with its metadata, which the client sends as a JSON string) in its channel. */
  private postMessage(args: Record<string, any>, workspace: FakeWorkspace): Record<string, unknown> {
    const ts = `${Math.floor(this.now() / 1000)}.${String(this.nextTs++).padStart(6, '0')}`;
    const metadata = typeof args.metadata === 'string' ? JSON.parse(args.metadata) : args.metadata;
    const thread = args.thread_ts ? { thread_ts: String(args.thread_ts) } : {};
    const message: StoredMessage = { ts, text: args.text, bot_id: workspace.botId, ...thread, ...(metadata ? { metadata } : {}) };
    this.channelMessages.set(args.channel, [...(this.channelMessages.get(args.channel) ?? []), message]);
    return { ok: true, channel: args.channel, ts, message: { text: args.text } };
  }

  /** Messages of the channel, not thread replies: newest first, `ts >= oldest`, in pages. */
  private history(args: Record<string, any>): Record<string, unknown> {
    const all = (this.channelMessages.get(args.channel) ?? []).filter((m) => !m.thread_ts || m.thread_ts === m.ts).reverse();
    return this.page(all, args);
  }

  /** The thread of `ts`: its parent, then its replies, oldest first, `ts >= oldest`, in pages. */
  private replies(args: Record<string, any>): Record<string, unknown> {
    const thread = (this.channelMessages.get(args.channel) ?? []).filter((m) => m.ts === args.ts || m.thread_ts === args.ts);
    if (thread.length === 0) return { ok: false, error: 'thread_not_found' };
    return this.page(thread, args);
  }

  /** `ts >= oldest`, `limit` per page (cursor = offset); metadata only with `include_all_metadata`. */
  private page(messages: StoredMessage[], args: Record<string, any>): Record<string, unknown> {
    const oldest = Number(args.oldest ?? 0);
    const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const all = messages.filter((m) => Number(m.ts) >= oldest);
    const offset = Number(args.cursor ?? 0);
    const limit = Number(args.limit ?? 100);
    const page = all.slice(offset, offset + limit).map(({ metadata, ...m }) => ({ type: 'message', ...m, ...(withMetadata && metadata ? { metadata } : {}) }));
    const more = offset + limit < all.length;
    return { ok: true, messages: page, has_more: more, response_metadata: { next_cursor: more ? String(offset + limit) : '' } };
  }

  private answer(method: string, args: Record<string, any>, workspace: FakeWorkspace | undefined): Record<string, unknown> {
    switch (method) {
      case 'auth.test': {
        const w = workspace!;
        return { ok: true, url: 'https://fake.slack.test/', team: w.teamName, user: 'paperboy', team_id: w.teamId, user_id: w.botUserId, bot_id: w.botId };
      }
      case 'chat.postMessage':
        return this.postMessage(args, workspace!);
      case 'conversations.history':
        return this.history(args);
      case 'conversations.replies':
        return this.replies(args);
      case 'apps.connections.open':
        return { ok: true, url: `${this.url.replace(/^http/, 'ws')}/link/?ticket=fake` };
      case 'conversations.open':
        return { ok: true, channel: { id: `D${args.users}` } };
      case 'conversations.join':
        return { ok: true, channel: { id: args.channel } };
      case 'users.info': {
        const role = this.roles.get(args.user) ?? {};
        return { ok: true, user: { id: args.user, team_id: workspace!.teamId, is_admin: false, is_owner: false, is_primary_owner: false, ...role } };
      }
      case 'conversations.info':
        return { ok: true, channel: { id: args.channel, is_channel: true, creator: this.creators.get(args.channel) ?? 'UNOBODY' } };
      default:
        return { ok: true };
    }
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Web API client sends form-encoded bodies with `blocks` as a JSON string; JSON bodies are read too. */
function parseArgs(raw: string, contentType: string): Record<string, any> {
  if (!raw) return {};
  if (contentType.includes('application/json')) return JSON.parse(raw);
  const args: Record<string, any> = Object.fromEntries(new URLSearchParams(raw));
  for (const key of ['blocks', 'attachments']) if (typeof args[key] === 'string') args[key] = JSON.parse(args[key]);
  return args;
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
