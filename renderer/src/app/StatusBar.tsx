// The status bar: which case, what is ready (records / events / full text / analysis), the zone.
import { useStore, useZone } from '../state/store.ts';
import { zoneLabel } from '../time/zone.ts';
import { formatEta } from '../time/format.ts';

const fmtN = (n: number) => n.toLocaleString('en-US');

export function StatusBar() {
  const summary = useStore((s) => s.summary);
  const zone = useZone();
  const range = useStore((s) => s.range);
  const training = useStore((s) => s.training);
  // Select the map itself: a selector must not build a new array on every call (zustand would loop).
  const imports = useStore((s) => s.imports);
  const running = Object.values(imports).filter((p) => !['done', 'cancelled', 'failed'].includes(p.phase));
  const r = summary?.readiness;
  const flag = (ok: boolean | undefined, name: string) => <span className={ok ? 'ready' : 'notready'} title={ok ? `${name} ready` : `${name} not ready yet`}>{ok ? '●' : '○'} {name}</span>;
  return (
    <div className="statusbar">
      {summary ? (
        <>
          <span className="mono" title={summary.path}>{summary.path.split(/[\\/]/).pop()}</span>
          <span className="sep">│</span>
          <span className="num">{fmtN(summary.records)} records</span>
          <span className="num">{fmtN(summary.events)} events</span>
          <span className="num">{fmtN(summary.annotations)} notes</span>
          <span className="sep">│</span>
          {flag(r?.records, 'records')}{flag(r?.events, 'events')}{flag(r?.timeline, 'timeline')}{flag(r?.fulltext, 'full text')}{flag(r?.analysis, 'analysis')}
        </>
      ) : <span>No case open</span>}
      {running.map((p) => (
        <span key={p.importId} className="status-import" title={p.bundle}>
          <span className="sep">│</span> importing {p.phase} {Math.round(p.share * 100)}%{p.etaSeconds !== null ? ` · ETA ${formatEta(p.etaSeconds)}` : ''}
          <span className="mini-bar"><span style={{ width: `${Math.round(p.share * 100)}%` }} /></span>
        </span>
      ))}
      {training && <><span className="sep">│</span><span className="badge warn">training: verdict hidden</span></>}
      <span className="spacer" />
      <span title="Times are written in this zone">zone: {zoneLabel(zone, range?.from ?? null)}</span>
      <span className="sep">│</span>
      <span><kbd>?</kbd> shortcuts</span>
    </div>
  );
}
