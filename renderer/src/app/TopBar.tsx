// Top bar: the case, the full-text search, zone and theme switches, export, help.
import { TID } from '../testids.ts';
import { set, useStore, nodeZone } from '../state/store.ts';
import { SearchBox } from '../search/SearchBox.tsx';
import { ExportMenu } from '../export/ExportMenu.tsx';
import { ViewsMenu } from '../search/ViewsMenu.tsx';

export function TopBar() {
  const summary = useStore((s) => s.summary);
  const screen = useStore((s) => s.screen);
  const theme = useStore((s) => s.theme);
  const zoneMode = useStore((s) => s.zoneMode);
  const nz = useStore((s) => nodeZone(s.summary));
  const title = summary ? (summary.nodes.length ? summary.nodes.join(', ') : summary.path.split(/[\\/]/).pop()) : '';
  return (
    <header className="topbar">
      <div className="brand"><span className="brand-mark" />Crashlens</div>
      <span className="case-title" data-testid={TID.caseTitle} title={summary?.path ?? ''}>{title}</span>
      {screen === 'case' && (
        <button className="btn small" onClick={() => set({ screen: 'import' })} title="Open another bundle or a sample">Open…</button>
      )}
      <div className="spacer" />
      {screen === 'case' && <SearchBox />}
      <div className="spacer" />
      <select className="input" data-testid={TID.zoneSelect} value={zoneMode} title="Write times in UTC or in the node's own zone"
        onChange={(e) => set({ zoneMode: e.target.value === 'node' ? 'node' : 'utc' })}>
        <option value="utc">UTC</option>
        <option value="node">{nz ? `Node zone (${nz})` : 'Node zone (unknown: UTC)'}</option>
      </select>
      {screen === 'case' && <ViewsMenu />}
      {screen === 'case' && <ExportMenu />}
      <button className="btn" data-testid={TID.themeToggle} title="Light / dark theme"
        onClick={() => set({ theme: theme === 'dark' ? 'light' : 'dark' })}>{theme === 'dark' ? '☀ Light' : '☾ Dark'}</button>
      <button className="btn ghost" onClick={() => set({ helpOpen: true })} title="Keyboard shortcuts (?)">?</button>
    </header>
  );
}
