import { useEffect, useRef, useState, type ReactElement } from 'react';
import { PageErrorBoundary } from './components/error-boundary';
import { CasePage } from './pages/case-page';
import { CasesPage } from './pages/cases';
import { InboxPage } from './pages/inbox';
import { NewDisclosurePage } from './pages/new-disclosure';
import { ReportsPage } from './pages/reports';
import { SignInPage } from './pages/sign-in';
import { SignedInPage } from './pages/signed-in';
import { SIGNED_IN_PATH } from './oidc';
import { TimelinePage } from './pages/timeline';
import { Link, match, navigate, usePath } from './router';
import { ROLE_TITLES, isCasework, isManagerOrAbove, useSession, type Role } from './session';

/** Page titles name the page, never a person or a case. */
const TITLE = 'DA Case Orchestrator';

function route(path: string, role: Role): { title: string; page: ReactElement } {
  if (path === '/cases/new' && isCasework(role)) return { title: 'New disclosure', page: <NewDisclosurePage /> };
  const timeline = match('/cases/:caseId/timeline', path);
  if (timeline) return { title: 'Case timeline', page: <TimelinePage caseId={timeline.caseId!} /> };
  const casePath = match('/cases/:caseId', path);
  if (casePath) return { title: 'Case', page: <CasePage caseId={casePath.caseId!} /> };
  if (path === '/inbox' && role !== 'auditor') return { title: 'Alert inbox', page: <InboxPage /> };
  if (path === '/reports' && (role === 'auditor' || isManagerOrAbove(role)))
    return { title: 'Compliance report', page: <ReportsPage /> };
  return { title: 'Open cases', page: <CasesPage /> };
}

/** One key hides everything on screen at once (open-plan offices); the same key shows it again. */
export const HIDE_SCREEN_KEY = 'Escape';

function useHiddenScreen(): [boolean, (hidden: boolean) => void] {
  const [hidden, setHiddenState] = useState(false);
  // Where the keyboard was before hiding, taken before the cover's button takes the focus.
  const focused = useRef<Element | null>(null);
  const hiddenNow = useRef(false);
  const setHidden = (hide: boolean) => {
    if (hide && !hiddenNow.current) focused.current = document.activeElement;
    hiddenNow.current = hide;
    setHiddenState(hide);
  };
  useEffect(() => {
    if (!hidden && focused.current instanceof HTMLElement) focused.current.focus();
  }, [hidden]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === HIDE_SCREEN_KEY && !event.isComposing) setHidden(!hiddenNow.current);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return [hidden, setHidden];
}

export function App() {
  const { principal, signOut } = useSession();
  const path = usePath();
  const [hidden, setHidden] = useHiddenScreen();
  const current = principal
    ? route(path, principal.role)
    : path === SIGNED_IN_PATH
      ? { title: 'Signing in', page: <SignedInPage /> }
      : { title: 'Sign in', page: <SignInPage /> };

  useEffect(() => {
    document.title = hidden ? TITLE : `${current.title} — ${TITLE}`;
  }, [current.title, hidden]);

  // The page stays as it was underneath (a half-filled form is kept), out of reach while hidden.
  return (
    <>
      {hidden && (
        <div className="hidden-screen">
          <button type="button" autoFocus onClick={() => setHidden(false)}>
            Show the screen again (or press {HIDE_SCREEN_KEY})
          </button>
        </div>
      )}
      <div className={hidden ? 'under-cover' : undefined} inert={hidden} aria-hidden={hidden || undefined}>
        <a className="skip-link" href="#main">
          Skip to the page
        </a>
        <header className="banner">
          <p className="product">{TITLE}</p>
          {principal && (
            <nav aria-label="Main">
              <ul>
                <li>
                  <Link to="/cases" aria-current={path === '/cases' || path === '/' ? 'page' : undefined}>
                    Cases
                  </Link>
                </li>
                {principal.role !== 'auditor' && (
                  <li>
                    <Link to="/inbox" aria-current={path === '/inbox' ? 'page' : undefined}>
                      Alerts
                    </Link>
                  </li>
                )}
                {(principal.role === 'auditor' || isManagerOrAbove(principal.role)) && (
                  <li>
                    <Link to="/reports" aria-current={path === '/reports' ? 'page' : undefined}>
                      Reports
                    </Link>
                  </li>
                )}
              </ul>
            </nav>
          )}
          <div className="who">
            <button type="button" className="hide-button" onClick={() => setHidden(true)}>
              Hide screen ({HIDE_SCREEN_KEY})
            </button>
            {principal && (
              <>
                <span>
                  {principal.staffId}, {ROLE_TITLES[principal.role]}
                </span>
                <button
                  type="button"
                  onClick={() => {
                    signOut('You signed out.');
                    navigate('/', { replace: true });
                  }}
                >
                  Sign out
                </button>
              </>
            )}
          </div>
        </header>
        <PageErrorBoundary key={path}>{current.page}</PageErrorBoundary>
      </div>
    </>
  );
}
