// Prisma's schema engine, compiled to WebAssembly, driven directly: deploys migrations, writes new ones and
// checks them for drift without the native binary the Prisma CLI would download. The only module that
// touches the engine's internal, unversioned API; tests/db exercise every path on both databases.

import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as glue from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';
import pg from 'pg';
import { databaseText } from '../domain/text/database.ts';
import { migrationNames } from './layout.ts';

export type Provider = 'sqlite' | 'postgresql';

/** One provider's schema and migration history on disk (prisma/sqlite/ or prisma/postgres/, or a copy). */
export interface MigrationFiles {
  provider: Provider;
  schemaPath: string;
  migrationsDir: string;
}

/** Where throwaway PostgreSQL databases may be made: needed to write and to drift-check PostgreSQL migrations. */
export interface PostgresScratch {
  /** A URL whose role may CREATE DATABASE; temporary databases are created and dropped through it. */
  adminUrl: string;
  /** Replay migrations here instead of in temporary databases; its `public` schema is wiped before each use. */
  shadowUrl?: string | undefined;
}

export interface CreatedMigration {
  /** The migration folder's name, `<UTC yyyymmddhhmmss>_<name>`. */
  name: string;
  directory: string;
  script: string;
}

export interface DriftReport {
  inSync: boolean;
  /** The engine's summary of what the schema has that the migrations do not (English, as Prisma prints it). */
  summary: string;
}

/** The engine failed; `message` is its first paragraph, `detail` everything it said. */
export class SchemaEngineError extends Error {
  override name = 'SchemaEngineError';
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

const NO_FILTERS: SchemaFilter = { externalTables: [], externalEnums: [] };
const LOCK_FILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';

// ---------------------------------------------------------------------------------------------------
// The WebAssembly module: one instance per process, created on first use.

interface PanicRegistry {
  set_message(message: string): void;
}

// lib ES2023 without DOM declares no WebAssembly global; these are the parts used here.
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
};

let lastPanic: string | undefined;
let instancePoisoned = false;
let instantiated = false;

function loadEngineModule(): void {
  if (instantiated) return;
  // The glue reports Rust panics to this global; without it a panic is a bare "unreachable".
  (globalThis as { PRISMA_WASM_PANIC_REGISTRY?: PanicRegistry }).PRISMA_WASM_PANIC_REGISTRY = {
    set_message(message: string) {
      lastPanic = message;
    },
  };
  const packageEntry = createRequire(import.meta.url).resolve('@prisma/schema-engine-wasm');
  const bytes = readFileSync(join(dirname(packageEntry), 'schema_engine_bg.wasm'));
  // The package's own entry imports the .wasm as an ES module, which Node 20 cannot do without a flag.
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': importsWithUnrefTimers() });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  instantiated = true;
}

/**
 * The engine arms timeouts (10 s around PostgreSQL's migration lock) and, having no clearTimeout import,
 * leaves them armed after the guarded work is done, which would hold a finished CLI process open for 10 s.
 * While the engine really waits, its database sockets keep the process alive anyway.
 */
function importsWithUnrefTimers(): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const name of Object.keys(imports).filter((key) => key.startsWith('__wbg_setTimeout_'))) {
    imports[name] = (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref();
  }
  return imports;
}

/** The engine's build (a prisma-engines commit); it must match the CLI's, 7.10.0 here. */
export function schemaEngineVersion(): string {
  loadEngineModule();
  return glue.version();
}

function engineError(error: unknown): SchemaEngineError {
  if (error instanceof SchemaEngineError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (error instanceof WebAssembly.RuntimeError) {
    // After a panic no call into this instance is safe.
    instancePoisoned = true;
    const panic = lastPanic ?? detail;
    return new SchemaEngineError(databaseText.enginePanic(panic), panic);
  }
  // The engine appends a span trace ("   0: sql_schema_connector::...") after the message proper.
  const headline = detail.split(/\n\s+0: /)[0]?.trim() || detail;
  return new SchemaEngineError(headline, detail);
}

// ---------------------------------------------------------------------------------------------------
// Migration folders, read and written exactly as the Prisma CLI does.

function readMigrations(migrationsDir: string): MigrationList {
  const lockPath = join(migrationsDir, LOCK_FILE);
  const directories = migrationNames(migrationsDir);
  return {
    baseDir: migrationsDir,
    lockfile: { path: LOCK_FILE, content: existsSync(lockPath) ? readFileSync(lockPath, 'utf8') : null },
    shadowDbInitScript: '',
    migrationDirectories: directories.map((path) => {
      const file = join(migrationsDir, path, MIGRATION_FILE);
      return {
        path,
        migrationFile: {
          path: MIGRATION_FILE,
          content: existsSync(file)
            ? { tag: 'ok' as const, value: readFileSync(file, 'utf8') }
            : { tag: 'error' as const, value: `${file} does not exist` },
        },
      };
    }),
  };
}

function lockFileText(connectorType: string): string {
  return (
    '# Please do not edit this file manually\n' +
    '# It should be added in your version-control system (e.g., Git)\n' +
    `provider = "${connectorType}"\n`
  );
}

function schemaFiles(files: MigrationFiles) {
  return [{ path: files.schemaPath, content: readFileSync(files.schemaPath, 'utf8') }];
}

// ---------------------------------------------------------------------------------------------------
// Connections the engine works through. Every connection a session opens is closed by the session.

interface Resources {
  /** Run on close, last registered first. */
  cleanups: Array<() => Promise<void>>;
}

async function closeAll(resources: Resources): Promise<void> {
  const problems: unknown[] = [];
  for (const cleanup of resources.cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      problems.push(error);
    }
  }
  if (problems.length > 0) throw problems[0];
}

/** Wraps an adapter so that the engine's own dispose and the session's close both work, in either order. */
function disposedOnce(adapter: SqlDriverAdapter, resources: Resources, release?: () => Promise<void>): SqlDriverAdapter {
  let disposed: Promise<void> | undefined;
  const dispose = () =>
    (disposed ??= (async () => {
      await adapter.dispose();
      await release?.();
    })());
  resources.cleanups.push(dispose);
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    queryRaw: (query) => adapter.queryRaw(query),
    executeRaw: (query) => adapter.executeRaw(query),
    executeScript: (script) => adapter.executeScript(script),
    startTransaction: (isolationLevel) => adapter.startTransaction(isolationLevel),
    ...(adapter.getConnectionInfo ? { getConnectionInfo: () => adapter.getConnectionInfo!() } : {}),
    dispose,
  };
}

/**
 * On a SQLite shadow database the engine replays each migration with one parameterless executeRaw, which
 * libsql limits to a single statement; a migration is a script, so run it as one.
 */
function rawCommandsAsScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    ...adapter,
    executeRaw: async (query) => {
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
  };
}

function sqliteFactory(url: string, resources: Resources): SqlMigrationAwareDriverAdapterFactory {
  const base = new PrismaLibSql({ url });
  return {
    provider: base.provider,
    adapterName: base.adapterName,
    connect: async () => disposedOnce(await base.connect(), resources),
    // libsql's shadow database is a private :memory: one, fresh for every call.
    connectToShadowDb: async () => rawCommandsAsScripts(disposedOnce(await base.connectToShadowDb(), resources)),
  };
}

// adapter-pg cannot deserialize the `"char"` (18) and `name` (19) columns the engine reads from pg_catalog
// while introspecting (prisma/orm#27403). Both arrive as text, so announce them as text (25).
const CATALOG_TEXT_TYPES = new Set([18, 19]);
const TEXT_TYPE = 25;

function announceCatalogTypesAsText(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const relabel = (result: unknown): unknown => {
    for (const field of (result as Partial<pg.QueryResult> | undefined)?.fields ?? []) {
      if (CATALOG_TEXT_TYPES.has(field.dataTypeID)) field.dataTypeID = TEXT_TYPE;
    }
    return result;
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const callback = args.at(-1);
    if (typeof callback === 'function') {
      // pg.Pool#query calls the client with a callback.
      args[args.length - 1] = (error: unknown, result: unknown) =>
        (callback as (error: unknown, result: unknown) => void)(error, error ? result : relabel(result));
      return query(...args);
    }
    const pending = query(...args);
    return pending instanceof Promise ? pending.then(relabel) : pending;
  };
}

function migrationPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('connect', announceCatalogTypesAsText);
  // An idle client losing its server must not crash the process; the next query reports the failure.
  pool.on('error', () => {});
  return pool;
}

async function pgAdapter(url: string, resources: Resources, release?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const pool = migrationPool(url);
  const adapter = await new PrismaPg(pool).connect();
  return disposedOnce(adapter, resources, async () => {
    await pool.end();
    await release?.();
  });
}

function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A throwaway database on the admin server, dropped (with any leftover connections) when released. */
async function temporaryDatabase(scratch: PostgresScratch, purpose: 'scratch' | 'shadow'): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `anwei_${purpose}_${randomBytes(6).toString('hex')}`;
  await withClient(scratch.adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  return {
    url: databaseUrl(scratch.adminUrl, name),
    drop: () => withClient(scratch.adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

async function wipePublicSchema(url: string): Promise<void> {
  await withClient(url, (client) => client.query('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public'));
}

/**
 * adapter-pg's own shadow database inherits the main connection string (so it is the main database) and is
 * dropped before its pool closes; each shadow connection here is a fresh database of our own.
 */
function postgresFactory(mainUrl: string, scratch: PostgresScratch | undefined, resources: Resources): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => pgAdapter(mainUrl, resources),
    connectToShadowDb: async () => {
      if (!scratch) throw new Error('this operation needs no shadow database');
      if (scratch.shadowUrl) {
        await wipePublicSchema(scratch.shadowUrl);
        return pgAdapter(scratch.shadowUrl, resources);
      }
      const shadow = await temporaryDatabase(scratch, 'shadow');
      return pgAdapter(shadow.url, resources, shadow.drop);
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Sessions: an engine over one main database, closed with everything it opened.

interface Session {
  engine: SchemaEngine;
  files: MigrationFiles;
}

async function withSession<T>(
  files: MigrationFiles,
  factory: (resources: Resources) => SqlMigrationAwareDriverAdapterFactory,
  resources: Resources,
  work: (session: Session) => Promise<T>,
): Promise<T> {
  if (instancePoisoned) {
    throw new SchemaEngineError(databaseText.enginePoisoned, 'instance poisoned by an earlier panic');
  }
  loadEngineModule();
  let engine: SchemaEngine | undefined;
  try {
    const datamodels: [string, string][] = schemaFiles(files).map((f) => [f.path, f.content]);
    engine = await glue.SchemaEngine.new({ datamodels }, engineLog, bindMigrationAwareSqlAdapterFactory(factory(resources)));
    return await work({ engine, files });
  } catch (error) {
    throw engineError(error);
  } finally {
    engine?.free();
    await closeAll(resources);
  }
}

function engineLog(line: string): void {
  // The engine's tracing output (JSON lines); it names no URLs, but can quote SQL.
  if (process.env.ANWEI_SCHEMA_ENGINE_DEBUG) process.stderr.write(`[schema-engine] ${line}\n`);
}

function mainFactory(files: MigrationFiles, url: string, scratch?: PostgresScratch) {
  return (resources: Resources) =>
    files.provider === 'sqlite' ? sqliteFactory(url, resources) : postgresFactory(url, scratch, resources);
}

// ---------------------------------------------------------------------------------------------------
// What callers use.

/**
 * Applies the migrations not yet applied to the database at `url` (`prisma migrate deploy`), recording them
 * in `_prisma_migrations` exactly as the CLI does. Returns the names applied, oldest first.
 */
export async function deployMigrations(files: MigrationFiles, url: string): Promise<string[]> {
  return withSession(files, mainFactory(files, url), { cleanups: [] }, async ({ engine }) => {
    const result = await engine.applyMigrations({ migrationsList: readMigrations(files.migrationsDir), filters: NO_FILTERS });
    return result.appliedMigrationNames;
  });
}

export interface CreateMigrationOptions {
  /** Needed for PostgreSQL. */
  postgres?: PostgresScratch | undefined;
  /** The folder name's timestamp (`yyyymmddhhmmss`, UTC); lets one change carry one name on both providers. */
  timestamp?: string | undefined;
}

/** `yyyymmddhhmmss` in UTC, as Prisma names migration folders. */
export function migrationTimestamp(at = new Date()): string {
  return at.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * Writes a migration taking the migration history to the schema (`prisma migrate dev --create-only`), or
 * returns undefined when there is nothing to migrate. Works on a scratch database that is thrown away.
 */
export async function createMigration(files: MigrationFiles, name: string, options: CreateMigrationOptions = {}): Promise<CreatedMigration | undefined> {
  if (options.timestamp !== undefined && !/^\d{14}$/.test(options.timestamp)) {
    throw new Error(`migration timestamp must be yyyymmddhhmmss, got "${options.timestamp}"`);
  }
  const resources: Resources = { cleanups: [] };
  let url: string;
  if (files.provider === 'sqlite') {
    // A file, not :memory:: the engine's main connection must outlive single queries. Deleted afterwards,
    // since the engine's reset does nothing on SQLite.
    const dir = mkdtempSync(join(tmpdir(), 'anwei-migrate-'));
    resources.cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    url = pathToFileURL(join(dir, 'scratch.db')).href;
  } else {
    const scratch = requirePostgresScratch(options.postgres);
    const database = await temporaryDatabase(scratch, 'scratch');
    resources.cleanups.push(database.drop);
    url = database.url;
  }

  return withSession(files, mainFactory(files, url, options.postgres), resources, async ({ engine }) => {
    const migrationsList = readMigrations(files.migrationsDir);
    // createMigration takes the history's schema only from a cache that devDiagnostic fills, and only for
    // the migrations the main database has applied (otherwise: "SQLite shadow DB must be provided through
    // an external factory"). So bring the scratch database up to date first; with no history yet this also
    // creates _prisma_migrations, without which devDiagnostic fails with P1014.
    await engine.applyMigrations({ migrationsList, filters: NO_FILTERS });
    const diagnostic = await engine.devDiagnostic({ migrationsList, filters: NO_FILTERS });
    if (diagnostic.action.tag === 'reset') {
      throw new SchemaEngineError(databaseText.historyDoesNotReplay(diagnostic.action.reason), diagnostic.action.reason);
    }
    const created = await engine.createMigration({
      draft: false,
      migrationName: name,
      migrationsList,
      schema: { files: schemaFiles(files) },
      filters: NO_FILTERS,
    });
    if (created.migrationScript === null) return undefined;

    const folder = options.timestamp ? `${options.timestamp}_${name}` : created.generatedMigrationName;
    const latest = migrationsList.migrationDirectories.at(-1)?.path;
    if (latest !== undefined && folder.localeCompare(latest) <= 0) {
      throw new SchemaEngineError(databaseText.migrationBeforeLatest(folder, latest), 'timestamp not after latest');
    }
    const directory = join(files.migrationsDir, folder);
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, `migration.${created.extension}`), created.migrationScript);
    writeFileSync(join(files.migrationsDir, LOCK_FILE), lockFileText(created.connectorType));
    return { name: folder, directory, script: created.migrationScript };
  });
}

/**
 * Replays the migration history on an empty database and compares the result with the schema
 * (`prisma migrate diff --from-migrations --to-schema --exit-code`). Touches no real database.
 */
export async function checkDrift(files: MigrationFiles, options: { postgres?: PostgresScratch | undefined } = {}): Promise<DriftReport> {
  const resources: Resources = { cleanups: [] };
  let url: string;
  if (files.provider === 'sqlite') {
    url = ':memory:';
  } else {
    const scratch = requirePostgresScratch(options.postgres);
    if (scratch.shadowUrl) {
      // The engine only connects to its main database here; the shadow database serves for both.
      url = scratch.shadowUrl;
    } else {
      const database = await temporaryDatabase(scratch, 'scratch');
      resources.cleanups.push(database.drop);
      url = database.url;
    }
  }
  return withSession(files, mainFactory(files, url, options.postgres), resources, async ({ engine }) => {
    const result = await engine.diff({
      from: { tag: 'migrations', ...readMigrations(files.migrationsDir) },
      to: { tag: 'schemaDatamodel', files: schemaFiles(files) },
      script: false,
      exitCode: true,
      filters: NO_FILTERS,
    });
    return { inSync: result.exitCode === 0, summary: (result.stdout ?? '').trim() };
  });
}

function requirePostgresScratch(scratch: PostgresScratch | undefined): PostgresScratch {
  if (!scratch) throw new Error('PostgreSQL migrations need a server to make temporary databases on (postgres.adminUrl)');
  return scratch;
}
