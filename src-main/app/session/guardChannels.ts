/**
 * Wraps the handler table so that every call is checked against `channelAccess` before its handler
 * runs: no session → NOT_SIGNED_IN, a locked session → SESSION_LOCKED, a role not listed → FORBIDDEN
 * (audited as `permission.denied`, reads included). The handler then sees the signed-in user in its context.
 */
import type { HandlerTable } from '../../../src-core/contracts/bridge';
import type { ChannelName } from '../../../src-core/contracts/channels';
import { channelAccess } from '../../../src-core/contracts/channels/channelAccess';
import { HilumError } from '../../../src-core/errors';
import { appendAuditEvent } from '../../governance/auditTrail';
import type { Store } from '../../store/openStore';
import type { AppCallContext } from '../AppServices';
import { carrierOf, type SessionCallContext } from './SessionCallContext';
import type { SessionService } from './SessionService';

type Handler = (request: unknown, ctx: AppCallContext) => unknown;

export function guardChannels(
  table: HandlerTable<AppCallContext>,
  sessions: SessionService,
  store: () => Store,
): HandlerTable<AppCallContext> {
  const guarded: Partial<Record<ChannelName, Handler>> = {};
  for (const channel of Object.keys(table) as ChannelName[]) {
    const handler = table[channel] as Handler;
    const access = channelAccess[channel];
    guarded[channel] = (request, ctx) => {
      if (access === 'anyone') return handler(request, ctx);
      const carrier = carrierOf(ctx);
      const user = sessions.resolve(carrier.read());
      if (!user) {
        carrier.write(null);
        throw new HilumError('NOT_SIGNED_IN', 'You are not signed in, or your session has ended. Sign in to continue.', { channel });
      }
      if (access !== 'own-session') {
        if (user.locked)
          throw new HilumError('SESSION_LOCKED', `The session of ${user.fullName} is locked. Enter the password to continue.`, { channel });
        if (!access.includes(user.role)) {
          appendAuditEvent(store(), {
            actor: user.username,
            action: 'permission.denied',
            recordType: 'channel',
            recordId: channel,
            payload: { role: user.role, channel },
          });
          throw new HilumError('FORBIDDEN', `${user.fullName} (${user.role}) may not use ${channel}; it is open to ${access.join(', ')}.`, {
            channel,
            role: user.role,
          });
        }
      }
      const withUser: SessionCallContext = { ...(ctx as SessionCallContext), user };
      return handler(request, withUser);
    };
  }
  return guarded as HandlerTable<AppCallContext>;
}
