/**
 * `StoreError`: every failure of the database, in words. Opening a store that cannot be used says which file,
 * what is wrong and what to do; a failed write at run time carries a `userMessage` a chat reply can show as it
 * is. `kindOf` is the one place that turns sqlite's result codes into these kinds, `postgresKindOf` the one for
 * Postgres SQLSTATEs and connection failures; `postgresError` words a Postgres failure with the server (never the
 * password) and, when opening, names STORE_URL.
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
  | 'unreachable'
  | 'denied'
  | 'no-database'
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
  unreachable: {
    cause: 'the server cannot be reached (not running, a wrong host or port, or the connection dropped)',
    fix: 'start Postgres, or correct the host and port in STORE_URL',
  },
  denied: { cause: 'the server refused the user name or password', fix: 'correct the user and password in STORE_URL' },
  'no-database': { cause: 'the database does not exist', fix: 'create it (createdb <name>) or correct the database name in STORE_URL' },
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

/** Where the Postgres-specific wording differs from the file-based one above. */
const POSTGRES_CAUSES: Partial<Record<StoreErrorKind, { cause: string; fix: string }>> = {
  'read-only': { cause: 'the server only accepts reads (a standby, or default_transaction_read_only)', fix: 'point STORE_URL at the primary server' },
  'disk-full': { cause: "the database server's disk is full", fix: 'free disk space on the database server' },
  corrupt: { cause: 'the server reports corrupt data', fix: 'restore the database from a backup' },
  locked: { cause: 'a lock was not granted in time, or a deadlock was broken', fix: 'try again; look for long transactions in pg_stat_activity' },
  io: { cause: 'the database server reported an input/output error', fix: "check the server's disk" },
};

const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** The kind of failure a `pg` error (SQLSTATE in `code`) or a connection failure stands for; undefined when it is neither. */
export function postgresKindOf(error: unknown): StoreErrorKind | undefined {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  if (UNREACHABLE_CODES.has(code) || code.startsWith('08') || code === '57P01' || code === '57P03') return 'unreachable';
  if (/^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/i.test(message)) return 'unreachable';
  if (code === '28P01' || code === '28000') return 'denied';
  if (code === '3D000') return 'no-database';
  if (code === '25006') return 'read-only';
  if (code === '53100') return 'disk-full';
  if (code === '55P03' || code === '40001' || code === '40P01' || code === '57014') return 'locked';
  if (code === '58030') return 'io';
  if (code === 'XX001' || code === 'XX002') return 'corrupt';
  if (/^[0-9A-Z]{5}$/.test(code)) return 'unknown';
  return undefined;
}

/**
 * A Postgres failure as a `StoreError`: `server` is `host:port/database` (never the URL, which holds the
 * password), and `password` is blanked out of the driver's text too. `phase` 'open' names STORE_URL and says
 * what to do; 'read' and 'write' carry the matching `userMessage`. An error that is neither Postgres's nor the
 * network's (a caller's own) is passed through unchanged.
 */
export function postgresError(server: string, error: unknown, phase: 'open' | 'read' | 'write', password = ''): unknown {
  if (error instanceof StoreError) return error;
  const found = postgresKindOf(error);
  if (found === undefined && phase !== 'open') return error;
  const kind = found ?? 'unknown';
  const { cause, fix } = POSTGRES_CAUSES[kind] ?? CAUSES[kind];
  let detail = causeText(error);
  if (password) detail = detail.split(password).join('***');
  if (phase === 'open') {
    return new StoreError(kind, `STORE_URL: cannot open the Postgres store at ${server}: ${cause}. To fix: ${fix}. (${detail})`, { cause: error });
  }
  return new StoreError(kind, `Store ${phase} failed at Postgres ${server}: ${cause}. (${detail})`, {
    cause: error,
    userMessage: phase === 'write' ? WRITE_FAILED_MESSAGE : READ_FAILED_MESSAGE,
  });
}
