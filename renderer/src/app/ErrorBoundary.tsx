// One panel failing (an unexpected shape from the engine, a bug) must not blank the whole window:
// the panel says what broke and offers a retry; the rest of the investigation stays usable.
import { Component, type ReactNode } from 'react';

export class ErrorBoundary extends Component<{ name: string; children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };
  static getDerivedStateFromError(error: Error) { return { error }; }
  override componentDidCatch(error: Error) { console.error(`crashlens: the ${this.props.name} panel failed:`, error); }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="panel-error" role="alert">
        <b>The {this.props.name} panel failed.</b> <span className="dim">{this.state.error.message}</span>
        <button className="btn small" onClick={() => this.setState({ error: null })}>Retry</button>
      </div>
    );
  }
}
