import { useState } from 'react';
import { api, type Problem } from '../api/client';
import { downloadFile } from '../components/download';
import { londonTime } from '../components/format';
import { ProblemView } from '../components/problem';
import { act, useLoad } from '../components/use-api';
import { Link } from '../router';
import { usePrincipal } from '../session';

interface ReplayVerdict {
  deterministic: boolean;
  outcomes: { workflowId: string; runId: string; deterministic: boolean; firstDivergence?: string }[];
}

/** The history as Temporal recorded it, and its replay against today's code: auditors and DA leads. */
function HistoryTools({ caseId }: { caseId: string }) {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [verdict, setVerdict] = useState<ReplayVerdict | undefined>();
  const [replaying, setReplaying] = useState(false);
  const replay = async () => {
    setReplaying(true);
    const { data, problem: refused } = await act(() =>
      api.GET('/cases/{caseId}/replay', { params: { path: { caseId } } }),
    );
    setReplaying(false);
    setProblem(refused);
    setVerdict(data as ReplayVerdict | undefined);
  };
  return (
    <section aria-labelledby="history-heading">
      <h2 id="history-heading">History</h2>
      <button
        type="button"
        onClick={() =>
          void downloadFile(`/cases/${caseId}/history`, 'application/json', `case-history-${caseId}.json`).then(
            setProblem,
          )
        }
      >
        Download the history
      </button>
      <button type="button" disabled={replaying} onClick={() => void replay()}>
        {replaying ? 'Replaying…' : 'Replay against the current code'}
      </button>
      <ProblemView problem={problem} />
      {verdict && (
        <div aria-live="polite">
          <p className={verdict.deterministic ? 'verdict-ok' : 'breach'}>
            {verdict.deterministic
              ? `Replayed: all ${verdict.outcomes.length} runs are deterministic.`
              : 'Replay diverged: the current code does not reproduce the recorded history.'}
          </p>
          <ul>
            {verdict.outcomes.map((outcome) => (
              <li key={outcome.runId}>
                {outcome.workflowId}:{' '}
                {outcome.deterministic ? 'deterministic' : `diverged — ${outcome.firstDivergence ?? ''}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** Who did what and when: each deadline met or missed, each escalation, each release with its basis. Read-only. */
export function TimelinePage({ caseId }: { caseId: string }) {
  const { data, problem, loading } = useLoad(
    () => api.GET('/cases/{caseId}/timeline', { params: { path: { caseId } } }),
    [caseId],
  );
  const principal = usePrincipal();
  const timeline = data;
  return (
    <main id="main">
      <h1>Case timeline</h1>
      <p>
        <Link to={`/cases/${caseId}`}>Back to the case</Link>
      </p>
      {(principal.role === 'auditor' || principal.role === 'da_lead') && <HistoryTools caseId={caseId} />}
      <ProblemView problem={problem} />
      {loading && !timeline && <p>Loading…</p>}
      {timeline?.source && <p className="hint">Read from: {timeline.source}</p>}
      {timeline?.entries && (
        <ol className="timeline">
          {timeline.entries.map((entry, index) => (
            <li key={`${entry.at}-${index}`} className={`entry entry-${entry.code.split('.')[0]}`}>
              <p>
                <time dateTime={entry.at}>{londonTime(entry.at)}</time> — <strong>{entry.what}</strong>
                {entry.actor && <> by {entry.actor}</>}
              </p>
              <p className="hint">{entry.detail}</p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}
