import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

/**
 * A view that throws while rendering shows what went wrong in its place; the sidebar keeps working (keyed per view, so
 * leaving it resets).
 */
export class ViewErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override render() {
    if (this.state.error === null) return this.props.children;
    return (
      <div role="alert" className="view-error">
        <h2>This view stopped working</h2>
        <p>{this.state.error.message}</p>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
