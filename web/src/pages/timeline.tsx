import { api } from '../api/client';
import { londonTime } from '../components/format';
import { ProblemView } from '../components/problem';
import { useLoad } from '../components/use-api';
import { Link } from '../router';

interface TimelineEntry {
  at: string;
  actor?: string;
  what: string;
  detail: string;
  code: string;
  workflowId: string;
}

/** Who did what and when: each deadline met or missed, each escalation, each release with its basis. Read-only. */
export function TimelinePage({ caseId }: { caseId: string }) {
  const { data, problem, loading } = useLoad(
    () => api.GET('/cases/{caseId}/timeline', { params: { path: { caseId } } }),
    [caseId],
  );
  const timeline = data as { source?: string; entries?: TimelineEntry[] } | undefined;
  return (
    <main id="main">
      <h1>Case timeline</h1>
      <p>
        <Link to={`/cases/${caseId}`}>Back to the case</Link>
      </p>
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
