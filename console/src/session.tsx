import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionInfo } from './api/session.js';

export interface SessionState {
  readonly session: SessionInfo | undefined;
  /** Reads the session again (after signing in, a password change, or signing out). */
  refresh(): Promise<SessionInfo | undefined>;
}

export const SessionContext = createContext<SessionState>({ session: undefined, refresh: async () => undefined });

export function useSession(): SessionState {
  return useContext(SessionContext);
}
