/**
 * The store's protective triggers (append-only tables, locked models), as declared in the
 * migrations: which are missing from the database, and restoring them when the store opens
 * (with an audit event, so a dropped trigger leaves a trace even after it is put back).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../store/openStore';

// Resolved like openStore's (not imported from it: openStore calls the restore hook, so that would be an import cycle).
const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface TriggerDefinition {
  name: string;
  sql: string;
}

let declared: TriggerDefinition[] | null = null;

/** Every trigger the migrations create (and do not drop later), in migration order. */
export function declaredTriggers(): TriggerDefinition[] {
  if (declared) return declared;
  const byName = new Map<string, string>();
  for (const file of fs
    .readdirSync(migrationsFolder)
    .filter((f) => f.endsWith('.sql'))
    .sort()) {
    const text = fs.readFileSync(path.join(migrationsFolder, file), 'utf8');
    // Trigger bodies end with END; a chunk between breakpoints may hold several statements.
    for (const m of text.matchAll(/CREATE TRIGGER\s+(?:IF NOT EXISTS\s+)?[`"]?(\w+)[`"]?[\s\S]*?\bEND;/gi)) byName.set(m[1]!, m[0]);
    for (const m of text.matchAll(/DROP TRIGGER\s+(?:IF EXISTS\s+)?[`"]?(\w+)[`"]?/gi)) byName.delete(m[1]!);
  }
  declared = [...byName].map(([name, sql]) => ({ name, sql }));
  return declared;
}

export function missingTriggers(store: Store): TriggerDefinition[] {
  const present = new Set(
    (store.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>).map((r) => r.name),
  );
  return declaredTriggers().filter((t) => !present.has(t.name));
}
