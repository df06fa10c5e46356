import { CheckBox } from '../components/check-box';
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { api, newIdempotencyKey, type CaseState, type Problem } from '../api/client';
import { CONTACT_CHANNELS, type ContactChannel } from '../components/channels';
import { words } from '../components/format';
import { ProblemView } from '../components/problem';
import { act, outcomeUnknown } from '../components/use-api';
import { DASH_QUESTIONS } from './dash-questions';

interface ActionProps {
  caseId: string;
  state: CaseState;
  /** the case changed: read it again */
  recorded: (what: string) => void;
}

/** One action's form: its refusal shown beside it, a key per attempt so a retry is applied once. */
function ActionForm({
  title,
  submitLabel,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  onSubmit: (idempotencyKey: string) => Promise<Problem | undefined>;
  children: ReactNode;
}) {
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const refused = await onSubmit(key.current);
    setBusy(false);
    setProblem(refused);
    // A definite answer ends this attempt; after an outage or a timeout the same key goes again, so a
    // retry of an action that may have been applied is applied once.
    if (!refused || !outcomeUnknown(refused)) key.current = newIdempotencyKey();
  };
  const headingId = `${title.replace(/\W+/g, '-').toLowerCase()}-heading`;
  return (
    <section className="action" aria-labelledby={headingId}>
      <h3 id={headingId}>{title}</h3>
      <form onSubmit={(event) => void submit(event)}>
        {children}
        <ProblemView problem={problem} />
        <button type="submit" disabled={busy}>
          {busy ? 'Recording…' : submitLabel}
        </button>
      </form>
    </section>
  );
}

export function ContactAttemptForm({ caseId, recorded }: ActionProps) {
  const [outcome, setOutcome] = useState<'reached' | 'not_reached' | 'unsafe_to_contact'>('reached');
  const [channel, setChannel] = useState<ContactChannel>('phone');
  const [leftVoicemail, setLeftVoicemail] = useState(false);
  return (
    <ActionForm
      title="Contact attempt"
      submitLabel="Record the contact attempt"
      onSubmit={async (key) => {
        const { problem } = await act(() =>
          api.POST('/cases/{caseId}/contact-attempts', {
            params: { path: { caseId }, header: { 'Idempotency-Key': key } },
            body: { outcome, channel, leftVoicemail },
          }),
        );
        if (!problem) recorded('Contact attempt recorded.');
        return problem;
      }}
    >
      <label htmlFor="contact-channel">Channel</label>
      <select
        id="contact-channel"
        value={channel}
        onChange={(event) => setChannel(event.target.value as ContactChannel)}
      >
        {CONTACT_CHANNELS.map((value) => (
          <option key={value} value={value}>
            {words(value)}
          </option>
        ))}
      </select>
      <label htmlFor="contact-outcome">Outcome</label>
      <select
        id="contact-outcome"
        value={outcome}
        onChange={(event) => setOutcome(event.target.value as typeof outcome)}
      >
        <option value="reached">Reached the survivor</option>
        <option value="not_reached">Not reached</option>
        <option value="unsafe_to_contact">Unsafe to contact</option>
      </select>
      <CheckBox checked={leftVoicemail} onChange={setLeftVoicemail}>
        Left a voicemail
      </CheckBox>
    </ActionForm>
  );
}

export function DashForm({ caseId, state, recorded }: ActionProps) {
  const [answers, setAnswers] = useState<boolean[]>(() => DASH_QUESTIONS.map(() => false));
  const [policeCallOuts, setPoliceCallOuts] = useState('0');
  const [judgement, setJudgement] = useState(false);
  const [rationale, setRationale] = useState('');
  const yesCount = answers.filter(Boolean).length;
  const high = state.profile.risk.dashHighThreshold;
  const medium = state.profile.risk.dashMediumThreshold;
  const band = yesCount >= high ? 'high' : yesCount >= medium ? 'medium' : 'standard';
  return (
    <ActionForm
      title="DASH risk assessment"
      submitLabel="Record the DASH"
      onSubmit={async (key) => {
        const { problem } = await act(() =>
          api.POST('/cases/{caseId}/dash', {
            params: { path: { caseId }, header: { 'Idempotency-Key': key } },
            body: {
              assessment: {
                kind: 'answers',
                answers,
                policeCallOutsLast12Months: Number(policeCallOuts),
                ...(judgement ? { professionalJudgement: { high: true, rationale } } : {}),
              },
            },
          }),
        );
        if (!problem) recorded('DASH recorded.');
        return problem;
      }}
    >
      <p className="score" aria-live="polite">
        Score: <strong>{yesCount}</strong> of {DASH_QUESTIONS.length} “yes” — {words(band)} risk on the score alone
        (high from {high})
      </p>
      <ol className="dash">
        {DASH_QUESTIONS.map((question, index) => (
          <li key={question}>
            <label>
              <input
                type="checkbox"
                checked={answers[index]}
                onChange={(event) =>
                  setAnswers(answers.map((answer, other) => (other === index ? event.target.checked : answer)))
                }
              />{' '}
              {question}
            </label>
          </li>
        ))}
      </ol>
      <label htmlFor="police-call-outs">Police call-outs in the last 12 months</label>
      <input
        id="police-call-outs"
        type="number"
        min={0}
        max={999}
        inputMode="numeric"
        value={policeCallOuts}
        onChange={(event) => setPoliceCallOuts(event.target.value)}
      />
      <CheckBox checked={judgement} onChange={setJudgement}>
        High risk on professional judgement
      </CheckBox>
      {judgement && (
        <>
          <label htmlFor="judgement-rationale">Rationale (at least 20 characters)</label>
          <textarea
            id="judgement-rationale"
            minLength={20}
            maxLength={4000}
            value={rationale}
            onChange={(event) => setRationale(event.target.value)}
          />
        </>
      )}
    </ActionForm>
  );
}

const CLOSURE_REASONS = ['resolved', 'uncontactable', 'survivor_declined_support'] as const;
const DISPOSITIONS = ['withdrawn', 'completed_elsewhere', 'transferred'] as const;

export function ClosureForm({ caseId, state, recorded }: ActionProps) {
  const [reason, setReason] = useState<(typeof CLOSURE_REASONS)[number]>('resolved');
  const [survivorAgrees, setSurvivorAgrees] = useState(false);
  const openChildren = state.children.filter((child) => child.open);
  const [dispositions, setDispositions] = useState<Record<string, { disposition: string; reason: string }>>({});
  return (
    <ActionForm
      title="Close the case"
      submitLabel="Close the case"
      onSubmit={async (key) => {
        const { problem } = await act(() =>
          api.POST('/cases/{caseId}/closure', {
            params: { path: { caseId }, header: { 'Idempotency-Key': key } },
            body: {
              reason,
              survivorAgrees,
              openChildren: openChildren
                .filter((child) => dispositions[child.workflowId]?.disposition)
                .map((child) => ({
                  workflowId: child.workflowId,
                  kind: child.kind,
                  disposition: dispositions[child.workflowId]!.disposition as (typeof DISPOSITIONS)[number],
                  reason: dispositions[child.workflowId]!.reason,
                })),
            },
          }),
        );
        if (!problem) recorded('Case closed.');
        return problem;
      }}
    >
      <label htmlFor="closure-reason">Reason</label>
      <select id="closure-reason" value={reason} onChange={(event) => setReason(event.target.value as typeof reason)}>
        {CLOSURE_REASONS.map((value) => (
          <option key={value} value={value}>
            {words(value)}
          </option>
        ))}
      </select>
      <CheckBox checked={survivorAgrees} onChange={setSurvivorAgrees}>
        The survivor agrees the case can close
      </CheckBox>
      {openChildren.map((child) => (
        <fieldset key={child.workflowId}>
          <legend>Open linked workflow: {words(child.kind)}</legend>
          <label htmlFor={`disposition-${child.workflowId}`}>What happens to it</label>
          <select
            id={`disposition-${child.workflowId}`}
            value={dispositions[child.workflowId]?.disposition ?? ''}
            onChange={(event) =>
              setDispositions({
                ...dispositions,
                [child.workflowId]: {
                  reason: dispositions[child.workflowId]?.reason ?? '',
                  disposition: event.target.value,
                },
              })
            }
          >
            <option value="">Leave it open (refused unless an approver closes)</option>
            {DISPOSITIONS.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
          <label htmlFor={`disposition-reason-${child.workflowId}`}>Why (at least 10 characters)</label>
          <input
            id={`disposition-reason-${child.workflowId}`}
            value={dispositions[child.workflowId]?.reason ?? ''}
            onChange={(event) =>
              setDispositions({
                ...dispositions,
                [child.workflowId]: {
                  disposition: dispositions[child.workflowId]?.disposition ?? '',
                  reason: event.target.value,
                },
              })
            }
          />
        </fieldset>
      ))}
    </ActionForm>
  );
}
