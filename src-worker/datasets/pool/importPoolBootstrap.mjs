// Starts one import-pool thread from TypeScript source by registering tsx's loader in this thread
// (as src-worker/bootstrap.mjs does for job workers).
import { register } from 'tsx/esm/api';

register();
await import('./importPoolThread.ts');
