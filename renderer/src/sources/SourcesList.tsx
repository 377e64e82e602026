// Every source the case read: format and how sure the classifier was, the node, the zone its
// local stamps were read in (overridable: a wrong zone shifts every line of the file), the time
// it covers, how its times were obtained, and its warnings. Gaps and truncated files show here.
import { useState } from 'react';
import type { SourceInfo, TsKind } from '../../../core/api/types.ts';
import { api, errorText } from '../state/api.ts';
import { loadCaseData, setFilters } from '../state/actions.ts';
import { notify, set, useStore, useZone } from '../state/store.ts';
import { formatDuration, formatTs, tsKindBadge } from '../time/format.ts';
import { isUsableZone } from '../time/zone.ts';
import { commonDir } from './paths.ts';

const KINDS: TsKind[] = ['exact', 'year-inferred', 'zone-inferred', 'monotonic-mapped', 'monotonic', 'none'];

export function SourcesList() {
  const sources = useStore((s) => s.sources);
  const zone = useZone();
  const sorted = sources.slice().sort((a, b) => (a.node ?? '').localeCompare(b.node ?? '') || a.path.localeCompare(b.path));
  const root = commonDir(sorted.map((s) => s.path));
  return (
    <div className="sources">
      <table className="sources-table">
        <thead>
          <tr><th title={root}>source {root && <span className="faint mono">in {root}</span>}</th><th>format</th><th>node</th><th>covers</th><th className="r">records</th><th>time from</th><th>zone</th><th>warnings</th></tr>
        </thead>
        <tbody>
          {sorted.map((s) => (
            <tr key={s.id} data-source-id={s.id}>
              <td className="mono ell" title={s.path}>
                <button className="linkish" onClick={() => { setFilters({ sourceIds: [s.id] }); set({ tab: 'records' }); }} title="Show this source's records">{s.path.slice(root.length)}</button>
              </td>
              <td><span className="mono">{s.format}</span> {s.confidence < 0.8 && <span className="badge warn" title="The classifier was not sure of this format">{Math.round(s.confidence * 100)}%</span>}</td>
              <td>{s.node ?? '—'}</td>
              <td className="mono small">{s.firstTs === null ? <span className="faint">no time</span> : <>{formatTs(s.firstTs, zone, 's')} → {formatTs(s.lastTs, zone, 's').slice(11)} <span className="faint">({formatDuration((s.lastTs ?? s.firstTs) - s.firstTs)})</span></>}</td>
              <td className="r num">{s.records.toLocaleString('en-US')}</td>
              <td className="small">{KINDS.filter((k) => (s.tsKinds[k] ?? 0) > 0).map((k) => {
                const b = tsKindBadge(k);
                return <span key={k} className={`badge ${b ? 'warn' : 'ok'}`} title={b?.title ?? 'exact stamps'}>{b?.label ?? 'exact'} {Math.round(((s.tsKinds[k] ?? 0) / Math.max(1, s.records)) * 100)}%</span>;
              })}</td>
              <td><ZoneCell source={s} /></td>
              <td className="small">{s.warnings.length === 0 ? <span className="faint">—</span> : (
                <details><summary><span className="badge warn">{s.warnings.length}</span> {s.warnings[0]!.code}</summary>
                  <ul className="plain">{s.warnings.slice(0, 30).map((w, i) => <li key={i}>{w.line ? <span className="faint mono">line {w.line} </span> : null}{w.message}</li>)}</ul>
                </details>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sorted.length === 0 && <div className="empty">No sources yet.</div>}
    </div>
  );
}

function ZoneCell({ source }: { source: SourceInfo }) {
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState(source.zoneOverride ?? source.zone ?? '');
  const save = async (zone: string | null) => {
    if (zone !== null && !isUsableZone(zone)) { notify('error', `Unknown zone “${zone}”: use an IANA name (Europe/Berlin) or an offset (+02:00)`); return; }
    try {
      await api().setSourceZone(source.id, zone);
      setEditing(false);
      notify('info', `${source.path}: times re-read in ${zone ?? 'the bundle’s zone'}`);
      await loadCaseData();
    } catch (e) { notify('error', `Zone change failed: ${errorText(e)}`); }
  };
  if (!editing) {
    return (
      <span className="zone-cell">
        <span className={source.zoneOverride ? 'mono sev-warning' : 'mono'}>{source.zoneOverride ?? source.zone ?? 'UTC?'}</span>
        {source.zoneOverride && <span className="badge warn" title="Set by you">override</span>}
        <button className="btn ghost small" onClick={() => setEditing(true)} title="Read this source's local stamps in another zone">edit</button>
      </span>
    );
  }
  return (
    <form className="zone-cell" onSubmit={(e) => { e.preventDefault(); void save(value.trim() || null); }}>
      <input className="input mono zone-input" value={value} onChange={(e) => setValue(e.target.value)} placeholder="Europe/Berlin or +02:00" autoFocus />
      <button className="btn small" type="submit">set</button>
      {source.zoneOverride && <button className="btn small" type="button" onClick={() => void save(null)}>reset</button>}
      <button className="btn ghost small" type="button" onClick={() => setEditing(false)}>✕</button>
    </form>
  );
}

