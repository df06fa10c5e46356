import { Component, type ReactNode } from 'react';

/** A page that fails to draw says so, instead of leaving a blank screen; the details go to the console log only. */
export class PageErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <main id="main" className="narrow">
        <div className="problem" role="alert">
          <p className="problem-title">This page could not be shown</p>
          <p>Nothing you recorded before is lost. Reload the page to try again, or go back to the list of cases.</p>
          <p>
            <a href="/cases">Open cases</a>
          </p>
        </div>
      </main>
    );
  }
}
