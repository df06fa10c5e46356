import { createEventSource } from 'eventsource-client';
import { useEffect, useState } from 'react';
import { api, authorization, type InboxAlert, type Problem } from '../api/client';
import { londonTime, words } from '../components/format';
import { ProblemView } from '../components/problem';
import { act, useLoad } from '../components/use-api';
import { Link } from '../router';

type Connection = 'connecting' | 'live' | 'reconnecting';

/**
 * The alert inbox, live: the stream's new alerts arrive without a reload, and after a dropped
 * connection the client resumes from the last event id, so none is missed.
 */
export function InboxPage() {
  const { data, problem, reload } = useLoad(() => api.GET('/alerts', { params: { query: { limit: 100 } } }), []);
  const [alerts, setAlerts] = useState<InboxAlert[]>([]);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [announcement, setAnnouncement] = useState('');
  const [ackProblem, setAckProblem] = useState<Problem | undefined>();

  // The list read merges with what the stream already brought, newest first, each alert once.
  useEffect(() => {
    if (!data) return;
    setAlerts((current) => {
      const read = new Set(data.items.map((alert) => alert.alertId));
      return [...current.filter((alert) => !read.has(alert.alertId)), ...data.items].sort((a, b) =>
        b.raisedAt.localeCompare(a.raisedAt),
      );
    });
  }, [data]);

  useEffect(() => {
    const stream = createEventSource({
      url: '/alerts/stream',
      headers: { ...authorization(), Accept: 'text/event-stream' },
      onConnect: () => setConnection('live'),
      onScheduleReconnect: () => setConnection('reconnecting'),
      onMessage: (message) => {
        if (message.event === 'alert') {
          const alert = JSON.parse(message.data) as InboxAlert;
          setAlerts((current) => [alert, ...current.filter((other) => other.alertId !== alert.alertId)]);
          setAnnouncement(`New alert: ${words(alert.kind)}, ${words(alert.task)}`);
        } else if (message.event === 'reset' || message.event === 'ready') void reload();
        else if (message.event === 'error') setConnection('reconnecting');
      },
    });
    return () => stream.close();
  }, [reload]);

  const acknowledge = async (alertId: string) => {
    const { data: acknowledged, problem: refused } = await act(() =>
      api.POST('/alerts/{alertId}/acknowledgement', { params: { path: { alertId } } }),
    );
    setAckProblem(refused);
    if (acknowledged)
      setAlerts((current) =>
        current.map((alert) =>
          alert.alertId === alertId
            ? { ...alert, acknowledgedAt: acknowledged.acknowledgedAt, acknowledgedBy: acknowledged.acknowledgedBy }
            : alert,
        ),
      );
  };

  return (
    <main id="main">
      <h1>Alert inbox</h1>
      <p className={`connection connection-${connection}`}>
        {connection === 'live'
          ? 'Live: new alerts appear here.'
          : connection === 'connecting'
            ? 'Connecting…'
            : 'Reconnecting…'}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <ProblemView problem={problem ?? ackProblem} />
      {alerts.length === 0 && <p>No alerts.</p>}
      <ul className="alerts">
        {alerts.map((alert) => (
          <li key={alert.alertId} className={alert.acknowledgedAt ? 'acknowledged' : 'unacknowledged'}>
            <p>
              <strong>{words(alert.kind)}</strong>: {words(alert.task)}
              {alert.rung && ` — ${alert.recipientTitle}`}
            </p>
            <p className="hint">
              Raised {londonTime(alert.raisedAt)}
              {alert.dueAt && `, due ${londonTime(alert.dueAt)}`}
            </p>
            {alert.routingNote && <p className="hint">{alert.routingNote}</p>}
            <p>
              <Link to={`/cases/${alert.caseId}`}>
                Open the case <span className="visually-hidden">of this alert</span>
              </Link>{' '}
              {alert.acknowledgedAt ? (
                <span>
                  Acknowledged {londonTime(alert.acknowledgedAt)} by {alert.acknowledgedBy}
                </span>
              ) : (
                <button type="button" onClick={() => void acknowledge(alert.alertId)}>
                  Acknowledge <span className="visually-hidden">{words(alert.kind)} alert</span>
                </button>
              )}
            </p>
          </li>
        ))}
      </ul>
    </main>
  );
}
