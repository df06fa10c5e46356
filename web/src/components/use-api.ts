import { useCallback, useEffect, useState } from 'react';
import { asProblem, type Problem } from '../api/client';
import { localProblem } from './problem';

interface Answer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Loads once and on `reload()`: the data, or the problem the API answered, or that it could not be reached. */
export function useLoad<T>(load: () => Promise<Answer<T>>, deps: readonly unknown[]) {
  const [data, setData] = useState<T | undefined>();
  const [problem, setProblem] = useState<Problem | undefined>();
  const [loading, setLoading] = useState(true);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    setLoading(true);
    try {
      const answer = await run();
      if (answer.data !== undefined) {
        setData(answer.data);
        setProblem(undefined);
      } else setProblem(asProblem(answer.error, answer.response));
    } catch {
      setProblem(localProblem('The API could not be reached', 'Check your connection, then try again.'));
    } finally {
      setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, problem, loading, reload };
}

/** Runs one action: its answer, or the problem shown beside it. */
export async function act<T>(call: () => Promise<Answer<T>>): Promise<{ data?: T; problem?: Problem }> {
  try {
    const answer = await call();
    if (answer.response.ok) return { data: answer.data };
    return { problem: asProblem(answer.error, answer.response) };
  } catch {
    return {
      problem: localProblem(
        'The API could not be reached',
        'The action may not have been recorded: reload the case to see, then try again.',
      ),
    };
  }
}

/** A refusal after which the action may or may not have been applied: an outage (5xx) or a timeout (408). */
export const outcomeUnknown = (problem: Problem): boolean => problem.status === 408 || (problem.status ?? 0) >= 500;
