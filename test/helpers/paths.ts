/** Where tests find the repository and the shared real data (never copied into the repo). */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDataDir = path.resolve(repoRoot, '../shared/data');
