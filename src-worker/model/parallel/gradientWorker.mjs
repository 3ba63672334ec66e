// Starts a data-parallel gradient worker from TypeScript source (tsx loader registered in this thread).
import { register } from 'tsx/esm/api';

register();
await import('./gradientWorkerMain.ts');
