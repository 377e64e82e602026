// The shell: top bar, the import screen or the case workspace, the status bar, overlays.
import { useEffect, useLayoutEffect } from 'react';
import { TID } from '../testids.ts';
import { boot, syncHashFromStore } from '../state/actions.ts';
import { useStore } from '../state/store.ts';
import { TopBar } from './TopBar.tsx';
import { StatusBar } from './StatusBar.tsx';
import { ImportScreen } from '../import/ImportScreen.tsx';
import { Workspace } from './Workspace.tsx';
import { HelpOverlay } from '../keys/HelpOverlay.tsx';
import { useShortcuts } from '../keys/shortcuts.ts';
import { Notices } from './Notices.tsx';
import { ErrorBoundary } from './ErrorBoundary.tsx';

export function App() {
  const screen = useStore((s) => s.screen);
  const theme = useStore((s) => s.theme);
  const helpOpen = useStore((s) => s.helpOpen);

  useEffect(() => { void boot(); return useStore.subscribe(syncHashFromStore); }, []);
  // Layout effect: the theme attribute must be set before children's effects read the colours.
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = theme;
    try { localStorage.setItem('crashlens-theme', theme); } catch { /* private mode */ }
  }, [theme]);
  useShortcuts();

  return (
    <div className="app" data-testid={TID.app} data-screen={screen}>
      <TopBar />
      <ErrorBoundary name={screen}>{screen === 'case' ? <Workspace /> : screen === 'import' ? <ImportScreen /> : <div className="empty">Connecting to the engine…</div>}</ErrorBoundary>
      <ErrorBoundary name="status bar"><StatusBar /></ErrorBoundary>
      {helpOpen && <HelpOverlay />}
      <Notices />
    </div>
  );
}
