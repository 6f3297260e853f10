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
