import { useEffect, useState, type FormEvent } from 'react';
import { ProblemView, localProblem } from '../components/problem';
import type { Problem } from '../api/client';
import { consoleConfig, SIGNED_IN_PATH, signInPrompt, userManager, type OidcSettings } from '../oidc';
import { ROLE_TITLES, principalOf, useSession, type Role } from '../session';

/**
 * `npm start` on development keys: pick who to be. With an identity provider, the console says so
 * plainly rather than offering a sign-in it cannot make.
 */
export function SignInPage() {
  const { signIn, endedBecause } = useSession();
  const [kind, setKind] = useState<'development' | 'identity-provider' | undefined>();
  const [oidc, setOidc] = useState<OidcSettings | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [role, setRole] = useState<Role>('caseworker');
  const [staffId, setStaffId] = useState('officer-ada');
  const [organisationId, setOrganisationId] = useState('stonewater');
  const [teamId, setTeamId] = useState('team-north');

  useEffect(() => {
    consoleConfig()
      .then((config) => {
        setKind(config.signIn);
        setOidc(config.oidc);
      })
      .catch(() => setProblem(localProblem('The API could not be reached', 'Reload the page to try again.')));
  }, []);

  const signInAtProvider = () => {
    const path = window.location.pathname;
    userManager(oidc!)
      .signinRedirect({ state: { returnTo: path === SIGNED_IN_PATH ? '/' : path }, ...signInPrompt() })
      .catch(() => setProblem(localProblem('The identity provider could not be reached', 'Try again in a moment.')));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const principal = { role, staffId: staffId.trim(), organisationId: organisationId.trim(), teamId: teamId.trim() };
    try {
      const response = await fetch('/console/dev-session', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ ...principal, teamId: principal.teamId || undefined }),
      });
      const body = (await response.json()) as { token?: string } & Problem;
      if (!response.ok || !body.token) return setProblem(body);
      const who = await principalOf(body.token);
      if ('title' in who) return setProblem(who);
      signIn(body.token, who);
    } catch {
      setProblem(localProblem('The API could not be reached', 'Reload the page to try again.'));
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>Sign in</h1>
      {endedBecause && <p className="notice">{endedBecause}</p>}
      <ProblemView problem={problem} />
      {kind === 'identity-provider' && oidc && (
        <button type="button" onClick={signInAtProvider}>
          Sign in with your organisation account
        </button>
      )}
      {kind === 'identity-provider' && !oidc && (
        <p>
          This deployment has not set up the console’s sign-in (CONSOLE_OIDC_CLIENT_ID): use the API with a token from
          your identity provider.
        </p>
      )}
      {kind === 'development' && (
        <form onSubmit={(event) => void submit(event)} aria-describedby="dev-sign-in-help">
          <p id="dev-sign-in-help" className="hint">
            Development sign-in: this server trusts development tokens (<code>npm start</code>). Choose who to be.
          </p>
          <label htmlFor="role">Role</label>
          <select id="role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {Object.entries(ROLE_TITLES).map(([value, title]) => (
              <option key={value} value={value}>
                {title}
              </option>
            ))}
          </select>
          <label htmlFor="staff-id">Staff id</label>
          <input id="staff-id" required value={staffId} onChange={(event) => setStaffId(event.target.value)} />
          <label htmlFor="organisation-id">Organisation</label>
          <input
            id="organisation-id"
            required
            value={organisationId}
            onChange={(event) => setOrganisationId(event.target.value)}
          />
          <label htmlFor="team-id">Team (optional)</label>
          <input id="team-id" value={teamId} onChange={(event) => setTeamId(event.target.value)} />
          <button type="submit">Sign in</button>
        </form>
      )}
    </main>
  );
}
