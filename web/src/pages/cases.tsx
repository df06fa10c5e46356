import { useState } from 'react';
import { api } from '../api/client';
import { londonTime, words } from '../components/format';
import { ProblemView } from '../components/problem';
import { useLoad } from '../components/use-api';
import { Link } from '../router';
import { isCasework, usePrincipal } from '../session';

/** My cases and my team's (the API lists only what the principal may see), with risk and breach. */
export function CasesPage() {
  const principal = usePrincipal();
  const [mineOnly, setMineOnly] = useState(principal.role === 'caseworker');
  const [breachedOnly, setBreachedOnly] = useState(false);
  const { data, problem, loading } = useLoad(
    () =>
      api.GET('/cases', {
        params: {
          query: {
            status: 'open',
            limit: 100,
            ...(mineOnly ? { caseOfficerId: principal.staffId } : {}),
            ...(breachedOnly ? { breached: 'true' as const } : {}),
          },
        },
      }),
    [mineOnly, breachedOnly, principal.staffId],
  );

  return (
    <main id="main">
      <h1>Open cases</h1>
      {isCasework(principal.role) && (
        <p>
          <Link to="/cases/new" className="button">
            Record a new disclosure
          </Link>
        </p>
      )}
      <fieldset className="filters">
        <legend>Show</legend>
        <label>
          <input type="checkbox" checked={mineOnly} onChange={(event) => setMineOnly(event.target.checked)} /> my cases
          only
        </label>
        <label>
          <input type="checkbox" checked={breachedOnly} onChange={(event) => setBreachedOnly(event.target.checked)} />{' '}
          in breach only
        </label>
      </fieldset>
      <ProblemView problem={problem} />
      {loading && <p aria-live="polite">Loading…</p>}
      {data && data.items.length === 0 && <p>No open cases to show.</p>}
      {data && data.items.length > 0 && (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Open cases">
          <table>
            <thead>
              <tr>
                <th scope="col">Opened</th>
                <th scope="col">Risk</th>
                <th scope="col">Deadlines</th>
                <th scope="col">Case officer</th>
                <th scope="col">Team</th>
                <th scope="col">Case</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((item) => (
                <tr key={item.caseId}>
                  <td>{londonTime(item.openedAt)}</td>
                  <td>
                    <span className={`risk risk-${item.riskLevel}`}>{words(item.riskLevel)}</span>
                  </td>
                  <td>{item.breached ? <strong className="breach">In breach</strong> : 'On time'}</td>
                  <td>{item.caseOfficerId}</td>
                  <td>{item.teamId}</td>
                  <td>
                    <Link to={`/cases/${item.caseId}`}>
                      Open case <span className="visually-hidden">opened {londonTime(item.openedAt)}</span>
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.total > data.items.length && (
        <p>
          Showing {data.items.length} of {data.total}.
        </p>
      )}
    </main>
  );
}
