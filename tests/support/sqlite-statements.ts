// Counting what SQLite runs, for tests that pin how many statements a step of the engine takes. Not a test file.

import { createRequire } from 'node:module';
import { onTestFinished } from 'vitest';

/**
 * Each statement SQLite runs from now until the test ends, as its verb and table (`INSERT Notice`): libsql's
 * statements, patched where @libsql/client runs them, and BEGIN / COMMIT. Connections keep their prepared
 * statements, and one prepared before this call is named `?`: call it before the database is opened.
 */
export function sqliteStatements(): string[] {
  const Connection = createRequire(import.meta.url)('libsql') as { prototype: { prepare(sql: string): object; exec(sql: string): void } };
  const seen: string[] = [];
  const sqlOf = new WeakMap<object, string>();
  const name = (sql: string) => {
    const [verb] = sql.trim().split(/\s+/);
    const table = /(?:FROM|INTO|UPDATE)\s+(?:`main`\.)?`(\w+)`/i.exec(sql)?.[1];
    return table ? `${verb} ${table}` : sql.trim();
  };
  const { prepare, exec } = Connection.prototype;
  const probe = prepare.call(new (Connection as unknown as new (path: string) => object)(':memory:'), 'SELECT 1') as Record<string, (...args: unknown[]) => unknown>;
  const statement = Object.getPrototypeOf(probe) as Record<'run' | 'iterate' | 'get', (...args: unknown[]) => unknown>;
  const runs = { run: statement.run, iterate: statement.iterate, get: statement.get };
  Connection.prototype.prepare = function (sql) {
    const prepared = prepare.call(this, sql);
    sqlOf.set(prepared, name(sql));
    return prepared;
  };
  Connection.prototype.exec = function (sql) {
    seen.push(name(sql));
    exec.call(this, sql);
  };
  for (const key of ['run', 'iterate', 'get'] as const) {
    statement[key] = function (this: object, ...args: unknown[]) {
      seen.push(sqlOf.get(this) ?? '?');
      return runs[key].apply(this, args);
    };
  }
  onTestFinished(() => {
    Object.assign(Connection.prototype, { prepare, exec });
    Object.assign(statement, runs);
  });
  return seen;
}
