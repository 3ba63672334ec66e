/** The window's Session, handed to deep components (signature dialogs sign as the signed-in user) through Svelte context. */
import { getContext, setContext } from 'svelte';
import type { Session } from './Session.svelte';

const key = Symbol('session');

export const provideSession = (session: Session): Session => setContext(key, session);
export const currentSession = (): Session => getContext<Session>(key);
