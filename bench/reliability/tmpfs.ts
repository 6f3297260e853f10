/**
 * Small tmpfs mounts for disk-full and read-only faults. Mounting needs root (the benchmark runs as root here);
 * when it is not permitted, `mountTmpfs` returns undefined and the probes skip those faults and say so.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

export interface Mount {
  dir: string;
  /** Remount read-only. */
  readOnly(): void;
  unmount(): void;
}

/** Mount a tmpfs of `size` (like `1m`) on `dir`, or undefined when mounting is not permitted. */
export function mountTmpfs(dir: string, size: string): Mount | undefined {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch {
    return undefined;
  }
  return {
    dir,
    readOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount: () => {
      try {
        execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      } catch {
        // already gone
      }
    },
  };
}
