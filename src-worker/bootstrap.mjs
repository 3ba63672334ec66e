// Starts the TypeScript worker entry from source by registering tsx's loader in this thread.
// The built app (electron-vite) starts out/worker/entry.js instead and never loads this file.
import { register } from 'tsx/esm/api';

register();
await import('./entry.ts');
