import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';

export interface OidcSettings {
  authority: string;
  clientId: string;
  scope: string;
}

export interface ConsoleConfig {
  signIn: 'development' | 'identity-provider';
  oidc?: OidcSettings;
}

/** Where the identity provider sends the browser back, with the code (the page replaces it at once). */
export const SIGNED_IN_PATH = '/signed-in';

let configLoad: Promise<ConsoleConfig> | undefined;
export const consoleConfig = (): Promise<ConsoleConfig> =>
  (configLoad ??= fetch('/console/config', { headers: { Accept: 'application/json' } }).then(
    async (response) => (await response.json()) as ConsoleConfig,
  ));

let manager: UserManager | undefined;

/**
 * Authorization code with PKCE. Tokens are kept in memory only; the state and PKCE verifier of a
 * sign-in in progress must outlive the redirect, so they alone go to sessionStorage.
 */
export function userManager(settings: OidcSettings): UserManager {
  manager ??= new UserManager({
    authority: settings.authority,
    client_id: settings.clientId,
    scope: settings.scope,
    response_type: 'code',
    redirect_uri: `${window.location.origin}${SIGNED_IN_PATH}`,
    userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
    stateStore: new WebStorageStateStore({ store: window.sessionStorage }),
    loadUserInfo: false,
    automaticSilentRenew: false,
    monitorSession: false,
  });
  return manager;
}

let callback: Promise<{ token: string; returnTo: string }> | undefined;

/** Completes the sign-in the identity provider sent the browser back from (once, however often asked). */
export function completeSignIn(settings: OidcSettings): Promise<{ token: string; returnTo: string }> {
  callback ??= userManager(settings)
    .signinRedirectCallback()
    .then((user) => ({
      token: user.access_token,
      returnTo: safeReturnPath((user.state as { returnTo?: unknown } | undefined)?.returnTo),
    }));
  return callback;
}

/** Only a path of this console: never another origin (`//host`, `/\\host`), whatever the state held. */
export function safeReturnPath(returnTo: unknown): string {
  return typeof returnTo === 'string' && /^\/(?![/\\])/.test(returnTo) ? returnTo : '/';
}

/** After a sign-out the provider must ask again: its own session must not sign the next person in as the last. */
let askAgain = false;
export function forgetSignIn(): void {
  askAgain = true;
  void manager?.removeUser();
}
export const signInPrompt = (): { prompt?: string } => (askAgain ? { prompt: 'login' } : {});
