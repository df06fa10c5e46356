import { CheckBox } from '../components/check-box';
import { useState } from 'react';
import { api } from '../api/client';
import { londonTime, words } from '../components/format';
import { ProblemView } from '../components/problem';
import { useLoad } from '../components/use-api';
import { Link } from '../router';
import { isCasework, isManagerOrAbove, usePrincipal } from '../session';
import type { CaseSummary } from '../api/client';

/**
 * What waits for an approver: each open high-risk case can be closed only with their approval
 * (closure refuses anyone below the profile's approver), so they see them together.
 */
function AwaitingApproval() {
  const { data, problem } = useLoad(
    () => api.GET('/cases', { params: { query: { status: 'open', riskLevel: 'high', limit: 100 } } }),
    [],
  );
  return (
    <section aria-labelledby="approvals-heading">
      <h2 id="approvals-heading">High-risk cases: closing needs your approval</h2>
      <ProblemView problem={problem} />
      {data && data.items.length === 0 && <p>None open.</p>}
      <ul>
        {data?.items.map((item) => (
          <li key={item.caseId}>
            <Link to={`/cases/${item.caseId}`}>
              Case opened {londonTime(item.openedAt)}, officer {item.caseOfficerId}
            </Link>
            {item.breached && (
              <>
                {' '}
                <strong className="breach">In breach</strong>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Open cases per case officer, and how many are in breach or high risk: a manager's view of the team's load. */
function Workload({ cases, total }: { cases: CaseSummary[]; total: number }) {
  const byOfficer = new Map<string, { open: number; breached: number; high: number }>();
  for (const item of cases) {
    const row = byOfficer.get(item.caseOfficerId) ?? { open: 0, breached: 0, high: 0 };
    row.open += 1;
    if (item.breached) row.breached += 1;
    if (item.riskLevel === 'high') row.high += 1;
    byOfficer.set(item.caseOfficerId, row);
  }
  return (
    <section aria-labelledby="workload-heading">
      <h2 id="workload-heading">Team workload</h2>
      {total > cases.length && (
        <p className="hint">
          Counted over the {cases.length} newest of {total} open cases.
        </p>
      )}
      <table>
        <thead>
          <tr>
            <th scope="col">Case officer</th>
            <th scope="col">Open cases</th>
            <th scope="col">In breach</th>
            <th scope="col">High risk</th>
          </tr>
        </thead>
        <tbody>
          {[...byOfficer.entries()]
            .sort(([, a], [, b]) => b.open - a.open)
            .map(([officer, row]) => (
              <tr key={officer}>
                <th scope="row">{officer}</th>
                <td>{row.open}</td>
                <td>{row.breached}</td>
                <td>{row.high}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </section>
  );
}

/** My cases and my team's (the API lists only what the principal may see), with risk and breach. */
export function CasesPage() {
  const principal = usePrincipal();
  const [mineOnly, setMineOnly] = useState(principal.role === 'caseworker');
  const [breachedOnly, setBreachedOnly] = useState(false);
  const { data, problem, loading, reload } = useLoad(
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
        <CheckBox checked={mineOnly} onChange={setMineOnly}>
          my cases only
        </CheckBox>
        <CheckBox checked={breachedOnly} onChange={setBreachedOnly}>
          in breach only
        </CheckBox>
      </fieldset>
      <button type="button" onClick={() => void reload()}>
        Refresh the list
      </button>
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
                <th scope="col">Next deadline</th>
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
                  <td>
                    {item.nextDeadline
                      ? `${words(item.nextDeadline.task)}, ${item.nextDeadline.dueAt ? `due ${londonTime(item.nextDeadline.dueAt)}` : 'due time being worked out'}`
                      : 'None owed'}
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
      {(principal.role === 'da_lead' || principal.role === 'head_of_service') && <AwaitingApproval />}
      {data && isManagerOrAbove(principal.role) && !mineOnly && !breachedOnly && data.items.length > 0 && (
        <Workload cases={data.items} total={data.total} />
      )}
      {data && data.total > data.items.length && (
        <p>
          Showing {data.items.length} of {data.total}.
        </p>
      )}
    </main>
  );
}
