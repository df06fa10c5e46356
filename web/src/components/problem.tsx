import type { Problem } from '../api/client';

/** An API refusal in plain words, beside the action it refused: never a blank screen. */
export function ProblemView({ problem }: { problem: Problem | undefined }) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert">
      <p className="problem-title">
        {problem.title}
        {problem.status ? ` (${problem.status})` : ''}
      </p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.errors && problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((error) => (
            <li key={`${error.field}:${error.message}`}>
              <code>{error.field}</code>: {error.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A problem made by the console itself, e.g. when the API cannot be reached. */
export function localProblem(title: string, detail: string): Problem {
  return { type: '/problems/internal-error', status: 503, title, detail } as Problem;
}
