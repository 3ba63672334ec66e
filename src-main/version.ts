/** Hilum's version, read once from package.json (recorded with every run, bundle and audit event). */
import { readFileSync } from 'node:fs';

export const hilumVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string })
  .version;
