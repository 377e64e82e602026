import { set } from '../state/store.ts';
import { SHORTCUTS } from './shortcuts.ts';
import { TID } from '../testids.ts';

export function HelpOverlay() {
  return (
    <div className="overlay" onClick={() => set({ helpOpen: false })} data-testid={TID.helpOverlay}>
      <div className="dialog" onClick={(e) => e.stopPropagation()} role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keyboard shortcuts</h2>
        <div className="help-grid">
          {SHORTCUTS.map((s) => <div key={s.keys}><span>{s.what}</span><kbd>{s.keys}</kbd></div>)}
        </div>
        <p className="dim">Times carry a badge when they were not exact in the log: <span className="badge warn">~year</span> year taken from the bundle,
          {' '}<span className="badge warn">~zone</span> zone taken from the bundle, <span className="badge warn">mono→wall</span> seconds since boot mapped through the boot time, <span className="badge warn">no time</span>.</p>
      </div>
    </div>
  );
}
