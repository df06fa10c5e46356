import { useEffect, useRef, useState } from 'react';
import { api, type CaseState } from '../api/client';
import { londonTime, words } from '../components/format';
import { ProblemView } from '../components/problem';
import { useLoad } from '../components/use-api';
import { Link } from '../router';
import { isCasework, usePrincipal } from '../session';
import { ClosureForm, ContactAttemptForm, DashForm } from './case-actions';
import { MoreActions } from './more-actions';

const STATUS_WORDS: Record<string, string> = {
  pending: 'Pending',
  overdue: 'Overdue',
  met: 'Met',
  met_late: 'Met late',
  cancelled: 'Cancelled',
};

function SafeContact({ state }: { state: CaseState }) {
  const profile = state.safeContact?.profile ?? state.disclosure.safeContact;
  const [showWord, setShowWord] = useState(false);
  return (
    <section className="safe-contact" aria-labelledby="safe-contact-heading">
      <h2 id="safe-contact-heading">Safe contact</h2>
      <dl>
        <dt>Safe ways</dt>
        <dd>{profile.channels.map(words).join(', ')}</dd>
        <dt>Safe times</dt>
        <dd>{profile.safeTimes || 'Not given'}</dd>
        <dt>Letters</dt>
        <dd>{profile.lettersSafe ? 'Safe' : <strong>Not safe</strong>}</dd>
        <dt>Voicemail</dt>
        <dd>{profile.voicemailSafe ? 'Safe' : <strong>Not safe</strong>}</dd>
        {profile.safeWord && (
          <>
            <dt>Safe word</dt>
            <dd>
              {showWord ? profile.safeWord : '••••••'}{' '}
              <button type="button" className="link" onClick={() => setShowWord(!showWord)}>
                {showWord ? 'Hide' : 'Show'} the safe word
              </button>
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Deadlines({ state }: { state: CaseState }) {
  return (
    <section aria-labelledby="deadlines-heading">
      <h2 id="deadlines-heading">Deadlines</h2>
      {state.deadlines.length === 0 && <p aria-live="polite">The case’s deadlines are being scheduled…</p>}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Deadlines table">
        <table>
          <thead>
            <tr>
              <th scope="col">Task</th>
              <th scope="col">Due</th>
              <th scope="col">Rule</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {state.deadlines.map((deadline) => (
              <tr key={deadline.id}>
                <td>
                  {words(deadline.task)}
                  {deadline.urgent && (
                    <>
                      {' '}
                      <span className="tag urgent">Urgent</span>
                    </>
                  )}
                </td>
                <td>{londonTime(deadline.schedule?.dueAt)}</td>
                <td>{deadline.schedule?.rule ?? '—'}</td>
                <td className={`status-${deadline.status}`}>
                  {STATUS_WORDS[deadline.status] ?? deadline.status}
                  {deadline.completedAt ? ` (${londonTime(deadline.completedAt)})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Children({ state }: { state: CaseState }) {
  if (state.children.length === 0) return null;
  return (
    <section aria-labelledby="children-heading">
      <h2 id="children-heading">Linked workflows</h2>
      <ul>
        {state.children.map((child) => (
          <li key={child.workflowId}>
            {words(child.kind)}: {words(child.status)}
            {child.open ? '' : ' (closed)'}
            {child.nextDeadline && ` — ${words(child.nextDeadline.task)} due ${londonTime(child.nextDeadline.dueAt)}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The case as its caseworker works it: safe contact first, then deadlines, then what may be done now. */
export function CasePage({ caseId }: { caseId: string }) {
  const principal = usePrincipal();
  const [recorded, setRecorded] = useState<string | undefined>();
  const {
    data: state,
    problem,
    loading,
    reload,
  } = useLoad(() => api.GET('/cases/{caseId}/state', { params: { path: { caseId } } }), [caseId]);
  // A case opened a moment ago has its deadlines started, then scheduled by the worker just after:
  // look again shortly, for half a minute at most (a worker that is down is not waited on for ever).
  const looks = useRef(0);
  useEffect(() => {
    looks.current = 0;
  }, [caseId]);
  const scheduling =
    state !== undefined &&
    state.status === 'open' &&
    (state.deadlines.length === 0 ||
      state.deadlines.some((deadline) => deadline.status === 'pending' && deadline.schedule === undefined));
  useEffect(() => {
    if (!scheduling || looks.current >= 30) return;
    const timer = window.setTimeout(() => {
      looks.current += 1;
      void reload();
    }, 1000);
    return () => window.clearTimeout(timer);
  }, [scheduling, state, reload]);
  const changed = (what: string) => {
    setRecorded(what);
    void reload();
  };
  return (
    <main id="main">
      <h1>Case</h1>
      <p className="notice" aria-live="polite">
        {recorded}
      </p>
      <ProblemView problem={problem} />
      {loading && !state && <p>Loading…</p>}
      {state && (
        <>
          <p className="case-summary">
            <span className={`risk risk-${state.risk.level}`}>{words(state.risk.level)} risk</span>{' '}
            {state.breached && <strong className="breach">In breach</strong>} Status: {words(state.status)}. Opened{' '}
            {londonTime(state.openedAt)} under {state.profile.organisationName} policy {state.profile.version}.{' '}
            <Link to={`/cases/${caseId}/timeline`}>Timeline</Link>
          </p>
          {state.immediateDanger && (
            <p className="danger">Immediate danger recorded {londonTime(state.immediateDanger.at)}.</p>
          )}
          <SafeContact state={state} />
          <Deadlines state={state} />
          <Children state={state} />
          {state.status === 'open' && isCasework(principal.role) && (
            <section aria-labelledby="actions-heading">
              <h2 id="actions-heading">Actions</h2>
              <ContactAttemptForm caseId={caseId} state={state} recorded={changed} />
              <DashForm caseId={caseId} state={state} recorded={changed} />
              <MoreActions caseId={caseId} recorded={changed} />
              <ClosureForm caseId={caseId} state={state} recorded={changed} />
            </section>
          )}
        </>
      )}
    </main>
  );
}
