/**
 * `npm run bench -- <name> [args...]`: runs one named benchmark from bench/<name>.ts. Each prints a
 * table and, last, its ratio against a reference measured in the same run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const available = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.ts') && file !== 'run.ts' && !file.startsWith('_'))
  .map((file) => file.replace(/\.ts$/, ''))
  .sort();

const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`usage: npm run bench -- <name> [args]\navailable: ${available.join(', ') || '(none)'}`);
  process.exit(2);
}
const module = (await import(path.join(benchDir, `${name}.ts`))) as { default: (args: string[]) => Promise<void> };
await module.default(args);
