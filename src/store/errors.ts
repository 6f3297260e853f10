/**
 * `StoreError`: every failure of the database, in words. Opening a store that cannot be used says which file,
 * what is wrong and what to do; a failed write at run time carries a `userMessage` a chat reply can show as it
 * is. `fromSqliteError` is the one place that turns sqlite's result codes into these kinds; a new backend adds
 * its own mapping next to it (for Postgres: SQLSTATE 53100 disk full, 25006 read-only, 55P03/40001 locked).
 */

export type StoreErrorKind =
  | 'read-only'
  | 'directory-not-writable'
  | 'disk-full'
  | 'corrupt'
  | 'locked'
  | 'not-a-file'
  | 'unserialisable'
  | 'io'
  | 'unknown';

export const WRITE_FAILED_MESSAGE = "I couldn't save that; nothing changed.";
export const READ_FAILED_MESSAGE = "I couldn't read my saved data just now; please try again in a moment.";

const CAUSES: Record<StoreErrorKind, { cause: string; fix: string }> = {
  'read-only': { cause: 'the file is read-only', fix: 'make the file writable by the user running Paperboy (or point STORE_URL at a writable file)' },
  'directory-not-writable': {
    cause: 'its directory cannot be created or written (sqlite needs to create the -wal and -shm files next to it)',
    fix: 'make the directory writable, or point STORE_URL at a file in a writable directory',
  },
  'disk-full': { cause: 'the disk (or the store\'s size limit) is full', fix: 'free disk space, then try again' },
  corrupt: { cause: 'the file is corrupt or is not a sqlite database', fix: 'restore it from a backup, or move it away so a new store is created' },
  locked: {
    cause: 'it is locked by another process that holds a long write transaction',
    fix: 'stop the other process (another Paperboy or a sqlite shell) or wait for it to finish',
  },
  'not-a-file': { cause: 'the path is a directory or cannot be opened as a file', fix: 'point STORE_URL at a file path' },
  unserialisable: { cause: 'a value cannot be stored (it is circular or holds a BigInt or a function)', fix: 'this is a bug in Paperboy; report it' },
  io: { cause: 'the disk reported an input/output error', fix: 'check the disk and the file system' },
  unknown: { cause: 'an unexpected database error', fix: 'see the cause below' },
};

export class StoreError extends Error {
  /** What a chat user may be told. */
  readonly userMessage: string;

  constructor(
    readonly kind: StoreErrorKind,
    message: string,
    options: { cause?: unknown; userMessage?: string } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'StoreError';
    this.userMessage = options.userMessage ?? WRITE_FAILED_MESSAGE;
  }
}

/** The kind of failure an sqlite error (node-sqlite3: `code` like `SQLITE_READONLY`) or a file-system error stands for. */
export function kindOf(error: unknown): StoreErrorKind {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  if (code === 'SQLITE_READONLY' || code === 'EROFS') return 'read-only';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return 'disk-full';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return 'corrupt';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return 'locked';
  if (code === 'EISDIR') return 'not-a-file';
  if (code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EPERM' || code === 'ENOTDIR') return 'directory-not-writable';
  if (code === 'SQLITE_IOERR' || code === 'EIO') return /disk is full/i.test(message) ? 'disk-full' : 'io';
  if (code === 'SQLITE_PERM') return 'read-only';
  return 'unknown';
}

function causeText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error for a store at `path` that cannot be opened: file, cause in words, what to do. */
export function openError(path: string, error: unknown, kind: StoreErrorKind = kindOf(error)): StoreError {
  if (error instanceof StoreError) return error;
  const { cause, fix } = CAUSES[kind];
  return new StoreError(kind, `Cannot use the store at ${path}: ${cause}. To fix: ${fix}. (${causeText(error)})`, { cause: error });
}

/** The error for a value that cannot be stored (thrown before anything is written). */
export function unserialisableError(key: string, error: unknown): StoreError {
  return new StoreError('unserialisable', `Cannot store "${key}": ${CAUSES.unserialisable.cause}. (${causeText(error)})`, { cause: error });
}

/** The error for a failed operation at run time; passes errors that are not the database's (a caller's own) through. */
export function runtimeError(path: string, error: unknown, writing: boolean): unknown {
  if (error instanceof StoreError) return error;
  const kind = kindOf(error);
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const fromDatabase = code.startsWith('SQLITE_') || /^E[A-Z]+$/.test(code);
  if (!fromDatabase) return error;
  const { cause } = CAUSES[kind];
  return new StoreError(kind, `Store ${writing ? 'write' : 'read'} failed at ${path}: ${cause}. (${causeText(error)})`, {
    cause: error,
    userMessage: writing ? WRITE_FAILED_MESSAGE : READ_FAILED_MESSAGE,
  });
}
