/**
 * Opens (creating if needed) the embedded SQLite store in a data directory and applies the drizzle
 * migrations. Durability settings: WAL with synchronous=FULL, so a transaction that returned has
 * reached the disk and a kill -9 at any moment loses no acknowledged write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { HilumError } from '../../src-core/errors';
import * as schema from './schema';
import { restoreStoreTriggers } from '../governance/restoreStoreTriggers';

export type StoreDb = BetterSQLite3Database<typeof schema>;

export interface Store {
  readonly dataDir: string;
  readonly file: string;
  readonly sqlite: Database.Database;
  readonly db: StoreDb;
  close(): void;
}

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));
export const storeFileName = 'hilum.sqlite';

/**
 * Two processes opening a fresh data directory at the same moment both see no applied migrations;
 * the second one's CREATE TABLE then waits for the first's transaction and fails with "already
 * exists" (drizzle wraps the SQLite error, so the reason is in the cause chain, not the message).
 * Seeing that table means the other process has committed its migrations, so running the migrator
 * again finds them recorded and does nothing; a few retries resolve any number of racers (any other
 * failure is reported as it is).
 */
function isAlreadyExists(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = (e as Error & { cause?: unknown }).cause) {
    if (/already exists/.test(e.message)) return true;
  }
  return false;
}

function migrateOnce(db: StoreDb): void {
  for (let attempt = 1; ; attempt++) {
    try {
      migrate(db, { migrationsFolder });
      return;
    } catch (error) {
      if (attempt >= 5 || !isAlreadyExists(error)) throw error;
    }
  }
}

export function openStore(options: { dataDir: string; readonly?: boolean }): Store {
  const dataDir = path.resolve(options.dataDir);
  const file = path.join(dataDir, storeFileName);
  let sqlite: Database.Database;
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    sqlite = new Database(file, { readonly: options.readonly ?? false });
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new HilumError('STORE_OPEN_FAILED', `Cannot open the store at ${file}: ${(error as Error).message}`, { file }, { cause: error });
  }
  const db = drizzle(sqlite, { schema, casing: 'snake_case' });
  if (!options.readonly) {
    try {
      migrateOnce(db);
    } catch (error) {
      sqlite.close();
      throw new HilumError(
        'STORE_MIGRATION_FAILED',
        `Cannot migrate the store at ${file}: ${(error as Error).message}`,
        { file },
        { cause: error },
      );
    }
  }
  const store: Store = { dataDir, file, sqlite, db, close: () => sqlite.close() };
  // Protective triggers someone dropped are put back (and the fact audited) before anyone writes.
  if (!options.readonly) restoreStoreTriggers(store);
  return store;
}
