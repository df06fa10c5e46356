import { CheckBox } from '../components/check-box';
import { useRef, useState, type FormEvent } from 'react';
import { api, newIdempotencyKey, type Problem } from '../api/client';
import { ProblemView } from '../components/problem';
import { act } from '../components/use-api';
import { navigate } from '../router';
import { usePrincipal } from '../session';
import { CONTACT_CHANNELS, ChannelChoices, type ContactChannel } from '../components/channels';

const CHANNELS = ['phone', 'face_to_face', 'email', 'web', 'app', 'visit', 'letter'] as const;
const REPORTERS = ['survivor', 'neighbour', 'relative', 'contractor', 'staff', 'partner_agency', 'other'] as const;
const words = (code: string) => code.replace(/_/g, ' ');

/** Every field of a disclosure, with help text; immediate danger shows the 999 guidance at once. */
export function NewDisclosurePage() {
  const principal = usePrincipal();
  // One key for this disclosure: submitting again after an error cannot open a second case.
  const idempotencyKey = useRef(newIdempotencyKey());
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('phone');
  const [reporter, setReporter] = useState<(typeof REPORTERS)[number]>('survivor');
  const [reference, setReference] = useState('');
  const [isResident, setIsResident] = useState(true);
  const [childrenInHousehold, setChildrenInHousehold] = useState(false);
  const [adultAtRisk, setAdultAtRisk] = useState(false);
  const [perpetratorResident, setPerpetratorResident] = useState(false);
  const [perpetratorReference, setPerpetratorReference] = useState('');
  const [perpetratorOfficerId, setPerpetratorOfficerId] = useState('');
  const [safeChannels, setSafeChannels] = useState<ContactChannel[]>([]);
  const [safeTimes, setSafeTimes] = useState('');
  const [lettersSafe, setLettersSafe] = useState(false);
  const [voicemailSafe, setVoicemailSafe] = useState(false);
  const [safeWord, setSafeWord] = useState('');
  const [immediateDanger, setImmediateDanger] = useState(false);
  const [caseOfficerId, setCaseOfficerId] = useState(principal.staffId);
  const [teamId, setTeamId] = useState(principal.teamId ?? '');

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
    const { data, problem: refused } = await act(() =>
      api.POST('/cases', {
        params: { header: { 'Idempotency-Key': idempotencyKey.current } },
        body: {
          organisationId: principal.organisationId,
          channel,
          reporter,
          survivor: { reference: reference.trim(), isResident, childrenInHousehold, adultAtRisk },
          perpetrator: {
            isResident: perpetratorResident,
            reference: optional(perpetratorReference),
            officerId: optional(perpetratorOfficerId),
          },
          safeContact: {
            channels: safeChannels,
            safeTimes: optional(safeTimes),
            lettersSafe,
            voicemailSafe,
            safeWord: optional(safeWord),
          },
          immediateDanger,
          caseOfficerId: caseOfficerId.trim(),
          teamId: teamId.trim(),
        },
      }),
    );
    setBusy(false);
    if (refused) return setProblem(refused);
    navigate(`/cases/${(data as { caseId: string }).caseId}`);
  };

  return (
    <main id="main" className="narrow">
      <h1>Record a new disclosure</h1>
      <form onSubmit={(event) => void submit(event)} noValidate={false}>
        <fieldset>
          <legend>Immediate danger</legend>
          <label>
            <input
              type="checkbox"
              checked={immediateDanger}
              onChange={(event) => setImmediateDanger(event.target.checked)}
              aria-describedby="danger-help"
            />{' '}
            The survivor is in immediate danger now
          </label>
          <p id="danger-help" className="hint">
            Tick if the survivor or a child is at risk of harm right now.
          </p>
          {immediateDanger && (
            <div className="danger" role="alert">
              <p>
                <strong>Call 999 now</strong> if the survivor or anyone else is in danger. If they cannot speak, they
                can call 999, then press 55 when prompted (the Silent Solution).
              </p>
              <p>The case is escalated to the DA lead as soon as it is recorded.</p>
            </div>
          )}
        </fieldset>
        <fieldset>
          <legend>The disclosure</legend>
          <label htmlFor="channel">How it was disclosed</label>
          <select id="channel" value={channel} onChange={(event) => setChannel(event.target.value as typeof channel)}>
            {CHANNELS.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
          <label htmlFor="reporter">Who disclosed it</label>
          <select
            id="reporter"
            value={reporter}
            onChange={(event) => setReporter(event.target.value as typeof reporter)}
          >
            {REPORTERS.map((value) => (
              <option key={value} value={value}>
                {words(value)}
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>The survivor</legend>
          <label htmlFor="survivor-reference">Survivor reference</label>
          <p id="survivor-reference-help" className="hint">
            Your organisation’s reference for the survivor (a tenancy or client number), not their name.
          </p>
          <input
            id="survivor-reference"
            required
            maxLength={100}
            value={reference}
            onChange={(event) => setReference(event.target.value)}
            aria-describedby="survivor-reference-help"
            autoComplete="off"
          />
          <CheckBox checked={isResident} onChange={setIsResident}>
            Lives in one of our homes
          </CheckBox>
          <CheckBox checked={childrenInHousehold} onChange={setChildrenInHousehold}>
            Children live in the household
          </CheckBox>
          <CheckBox checked={adultAtRisk} onChange={setAdultAtRisk}>
            An adult at risk lives in the household
          </CheckBox>
        </fieldset>
        <fieldset>
          <legend>The perpetrator</legend>
          <CheckBox checked={perpetratorResident} onChange={setPerpetratorResident}>
            Lives in one of our homes
          </CheckBox>
          <label htmlFor="perpetrator-reference">Perpetrator reference (optional)</label>
          <input
            id="perpetrator-reference"
            maxLength={100}
            value={perpetratorReference}
            onChange={(event) => setPerpetratorReference(event.target.value)}
            autoComplete="off"
          />
          <label htmlFor="perpetrator-officer">Perpetrator’s housing officer (optional staff id)</label>
          <p id="perpetrator-officer-help" className="hint">
            That officer will not be able to see this case.
          </p>
          <input
            id="perpetrator-officer"
            maxLength={100}
            value={perpetratorOfficerId}
            onChange={(event) => setPerpetratorOfficerId(event.target.value)}
            aria-describedby="perpetrator-officer-help"
          />
        </fieldset>
        <fieldset>
          <legend>Safe contact</legend>
          <p className="hint">
            Only the ways the survivor said are safe. Every contact attempt is checked against them.
          </p>
          <ChannelChoices
            name="safe-channel"
            chosen={safeChannels}
            onChange={setSafeChannels}
            options={CONTACT_CHANNELS}
          />
          <label htmlFor="safe-times">Safe times (optional)</label>
          <input
            id="safe-times"
            maxLength={200}
            value={safeTimes}
            onChange={(event) => setSafeTimes(event.target.value)}
          />
          <CheckBox checked={lettersSafe} onChange={setLettersSafe}>
            Letters are safe
          </CheckBox>
          <CheckBox checked={voicemailSafe} onChange={setVoicemailSafe}>
            Voicemail is safe
          </CheckBox>
          <label htmlFor="safe-word">Safe word (optional)</label>
          <input
            id="safe-word"
            maxLength={100}
            value={safeWord}
            onChange={(event) => setSafeWord(event.target.value)}
            autoComplete="off"
          />
        </fieldset>
        <fieldset>
          <legend>Who holds the case</legend>
          <label htmlFor="case-officer">Case officer (staff id)</label>
          <input
            id="case-officer"
            required
            value={caseOfficerId}
            onChange={(event) => setCaseOfficerId(event.target.value)}
          />
          <label htmlFor="team">Team</label>
          <input id="team" required value={teamId} onChange={(event) => setTeamId(event.target.value)} />
        </fieldset>
        <ProblemView problem={problem} />
        <button type="submit" disabled={busy}>
          {busy ? 'Recording…' : 'Record the disclosure'}
        </button>
      </form>
    </main>
  );
}
