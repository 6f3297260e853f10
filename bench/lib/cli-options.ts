/**
 * The bench scripts' command lines, read one way: node's `parseArgs` plus `--help`. `--help` prints the usage and
 * exits 0; an unknown or malformed option, or a value a script refuses (`usageError`), prints the problem and the
 * usage and exits 2, never a stack trace.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The values of `options` on this process's command line (see the header). */
export function benchOptions<T extends Options>(options: T, usage: string): ReturnType<typeof parseArgs<{ options: T }>>['values'] {
  let values: { help?: boolean };
  try {
    ({ values } = parseArgs({ options: { ...options, help: { type: 'boolean' } } }));
  } catch (error) {
    usageError(usage, (error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  return values as ReturnType<typeof parseArgs<{ options: T }>>['values'];
}

/** Say what is wrong with the command line (if anything more than the usage), print the usage, exit 2. */
export function usageError(usage: string, problem?: string): never {
  process.stderr.write(`${problem ? `${problem}\n` : ''}${usage}\n`);
  process.exit(2);
}
