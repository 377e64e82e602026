// Import: drop a bundle or type its path, or open a shipped sample (to read, or to train on).
// While importing: one overall bar, then per source bytes, lines, throughput and ETA, and the
// warnings each file raised, so a truncated or corrupt file is named at once.
import { useState, type DragEvent } from 'react';
import type { ImportProgress, Warning } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { cancelImport, importFiles, importPaths, openSample } from '../state/actions.ts';
import { set, useStore } from '../state/store.ts';
import { formatEta } from '../time/format.ts';
import { commonDir } from '../sources/paths.ts';

const CATEGORY_LABEL: Record<string, string> = {
  memory: 'Memory', kernel: 'Kernel / OS', hardware: 'Hardware', kubernetes: 'Kubernetes', network: 'Network', operations: 'Operations',
};

export function fmtBytes(n: number | null): string {
  if (n === null) return '?';
  if (n < 1024) return `${n} B`;
  const u = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < u.length - 1) { v /= 1024; i++; }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${u[i]}`;
}

export function ImportScreen() {
  const [path, setPath] = useState('');
  const [over, setOver] = useState(false);
  const samples = useStore((s) => s.samples);
  const imports = useStore((s) => s.imports);
  const importError = useStore((s) => s.importError);
  const summary = useStore((s) => s.summary);
  const active = Object.values(imports);

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length) void importFiles(files);
  };

  return (
    <div className="import-screen" data-testid={TID.importScreen}>
      <div className="import-main">
        <div className="import-head">
          <h1>Open a crashed node’s logs</h1>
          <p className="dim">A sosreport, an OpenShift must-gather, an EKS/AKS log collection, a tarball of <span className="mono">/var/log</span> or a folder.
            Nothing is extracted to disk: the logs are read once, indexed into one case file, and never leave this machine.</p>
          {summary && summary.records > 0 && <button className="btn" onClick={() => set({ screen: 'case' })}>← Back to the open case</button>}
        </div>

        <div className={`dropzone ${over ? 'over' : ''}`} data-testid={TID.importDrop}
          onDragOver={(e) => { e.preventDefault(); setOver(true); }} onDragLeave={() => setOver(false)} onDrop={onDrop}>
          <div className="drop-icon">⤓</div>
          <div>Drop a bundle here <span className="dim">(.tar.xz .tar.gz .tar.zst .zip, a folder, or single log files)</span></div>
        </div>

        <form className="path-row" onSubmit={(e) => { e.preventDefault(); void importPaths(path.split('\n')); }}>
          <input className="input mono" data-testid={TID.importPath} value={path} onChange={(e) => setPath(e.target.value)}
            placeholder="/path/to/sosreport-node1-2024-03-13.tar.xz" spellCheck={false} aria-label="Bundle path on this machine" />
          <button className="btn primary" data-testid={TID.importButton} type="submit" disabled={!path.trim()}>Open bundle</button>
        </form>
        {importError && <div className="import-error">{importError}</div>}

        {active.map((p) => <Progress key={p.importId} p={p} />)}
      </div>

      <div className="samples">
        <h3>Samples <span className="dim">— realistic dead nodes with an answer key</span></h3>
        {samples.length === 0 && <div className="faint">No samples shipped with this build.</div>}
        <ul data-testid={TID.sampleList}>
          {samples.map((s) => (
            <li key={s.id} className="sample" data-testid={TID.sampleItem} data-sample-id={s.id}>
              <div className="sample-text">
                <div className="sample-title">{s.title}</div>
                <div className="dim sample-desc">{s.description}</div>
                <div className="sample-meta"><span className="badge">{CATEGORY_LABEL[s.category] ?? s.category}</span> <span className="faint mono">{s.layout}</span></div>
              </div>
              <div className="sample-actions">
                <button className="btn small" onClick={() => void openSample(s.id, false)}>Open</button>
                <button className="btn small" data-testid={TID.trainingStart} onClick={() => void openSample(s.id, true)} title="Verdict hidden: find the cause yourself, then get scored">Train on it</button>
              </div>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

// In the order an import goes through them (core/ingest/import.ts finishLoad: the analysis runs
// while the full-text index is still being built, which lands last).
const PHASES: ImportProgress['phase'][] = ['reading', 'parsing', 'indexing', 'analysing', 'fulltext', 'done'];

function Progress({ p }: { p: ImportProgress }) {
  const running = !['done', 'cancelled', 'failed'].includes(p.phase);
  const root = commonDir(p.sources.map((s) => s.path));
  const byFile = new Map<string, Warning[]>();
  for (const w of p.warnings) byFile.set(w.file, [...(byFile.get(w.file) ?? []), w]);
  return (
    <div className="progress" data-testid={TID.importProgress} data-phase={p.phase}>
      <div className="progress-head">
        <span className="mono progress-bundle" title={p.bundle}>{p.bundle}</span>
        <span className="spacer" />
        <span className="phases">{PHASES.map((ph) => <span key={ph} className={`phase ${ph === p.phase ? 'now' : PHASES.indexOf(ph) < PHASES.indexOf(p.phase) ? 'past' : ''}`}>{ph}</span>)}</span>
        {running && <button className="btn small" data-testid={TID.importCancel} onClick={() => void cancelImport(p.importId)}>Cancel</button>}
      </div>
      <div className="bar"><div className={`bar-fill ${p.phase === 'failed' ? 'failed' : ''}`} style={{ width: `${Math.round(Math.min(1, Math.max(0, p.share)) * 100)}%` }} /></div>
      <div className="progress-stats num">
        <span>{Math.round(p.share * 100)}%</span>
        <span>{fmtBytes(p.bytesDone)} / {fmtBytes(p.bytesTotal)}</span>
        <span>{fmtBytes(Math.round(p.bytesPerSec))}/s</span>
        <span>{Math.round(p.linesPerSec).toLocaleString('en-US')} lines/s</span>
        <span data-testid={TID.importEta}>{p.etaSeconds === null ? (running ? 'ETA …' : '') : `ETA ${formatEta(p.etaSeconds)}`}</span>
        {p.phase === 'cancelled' && <span className="badge warn">cancelled</span>}
        {p.error && <span className="badge crit">{p.error}</span>}
      </div>
      {p.sources.length > 0 && (
        <table className="src-progress">
          <thead><tr><th title={root}>source {root && <span className="faint mono">in {root}</span>}</th><th className="r">read</th><th className="r">lines</th><th className="r">warnings</th><th /></tr></thead>
          <tbody>
            {p.sources.map((s, i) => (
              <tr key={`${i}:${s.path}`}>
                <td className="mono ell" title={s.path}>{s.path.slice(root.length)}</td>
                <td className="r num">{fmtBytes(s.bytes)}{s.totalBytes ? ` / ${fmtBytes(s.totalBytes)}` : ''}</td>
                <td className="r num">{s.lines.toLocaleString('en-US')}</td>
                <td className={`r num ${s.warnings ? 'sev-warning' : 'faint'}`}>{s.warnings}</td>
                <td className="r">{s.done ? <span className="badge ok">done</span> : <span className="mini-bar"><span style={{ width: `${s.totalBytes ? Math.round((s.bytes / s.totalBytes) * 100) : 30}%` }} /></span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {byFile.size > 0 && (
        <div className="warnings" data-testid={TID.importWarnings}>
          <h4>Warnings <span className="dim">({p.warnings.length})</span></h4>
          {[...byFile].map(([file, ws]) => (
            <details key={file}>
              <summary><span className="mono">{file}</span> <span className="badge warn">{ws.length}</span> <span className="dim">{ws[0]!.code}: {ws[0]!.message}</span></summary>
              <ul>{ws.slice(0, 50).map((w, i) => <li key={i}><span className="mono faint">{w.line ? `line ${w.line}` : ''}</span> <span className="badge">{w.code}</span> {w.message}</li>)}</ul>
            </details>
          ))}
        </div>
      )}
    </div>
  );
}
