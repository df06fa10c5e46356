import { useEffect, useRef, useState, type FormEvent } from 'react';
import { asProblem, authorization, newIdempotencyKey, type Problem } from '../api/client';
import { outcomeUnknown } from '../components/use-api';
import { ObjectFields, bodyOf, type JsonSchema, type Value } from '../components/schema-form';
import { words } from '../components/format';
import { ProblemView, localProblem } from '../components/problem';

interface Operation {
  path: string;
  summary: string;
  description?: string;
  pathParameters: string[];
  body?: JsonSchema;
  idempotent: boolean;
}

interface OpenApi {
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        parameters?: { name: string; in: string }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
  components: { schemas: Record<string, JsonSchema> };
}

/** The actions with a form of their own on the case page. */
const OWN_FORMS = ['/cases/{caseId}/contact-attempts', '/cases/{caseId}/dash', '/cases/{caseId}/closure'];
/** Documents are uploaded as files, not JSON. */
const NOT_JSON = ['/cases/{caseId}/documents'];

let documentLoad: Promise<OpenApi> | undefined;
const apiDocument = () =>
  (documentLoad ??= fetch('/openapi.json', { headers: { Accept: 'application/json' } }).then(
    async (response) => (await response.json()) as OpenApi,
  ));

/** Every other action on a case, its form drawn from the API's own documentation of its body. */
function caseOperations(document: OpenApi): Operation[] {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/cases/{caseId}/') && !OWN_FORMS.includes(path) && !NOT_JSON.includes(path))
    .flatMap(([path, methods]) => {
      const post = methods.post;
      if (!post) return [];
      return [
        {
          path,
          summary: post.summary ?? path,
          description: post.description,
          pathParameters: (post.parameters ?? [])
            .filter((parameter) => parameter.in === 'path' && parameter.name !== 'caseId')
            .map((parameter) => parameter.name),
          body: post.requestBody?.content?.['application/json']?.schema,
          idempotent: (post.parameters ?? []).some((parameter) => parameter.name === 'Idempotency-Key'),
        },
      ];
    })
    .sort((a, b) => a.summary.localeCompare(b.summary));
}

export function MoreActions({ caseId, recorded }: { caseId: string; recorded: (what: string) => void }) {
  const [document, setDocument] = useState<OpenApi | undefined>();
  const [chosen, setChosen] = useState('');
  const [value, setValue] = useState<Value>(undefined);
  const [pathValues, setPathValues] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<Problem | undefined>();
  const [busy, setBusy] = useState(false);
  const key = useRef(newIdempotencyKey());

  useEffect(() => {
    apiDocument()
      .then(setDocument)
      .catch(() => setProblem(localProblem('The API’s documentation could not be read', 'Reload the page.')));
  }, []);
  const operations = document ? caseOperations(document) : [];
  const operation = operations.find((candidate) => candidate.path === chosen);
  const resolve = (schema: JsonSchema): JsonSchema =>
    schema.$ref ? (document?.components.schemas[schema.$ref.split('/').pop()!] ?? {}) : schema;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!operation) return;
    setBusy(true);
    const url = operation.pathParameters.reduce(
      (path, name) => path.replace(`{${name}}`, encodeURIComponent(pathValues[name] ?? '')),
      operation.path.replace('{caseId}', caseId),
    );
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          ...authorization(),
          Accept: 'application/json',
          'Content-Type': 'application/json',
          ...(operation.idempotent ? { 'Idempotency-Key': key.current } : {}),
        },
        body: JSON.stringify(bodyOf(value) ?? {}),
      });
      if (response.ok) {
        setProblem(undefined);
        setValue(undefined);
        recorded(`${operation.summary}: recorded.`);
        key.current = newIdempotencyKey();
      } else {
        const refused = asProblem(await response.json().catch(() => undefined), response);
        setProblem(refused);
        // After an outage or a timeout the same key goes again, so a retry is applied once.
        if (!outcomeUnknown(refused)) key.current = newIdempotencyKey();
      }
    } catch {
      setProblem(
        localProblem('The API could not be reached', 'The action may not have been recorded: reload the case to see.'),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="action" aria-labelledby="more-actions-heading">
      <h3 id="more-actions-heading">Other actions</h3>
      <p className="hint">
        Safety plans, sharing and consent, safeguarding, repairs, rehousing, MARAC and every other action on the case.
      </p>
      <label htmlFor="more-action">Action</label>
      <select
        id="more-action"
        value={chosen}
        onChange={(event) => {
          setChosen(event.target.value);
          setValue(undefined);
          setPathValues({});
          setProblem(undefined);
        }}
      >
        <option value="">Choose an action…</option>
        {operations.map((candidate) => (
          <option key={candidate.path} value={candidate.path}>
            {candidate.summary}
          </option>
        ))}
      </select>
      {operation && (
        <form onSubmit={(event) => void submit(event)}>
          {operation.pathParameters.map((name) => (
            <div key={name}>
              <label htmlFor={`path-${name}`}>{words(name)}</label>
              <input
                id={`path-${name}`}
                required
                value={pathValues[name] ?? ''}
                onChange={(event) => setPathValues({ ...pathValues, [name]: event.target.value })}
              />
            </div>
          ))}
          {operation.body && (
            <ObjectFields schema={resolve(operation.body)} resolve={resolve} value={value} onChange={setValue} />
          )}
          <ProblemView problem={problem} />
          <button type="submit" disabled={busy}>
            {busy ? 'Recording…' : operation.summary}
          </button>
        </form>
      )}
      {!operation && <ProblemView problem={problem} />}
    </section>
  );
}
