/**
 * The main-side handler table for every channel, shared by Electron IPC and the loopback dev host.
 * Areas whose service is not built yet answer UNSUPPORTED (see handlers/unavailable.ts) — the UI
 * shows that error; nothing here invents data.
 */
import type { HandlerTable } from '../../src-core/contracts/bridge';
import type { AppCallContext, AppServices } from './AppServices';
import { auditHandlers } from './handlers/auditHandlers';
import { datasetsHandlers } from './handlers/datasetsHandlers';
import { imagesHandlers } from './handlers/imagesHandlers';
import { modelsHandlers } from './handlers/modelsHandlers';
import { runsHandlers } from './handlers/runsHandlers';
import { systemHandlers } from './handlers/systemHandlers';
import { validationHandlers } from './handlers/validationHandlers';
import { worklistHandlers } from './handlers/worklistHandlers';

export function createAppHandlers(services: AppServices): HandlerTable<AppCallContext> {
  return {
    ...systemHandlers(services),
    ...imagesHandlers(services),
    ...datasetsHandlers(services),
    ...runsHandlers(services),
    ...validationHandlers(services),
    ...worklistHandlers(services),
    ...modelsHandlers(services),
    ...auditHandlers(services),
  };
}
