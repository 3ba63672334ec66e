/**
 * The main-side handler table for every channel, shared by Electron IPC and the loopback dev host.
 * Every channel is wired to a real service; a feature that cannot run here answers a typed error
 * (e.g. UNSUPPORTED) that the UI shows — nothing here invents data.
 */
import type { HandlerTable } from '../../src-core/contracts/bridge';
import type { AppCallContext, AppServices } from './AppServices';
import { auditHandlers } from './handlers/auditHandlers';
import { datasetsHandlers } from './handlers/datasetsHandlers';
import { imagesHandlers } from './handlers/imagesHandlers';
import { lineageHandlers } from './handlers/lineageHandlers';
import { modelsHandlers } from './handlers/modelsHandlers';
import { runsHandlers } from './handlers/runsHandlers';
import { systemHandlers } from './handlers/systemHandlers';
import { validationHandlers } from './handlers/validationHandlers';
import { worklistHandlers } from './handlers/worklistHandlers';
import { guardChannels } from './session/guardChannels';
import { sessionHandlers } from './session/sessionHandlers';
import { SessionService, type SessionPolicy } from './session/SessionService';

/** Every channel goes through the session guard (channelAccess): reads as well as writes. */
export function createAppHandlers(services: AppServices, options: { session?: Partial<SessionPolicy> } = {}): HandlerTable<AppCallContext> {
  const sessions = new SessionService(() => services.store(), options.session);
  return guardChannels(
    {
      ...systemHandlers(services),
      ...imagesHandlers(services),
      ...datasetsHandlers(services),
      ...runsHandlers(services),
      ...validationHandlers(services),
      ...worklistHandlers(services),
      ...modelsHandlers(services),
      ...lineageHandlers(services),
      ...auditHandlers(services),
      ...sessionHandlers(sessions),
    },
    sessions,
    () => services.store(),
  );
}
