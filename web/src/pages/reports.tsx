import { useState, type FormEvent } from 'react';
import { api, type Problem } from '../api/client';
import { downloadFile } from '../components/download';
import { words } from '../components/format';
import { ProblemView } from '../components/problem';
import { act } from '../components/use-api';

interface TimescaleCompliance {
  deadlines: number;
  met: number;
  metLate: number;
  overdue: number;
  onTimeRate: number | null;
}
interface ComplianceGroup {
  organisationId: string;
  policyProfile: string;
  timescales: Record<string, TimescaleCompliance>;
  escalations: { total: number; byRung: Record<string, number> };
  releases: { withConsent: number; withoutConsent: number; withoutConsentByBasis: Record<string, number> };
}
interface ComplianceReport {
  groups: ComplianceGroup[];
}

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** The compliance report with its charts (on-time rate per timescale, escalations by rung) and its CSV. */
export function ReportsPage() {
  const today = new Date();
  const [from, setFrom] = useState(isoDate(new Date(today.getFullYear(), today.getMonth(), 1)));
  const [to, setTo] = useState(isoDate(today));
  const [report, setReport] = useState<ComplianceReport | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();

  const show = async (event: FormEvent) => {
    event.preventDefault();
    const { data, problem: refused } = await act(() =>
      api.GET('/reports/compliance', { params: { query: { from, to } } }),
    );
    setProblem(refused);
    setReport(data as ComplianceReport | undefined);
  };

  const download = async () => {
    const query = new URLSearchParams({ from, to, format: 'csv' });
    setProblem(
      await downloadFile(`/reports/compliance?${query.toString()}`, 'text/csv', `compliance-${from}-to-${to}.csv`),
    );
  };

  return (
    <main id="main">
      <h1>Compliance report</h1>
      <form onSubmit={(event) => void show(event)} className="inline">
        <label htmlFor="report-from">From</label>
        <input id="report-from" type="date" required value={from} onChange={(event) => setFrom(event.target.value)} />
        <label htmlFor="report-to">To</label>
        <input id="report-to" type="date" required value={to} onChange={(event) => setTo(event.target.value)} />
        <button type="submit">Show the report</button>
        <button type="button" onClick={() => void download()}>
          Download CSV
        </button>
      </form>
      <ProblemView problem={problem} />
      {report?.groups.length === 0 && <p>No deadlines fell due in this period.</p>}
      {report?.groups.map((group) => (
        <section key={`${group.organisationId}-${group.policyProfile}`} aria-label={`${group.organisationId} report`}>
          <h2>
            {group.organisationId} (policy {group.policyProfile})
          </h2>
          <h3>On-time rate per timescale</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Timescale</th>
                <th scope="col">Due</th>
                <th scope="col">Met on time</th>
                <th scope="col">Met late</th>
                <th scope="col">Overdue</th>
                <th scope="col">On-time rate</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(group.timescales)
                .filter(([, figures]) => figures.deadlines > 0)
                .map(([task, figures]) => (
                  <tr key={task}>
                    <th scope="row">{words(task)}</th>
                    <td>{figures.deadlines}</td>
                    <td>{figures.met}</td>
                    <td>{figures.metLate}</td>
                    <td>{figures.overdue}</td>
                    <td>
                      {figures.onTimeRate === null ? (
                        '—'
                      ) : (
                        <>
                          <meter
                            min={0}
                            max={1}
                            value={figures.onTimeRate}
                            aria-label={`${words(task)} on-time rate`}
                          />{' '}
                          {Math.round(figures.onTimeRate * 100)}%
                        </>
                      )}
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          <h3>Information shared ({group.releases.withConsent + group.releases.withoutConsent}), by basis</h3>
          <ul className="bars">
            {[
              ['consent', group.releases.withConsent] as const,
              ...Object.entries(group.releases.withoutConsentByBasis),
            ].map(([basis, count]) => (
              <li key={basis}>
                {words(basis)}:{' '}
                <meter
                  min={0}
                  max={Math.max(1, group.releases.withConsent + group.releases.withoutConsent)}
                  value={count}
                  aria-label={`shared under ${words(basis)}`}
                />{' '}
                {count}
              </li>
            ))}
          </ul>
          <h3>Escalations by rung ({group.escalations.total})</h3>
          <ul className="bars">
            {Object.entries(group.escalations.byRung).map(([rung, count]) => (
              <li key={rung}>
                {words(rung)}:{' '}
                <meter
                  min={0}
                  max={Math.max(1, group.escalations.total)}
                  value={count}
                  aria-label={`${words(rung)} escalations`}
                />{' '}
                {count}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </main>
  );
}
