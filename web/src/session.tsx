import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { asProblem, setBearer, type Problem } from './api/client';
import { forgetSignIn } from './oidc';

export type Role = 'caseworker' | 'manager' | 'da_lead' | 'head_of_service' | 'auditor';

export interface Principal {
  staffId: string;
  role: Role;
  organisationId: string;
  teamId?: string;
}

interface Session {
  principal: Principal | undefined;
  /** why the last session ended, shown on the sign-in page */
  endedBecause: string | undefined;
  signIn(token: string, principal: Principal): void;
  signOut(reason?: string): void;
}

/** A session ends after this long without a key press, click or touch (shared offices). */
export const IDLE_LIMIT_MS = 15 * 60 * 1000;

const SessionContext = createContext<Session | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [principal, setPrincipal] = useState<Principal | undefined>();
  const [endedBecause, setEndedBecause] = useState<string | undefined>();

  const signOut = useCallback((reason?: string) => {
    setBearer(undefined, () => undefined);
    forgetSignIn();
    setPrincipal(undefined);
    setEndedBecause(reason);
  }, []);
  const signIn = useCallback(
    (token: string, who: Principal) => {
      setBearer(token, () => signOut('Your sign-in has expired. Sign in again.'));
      setEndedBecause(undefined);
      setPrincipal(who);
    },
    [signOut],
  );

  useEffect(() => {
    if (!principal) return;
    let timer = window.setTimeout(() => signOut('Signed out after 15 minutes without activity.'), IDLE_LIMIT_MS);
    const active = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => signOut('Signed out after 15 minutes without activity.'), IDLE_LIMIT_MS);
    };
    const events = ['keydown', 'pointerdown', 'touchstart'] as const;
    for (const name of events) window.addEventListener(name, active);
    return () => {
      window.clearTimeout(timer);
      for (const name of events) window.removeEventListener(name, active);
    };
  }, [principal, signOut]);

  const value = useMemo(
    () => ({ principal, endedBecause, signIn, signOut }),
    [principal, endedBecause, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The signed-in principal; only for pages behind the sign-in. */
export function usePrincipal(): Principal {
  const { principal } = useSession();
  if (!principal) throw new Error('usePrincipal without a session');
  return principal;
}

export const ROLE_TITLES: Record<Role, string> = {
  caseworker: 'Caseworker',
  manager: 'Manager',
  da_lead: 'DA lead',
  head_of_service: 'Head of service',
  auditor: 'Auditor',
};

export const isManagerOrAbove = (role: Role) => role === 'manager' || role === 'da_lead' || role === 'head_of_service';
export const isCasework = (role: Role) => role !== 'auditor';

/** Who the API takes a token to sign in (GET /console/me): the pages follow that, not what was asked for. */
export async function principalOf(token: string): Promise<Principal | Problem> {
  const response = await fetch('/console/me', {
    headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
  });
  const body = (await response.json().catch(() => undefined)) as Principal | Problem | undefined;
  if (!response.ok || !body) return asProblem(body, response);
  return body;
}
