// anwei's database: which one DATABASE_URL names, one Prisma client over it (SQLite through libsql,
// PostgreSQL through pg, no native engine either way), and its migrations: applied by `anwei start` and
// `npm run db:migrate`, only checked by every other command.

import { createRequire } from 'node:module';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PrismaClient } from './generated/sqlite/client.ts';
import type { Provider } from './engine.ts';
import { PROVIDER_LABELS, migrationFiles, migrationNames } from './layout.ts';
import { databaseText } from '../domain/text/database.ts';

export type { PrismaClient };
export type { Prisma } from './generated/sqlite/client.ts';
export type {
  AuditLog,
  DeadlineComputation,
  Enterprise,
  Hazard,
  HazardEvent,
  Notice,
  Person,
  ProfileVersion,
  Sector,
  Town,
  Village,
} from './generated/sqlite/client.ts';
export type { Provider };

export interface Database {
  /** The same model API on both providers (typed by the SQLite client; the PostgreSQL one is identical). */
  readonly prisma: PrismaClient;
  readonly provider: Provider;
  /** Disconnects; safe to call more than once. */
  close(): Promise<void>;
}

/** DATABASE_URL is missing a part, malformed, or names a database anwei cannot use. Never quotes the URL. */
export class DatabaseUrlError extends Error {
  override name = 'DatabaseUrlError';
}

/** The database does not exist yet, or lacks migrations of the project: `anwei start` or `npm run db:migrate` applies them. */
export class SchemaBehindError extends Error {
  override name = 'SchemaBehindError';
}

type Target = { provider: 'sqlite'; url: string; path: string } | { provider: 'postgresql'; url: string };

const SQLITE_FILE = 'anwei.db';

/** DATABASE_URL when set, else the SQLite file anwei.db in `dataDir` (made absolute). */
export function databaseUrlFromEnv(env: Readonly<Record<string, string | undefined>>, dataDir: string): string {
  const configured = env.DATABASE_URL?.trim();
  if (configured !== undefined && configured !== '') {
    parseDatabaseUrl(configured);
    return configured;
  }
  return pathToFileURL(resolve(dataDir, SQLITE_FILE)).href;
}

/** Which provider a URL names; throws DatabaseUrlError when it names none. */
export function providerOf(url: string): Provider {
  return parseDatabaseUrl(url).provider;
}

// `file:` URLs as libsql reads them: optional `//` plus empty or `localhost` authority, percent-decoded
// path, relative paths against the working directory.
const FILE_URL = /^file:(?:\/\/([^/?#]*))?([^?#]*)(?:\?[^#]*)?(?:#.*)?$/s;

function parseDatabaseUrl(raw: string): Target {
  const url = raw.trim();
  if (url === '') throw new DatabaseUrlError(databaseText.urlEmpty);
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();

  if (scheme === 'file') {
    const match = FILE_URL.exec(url);
    const authority = match?.[1];
    if (!match || (authority !== undefined && authority !== '' && authority.toLowerCase() !== 'localhost')) {
      throw new DatabaseUrlError(databaseText.urlMalformed('SQLite'));
    }
    let path: string;
    try {
      path = decodeURIComponent(match[2] ?? '');
    } catch {
      throw new DatabaseUrlError(databaseText.urlMalformed('SQLite'));
    }
    if (path === '') throw new DatabaseUrlError(databaseText.urlSqliteNoPath);
    return { provider: 'sqlite', url, path: path.startsWith(':memory:') ? path : resolve(path) };
  }

  if (scheme === 'postgres' || scheme === 'postgresql') {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DatabaseUrlError(databaseText.urlMalformed('PostgreSQL'));
    }
    if (parsed.pathname.replace(/^\//, '') === '') throw new DatabaseUrlError(databaseText.urlNoDatabase);
    const schema = parsed.searchParams.get('schema');
    if (schema !== null) {
      // Prisma URLs often carry ?schema=public; pg would ignore it silently, and anything else would
      // put the tables somewhere other than where the migrations expect them.
      if (schema !== 'public') throw new DatabaseUrlError(databaseText.urlSchemaUnsupported(schema));
      parsed.searchParams.delete('schema');
      return { provider: 'postgresql', url: parsed.toString() };
    }
    return { provider: 'postgresql', url };
  }

  if (scheme === undefined) throw new DatabaseUrlError(databaseText.urlMalformed('?'));
  throw new DatabaseUrlError(databaseText.urlUnknownScheme(`${scheme}:`));
}

const SECRET_PARAMS = /^(password|sslpassword|authtoken|auth_token|token|secret|key)$/i;

/** The URL with its password (and any secret-looking query parameter) replaced by ***; for logs and messages. */
export function redactDatabaseUrl(url: string): string {
  const trimmed = url.trim();
  // SQLite file URLs carry no secrets, and URL parsing would rewrite relative paths.
  if (/^file:/i.test(trimmed)) return trimmed;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1];
    return databaseText.unparsableUrl(scheme);
  }
  let changed = false;
  if (parsed.password) {
    parsed.password = '***';
    changed = true;
  }
  for (const key of [...parsed.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) {
      parsed.searchParams.set(key, '***');
      changed = true;
    }
  }
  return changed ? parsed.toString() : trimmed;
}

function where(target: Target): string {
  return target.provider === 'sqlite' ? databaseText.sqliteWhere(target.path) : databaseText.postgresWhere(redactDatabaseUrl(target.url));
}

async function importGenerated<T>(provider: Provider, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('generated')) {
      throw new Error(databaseText.clientMissing(PROVIDER_LABELS[provider]), { cause: error });
    }
    throw error;
  }
}

/**
 * Every SQLite connection's settings, run when it opens:
 * - busy_timeout: wait up to 5 s for another process's lock (libsql's default is 0), so the engine and the
 *   CLI writing at once wait for each other instead of failing with SQLITE_BUSY.
 * - synchronous=NORMAL: with WAL, a commit survives a crash of the process; only a power cut can lose
 *   the last commits (the default FULL syncs the disk on every commit, ~3x slower here).
 */
const BUSY_TIMEOUT_MS = 5000;
const CONNECTION_PRAGMAS = [`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`, 'PRAGMA synchronous = NORMAL'];

/**
 * Prepared statements a connection keeps, by SQL text (the least recently used one goes first). Prisma runs
 * the same few hundred shapes all day; libsql would prepare each statement again every time it runs.
 */
const KEPT_STATEMENTS = 500;

type LibSqlFactory = typeof import('@prisma/adapter-libsql').PrismaLibSql;
type LibSqlConfig = Parameters<InstanceType<LibSqlFactory>['createClient']>[0];
type Sqlite3 = typeof import('@libsql/client/sqlite3');
type Connection = import('libsql').Database;
/** libsql's connection class, as @libsql/client itself loads it. */
type Libsql = new (path: string) => Connection;

/** A libsql connection that keeps its prepared statements (see KEPT_STATEMENTS), with CONNECTION_PRAGMAS set. */
function openConnection(Libsql: Libsql, path: string): Connection {
  const db = new Libsql(path);
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, ReturnType<Connection['prepare']>>();
  // libsql runs each statement to its end before it returns (or fails it, which resets it): a kept statement
  // is never still running when it is asked for again.
  db.prepare = ((sql: string) => {
    let statement = kept.get(sql);
    if (statement) kept.delete(sql);
    else statement = prepare(sql);
    kept.set(sql, statement);
    if (kept.size > KEPT_STATEMENTS) kept.delete(kept.keys().next().value!);
    return statement;
  }) as Connection['prepare'];
  db.exec(CONNECTION_PRAGMAS.map((p) => `${p};`).join('\n'));
  return db;
}

/**
 * The libsql client of a SQLite file, over two connections it keeps: one for queries, one for transactions.
 * libsql's own client opens a new connection after each transaction (the transaction keeps the old one, so
 * a query outside it never runs inside it); Prisma's adapter already holds its lock from BEGIN to COMMIT or
 * ROLLBACK, so one transaction connection, used again, is enough.
 */
function sqliteAdapter(Base: LibSqlFactory, { Sqlite3Client, Sqlite3Transaction }: Sqlite3, Libsql: Libsql, path: string): LibSqlFactory {
  return class extends Base {
    override createClient(config: LibSqlConfig) {
      // libsql's client checks the URL and that the file opens, and reports it as it always has; then it gives way.
      super.createClient(config).close();
      const client = new Sqlite3Client(path, {}, openConnection(Libsql, path), 'number');
      let tx: { db: Connection; client: InstanceType<Sqlite3['Sqlite3Client']> } | undefined;
      // BEGIN IMMEDIATE, not Prisma's DEFERRED: a transaction that reads and then writes takes the
      // write lock first (waiting busy_timeout for it), instead of failing with SQLITE_BUSY when another
      // process wrote between its read and its write. Transactions in one process are serialized anyway.
      client.transaction = async () => {
        // One left unfinished (a COMMIT that failed) is not carried into the next.
        if (tx?.db.inTransaction) tx = void tx.client.close();
        if (!tx) {
          const db = openConnection(Libsql, path);
          tx = { db, client: new Sqlite3Client(path, {}, db, 'number') };
        }
        try {
          await tx.client.execute('BEGIN IMMEDIATE');
        } catch (error) {
          // A BEGIN that gave up waiting (busy_timeout) stays unfinished on its connection: the next
          // transaction on it could write but never COMMIT ("SQL statements in progress"), holding the
          // write lock from every other process. The next transaction opens a new one instead.
          tx = void tx.client.close();
          throw error;
        }
        return new Sqlite3Transaction(tx.db, 'number');
      };
      const close = client.close.bind(client);
      client.close = () => {
        tx?.client.close();
        tx = undefined;
        close();
      };
      return client;
    }
  };
}

async function createPrismaClient(target: Target): Promise<PrismaClient> {
  if (target.provider === 'sqlite') {
    const [{ PrismaClient: SqliteClient }, { PrismaLibSql }, sqlite3] = await Promise.all([
      importGenerated('sqlite', () => import('./generated/sqlite/client.ts')),
      import('@prisma/adapter-libsql'),
      import('@libsql/client/sqlite3'),
    ]);
    const libsql = createRequire(createRequire(import.meta.url).resolve('@libsql/client'))('libsql') as Libsql;
    // As libsql names an in-memory database.
    const path = target.path.startsWith(':memory:') ? `file:${target.path}` : target.path;
    return new SqliteClient({ adapter: new (sqliteAdapter(PrismaLibSql, sqlite3, libsql, path))({ url: target.url }) });
  }
  const [{ PrismaClient: PostgresClient }, { PrismaPg }] = await Promise.all([
    importGenerated('postgresql', () => import('./generated/postgres/client.ts')),
    import('@prisma/adapter-pg'),
  ]);
  const client = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url }) });
  // Generated from the same models, the two clients differ only in filters SQLite lacks (string `mode`).
  return client as unknown as PrismaClient;
}

/** A Prisma client for the database `url` names (file: → SQLite, postgres(ql):// → PostgreSQL). */
export async function openDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  const prisma = await createPrismaClient(target);
  if (target.provider === 'sqlite') {
    // The engine and the CLI open the same file at once: readers proceed while the worker writes
    // (WAL is a property of the file; the per-connection settings are in sqliteAdapter).
    if (!target.path.startsWith(':memory:')) await switchToWal(prisma);
  }
  let closing: Promise<void> | undefined;
  return {
    prisma,
    provider: target.provider,
    close: () => (closing ??= prisma.$disconnect()),
  };
}

/**
 * Puts the file in WAL mode (the migrator leaves a new file in rollback-journal mode; once switched, the
 * pragma only reads). The switch asks for the write lock from inside a read, and there SQLite does not wait
 * (busy_timeout): while another process writes — or switches the same file, as commands started together
 * on a newly migrated folder do — it fails at once with SQLITE_BUSY. So it is tried again for as long as
 * busy_timeout would have waited (an attempt may itself wait that long for the read: 10 s at worst).
 */
async function switchToWal(prisma: PrismaClient): Promise<void> {
  const giveUp = performance.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
      return;
    } catch (error) {
      if (!sqliteBusy(error) || performance.now() > giveUp) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * The database for a command that does not migrate (every one but `anwei start` and `npm run db:migrate`),
 * after one query of `_prisma_migrations`: a database that does not exist yet or lacks a migration of the
 * project's migrations folder is refused (SchemaBehindError), never created or changed.
 */
export async function openMigratedDatabase(url: string): Promise<Database> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite' && !target.path.startsWith(':memory:') && !existsSync(target.path)) {
    throw new SchemaBehindError(databaseText.notCreated(where(target)));
  }
  const db = await openDatabase(url);
  try {
    const applied = new Set(await appliedMigrations(db));
    const missing = migrationNames(migrationFiles(target.provider).migrationsDir).filter((name) => !applied.has(name));
    if (missing.length > 0) throw new SchemaBehindError(databaseText.schemaBehind(where(target), missing));
    return db;
  } catch (error) {
    await db.close();
    if (databaseMissing(error)) throw new SchemaBehindError(databaseText.notCreated(where(target)));
    throw error;
  }
}

/** The migrations recorded as finished (and not rolled back); none when the table is not there yet. */
async function appliedMigrations(db: Database): Promise<string[]> {
  const table =
    db.provider === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_prisma_migrations'"
      : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename = '_prisma_migrations'";
  if ((await db.prisma.$queryRawUnsafe<unknown[]>(table)).length === 0) return [];
  const rows = await db.prisma.$queryRawUnsafe<Array<{ migration_name: string }>>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return rows.map((row) => row.migration_name);
}

/** SQLITE_BUSY (any extended code), as Prisma's libsql adapter reports it: SQLite's code in `originalCode`. */
function sqliteBusy(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } }).meta;
  return (Number(meta?.driverAdapterError?.cause?.originalCode) & 0xff) === 5;
}

/** PostgreSQL's "database does not exist", as Prisma's driver adapter reports it. */
function databaseMissing(error: unknown): boolean {
  const meta = (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta;
  return meta?.driverAdapterError?.cause?.kind === 'DatabaseDoesNotExist';
}

/** A lock file older than this was left by a process that died while migrating. */
const MIGRATION_LOCK_STALE_MS = 60_000;

/**
 * Runs `work` holding `<file>.migrating`. Two processes migrating one new SQLite file at once (the first
 * `npm start` and a command in another terminal) otherwise race: all but one fail, and one that loses
 * half-way can leave a migration recorded as failed, after which no migration applies at all.
 */
async function withMigrationLock<T>(dbPath: string, work: () => Promise<T>): Promise<T> {
  const lock = `${dbPath}.migrating`;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > MIGRATION_LOCK_STALE_MS) rmSync(lock, { force: true });
      else await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { force: true });
  }
}

/**
 * Applies the migrations the database lacks, creating the SQLite file and its folder if needed.
 * Returns the names applied (empty when already up to date); says what it does through `log`.
 */
export async function migrateDatabase(url: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const target = parseDatabaseUrl(url);
  if (target.provider === 'sqlite' && !target.path.startsWith(':memory:')) mkdirSync(dirname(target.path), { recursive: true });
  log(databaseText.checking(where(target)));
  const started = performance.now();
  let applied: string[];
  try {
    const { deployMigrations } = await import('./engine.ts');
    const deploy = () => deployMigrations(migrationFiles(target.provider), target.url);
    // PostgreSQL's engine takes an advisory lock; on SQLite, processes take turns by a lock file.
    applied = target.provider === 'sqlite' && !target.path.startsWith(':memory:') ? await withMigrationLock(target.path, deploy) : await deploy();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(databaseText.migrateFailed(where(target), reason), { cause: error });
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (applied.length === 0) {
    log(databaseText.upToDate(seconds));
  } else {
    for (const name of applied) log(databaseText.applied(name));
    log(databaseText.appliedSummary(applied.length, seconds));
  }
  return applied;
}
