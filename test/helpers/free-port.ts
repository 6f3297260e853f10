/** A TCP port that was free on 127.0.0.1 a moment ago, for servers a test starts on a port it must know first. */
import { createServer } from 'node:net';

/** Ask the OS for a free port on 127.0.0.1 and give it back at once. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A port on 127.0.0.1 where nothing listens, for "cannot reach" tests. It is below the range the OS gives to
 * `listen(0)`, so no server a test starts can take it (a port a test has just closed can be given at once to a
 * server of a test file running in parallel), and it is not one of the ports `fetch` refuses to try (1 is).
 */
export const CLOSED_PORT = 2;

/**
 * `start` a server that must be told its port before it listens (a bot's Slack `PORT`, Postgres): on a port
 * `freePort` gives, and again on another when `portTaken` says that one was taken in between (a server of a test
 * file running in parallel, another process on the machine), at most three times.
 */
export async function onFreePort<R>(start: (port: number) => Promise<R>, portTaken: (error: unknown) => boolean): Promise<R> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await start(port);
    } catch (error) {
      if (attempt === 3 || !portTaken(error)) throw error;
    }
  }
}
