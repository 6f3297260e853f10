/**
 * Bot instances for the several-process benchmarks: each one a real child process (bench/lib/instance-main.ts)
 * with its own store connection and `createCore`, driven by messages: the parent starts it, waits for a message
 * of a given type, and sends it commands. The messages both sides exchange are declared here.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RecordedPost } from './digest-workload.js';
import type { StoreCounts } from './store-counter.js';

/** What an instance is for: `writer` ingests papers on command; `digest` runs one digest tick on command. */
export type InstanceRole = 'writer' | 'digest';

/** Messages from an instance to its parent. */
export type InstanceMessage =
  | { type: 'ready'; startupSeconds: number }
  | { type: 'written'; at: number; added: number }
  | { type: 'ticked'; finishedAt: number; busy: boolean; channels: number; posts: RecordedPost[]; seconds: number; cpuSeconds: number; counts: StoreCounts };

/** Messages from the parent to an instance. */
export type InstanceCommand = { type: 'ingest' } | { type: 'tick'; at: string };

/** A running instance: send it commands, wait for its messages, wait for it to exit. */
export interface Instance {
  send(command: InstanceCommand): void;
  /** The next message of `type` (queued ones first); rejects when the process exits before sending it. */
  next<T extends InstanceMessage['type']>(type: T): Promise<Extract<InstanceMessage, { type: T }>>;
  /** Kill it (if still running) and wait for it to exit. */
  stop(): Promise<void>;
}

/** Start `role` as a child process with `args` (`--name value` pairs); its stdout and stderr are passed through. */
export function startInstance(role: InstanceRole, args: Record<string, string | number>): Instance {
  const script = fileURLToPath(new URL('./instance-main.ts', import.meta.url));
  const argv = [role, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, String(v)])];
  // Under tsx (the bench) the flags already load it; elsewhere (vitest) load it for the TypeScript entry.
  const execArgv = process.execArgv.some((flag) => flag.includes('tsx')) ? process.execArgv : ['--import', 'tsx', ...process.execArgv];
  const child: ChildProcess = fork(script, argv, { execArgv, stdio: 'inherit' });
  const queued: InstanceMessage[] = [];
  const waiting: { type: string; resolve: (m: InstanceMessage) => void; reject: (e: Error) => void }[] = [];
  let exited: Error | undefined;
  child.on('message', (raw) => {
    const message = raw as InstanceMessage;
    const at = waiting.findIndex((w) => w.type === message.type);
    if (at >= 0) waiting.splice(at, 1)[0].resolve(message);
    else queued.push(message);
  });
  const gone = new Promise<void>((resolve) =>
    child.on('exit', (code) => {
      exited = new Error(`bench instance "${role}" exited with code ${code}`);
      for (const w of waiting.splice(0)) w.reject(exited);
      resolve();
    }),
  );
  return {
    send: (command) => void child.send(command),
    next: <T extends InstanceMessage['type']>(type: T) =>
      new Promise<Extract<InstanceMessage, { type: T }>>((resolve, reject) => {
        const at = queued.findIndex((m) => m.type === type);
        if (at >= 0) return resolve(queued.splice(at, 1)[0] as Extract<InstanceMessage, { type: T }>);
        if (exited) return reject(exited);
        waiting.push({ type, resolve: resolve as (m: InstanceMessage) => void, reject });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill();
      await gone;
    },
  };
}
