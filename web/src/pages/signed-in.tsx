import { useEffect, useState } from 'react';
import type { Problem } from '../api/client';
import { ProblemView, localProblem } from '../components/problem';
import { completeSignIn, consoleConfig } from '../oidc';
import { navigate } from '../router';
import { principalOf, useSession } from '../session';

/** The identity provider's redirect back: the code is exchanged, the address replaced, the page asked for opened. */
export function SignedInPage() {
  const { signIn } = useSession();
  const [problem, setProblem] = useState<Problem | undefined>();
  useEffect(() => {
    consoleConfig()
      .then(async (config) => {
        if (!config.oidc) throw new Error('no identity provider');
        const { token, returnTo } = await completeSignIn(config.oidc);
        const principal = await principalOf(token);
        if ('title' in principal) return setProblem(principal);
        signIn(token, principal);
        navigate(returnTo, { replace: true });
      })
      .catch(() =>
        setProblem(
          localProblem('The sign-in could not be completed', 'Go back to the console’s address and sign in again.'),
        ),
      );
  }, [signIn]);
  return (
    <main id="main" className="narrow">
      <h1>Signing in…</h1>
      <ProblemView problem={problem} />
      {problem && <a href="/">Sign in again</a>}
    </main>
  );
}
