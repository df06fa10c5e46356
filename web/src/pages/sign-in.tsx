import { useEffect, useState, type FormEvent } from 'react';
import { ProblemView, localProblem } from '../components/problem';
import type { Problem } from '../api/client';
import { ROLE_TITLES, useSession, type Role } from '../session';

type SignInKind = 'development' | 'identity-provider';

/**
 * `npm start` on development keys: pick who to be. With an identity provider, the console says so
 * plainly rather than offering a sign-in it cannot make.
 */
export function SignInPage() {
  const { signIn, endedBecause } = useSession();
  const [kind, setKind] = useState<SignInKind | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [role, setRole] = useState<Role>('caseworker');
  const [staffId, setStaffId] = useState('officer-ada');
  const [organisationId, setOrganisationId] = useState('stonewater');
  const [teamId, setTeamId] = useState('team-north');

  useEffect(() => {
    fetch('/console/config', { headers: { Accept: 'application/json' } })
      .then(async (response) => setKind(((await response.json()) as { signIn: SignInKind }).signIn))
      .catch(() => setProblem(localProblem('The API could not be reached', 'Reload the page to try again.')));
  }, []);

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
      signIn(body.token, { ...principal, teamId: principal.teamId || undefined });
    } catch {
      setProblem(localProblem('The API could not be reached', 'Reload the page to try again.'));
    }
  };

  return (
    <main id="main" className="narrow">
      <h1>Sign in</h1>
      {endedBecause && <p className="notice">{endedBecause}</p>}
      <ProblemView problem={problem} />
      {kind === 'identity-provider' && (
        <p>
          This deployment signs staff in through its identity provider. The console’s sign-in through it is not
          available yet: use the API with a token from your identity provider.
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
