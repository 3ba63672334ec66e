/**
 * Who is signed in on this window, as rune state: sign in, lock (on request, or after `idleLockMs`
 * without keyboard or pointer input), unlock with the password, sign out. Session errors from any call
 * (the session ended or was locked on the server) move the app to the sign-in or lock screen.
 */
import type { ResponseOf } from '../../src-core/contracts/bridge';
import { api } from './api';
import { toShownError, type ShownError } from './humanError';
import { listenForSessionErrors } from './transport';

export type SessionUser = ResponseOf<'session.signIn'>;

const activityEvents = ['keydown', 'pointerdown', 'pointermove', 'wheel'] as const;

export class Session {
  user = $state<SessionUser | null>(null);
  status = $state<'checking' | 'signed-out' | 'locked' | 'active'>('checking');
  error = $state<ShownError | undefined>(undefined);
  busy = $state(false);
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly onActivity = () => this.restartIdleTimer();

  constructor() {
    listenForSessionErrors((code) => {
      if (code === 'NOT_SIGNED_IN') this.apply(null);
      else if (this.user) this.apply({ ...this.user, locked: true });
    });
    for (const name of activityEvents) window.addEventListener(name, this.onActivity, { passive: true });
  }

  async check(): Promise<void> {
    try {
      this.apply((await api['session.current']({})).session);
    } catch (error) {
      this.error = toShownError(error);
      this.apply(null);
    }
  }

  signIn = (user: string, password: string) => this.run(() => api['session.signIn']({ user, password }));
  unlock = (password: string) => this.run(() => api['session.unlock']({ password }));
  lock = () => this.run(() => api['session.lock']({}));

  async signOut(): Promise<void> {
    await this.run(async () => {
      await api['session.signOut']({});
      return null;
    });
  }

  private async run(call: () => Promise<SessionUser | null>): Promise<boolean> {
    this.busy = true;
    this.error = undefined;
    try {
      this.apply(await call());
      return true;
    } catch (error) {
      this.error = toShownError(error);
      return false;
    } finally {
      this.busy = false;
    }
  }

  private apply(user: SessionUser | null): void {
    this.user = user;
    this.status = user === null ? 'signed-out' : user.locked ? 'locked' : 'active';
    this.restartIdleTimer();
  }

  private restartIdleTimer(): void {
    clearTimeout(this.idleTimer);
    if (this.status !== 'active' || !this.user) return;
    this.idleTimer = setTimeout(() => void this.lock(), this.user.idleLockMs);
  }
}
