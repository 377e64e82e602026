// Export the incident report: Markdown (pastes into Jira/Confluence/GitHub), self-contained HTML,
// JSON, or a PNG of the timeline; optionally redacted; whole case or the visible range.
import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../app/useDismiss.ts';
import type { ExportOptions } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { exportReport } from '../state/actions.ts';
import { useStore } from '../state/store.ts';

const FORMATS: { id: ExportOptions['format']; label: string }[] = [
  { id: 'md', label: 'Markdown report (.md)' }, { id: 'html', label: 'HTML report, self-contained (.html)' },
  { id: 'json', label: 'JSON, machine-readable (.json)' }, { id: 'png', label: 'Timeline image (.png)' },
];

export function ExportMenu() {
  const range = useStore((s) => s.range);
  const [open, setOpen] = useState(false);
  const [redact, setRedact] = useState(false);
  const [visibleOnly, setVisibleOnly] = useState(false);
  const ref = useRef<HTMLSpanElement>(null);
  useDismiss(ref, open, useCallback(() => setOpen(false), []));
  return (
    <span className="rel" ref={ref}>
      <button className="btn" data-testid={TID.exportButton} onClick={() => setOpen(!open)}>Export ▾</button>
      {open && (
        <div className="menu">
          {FORMATS.map((f) => (
            <button key={f.id} className="item" data-format={f.id} data-testid={TID.exportFormat}
              onClick={() => { setOpen(false); void exportReport({ format: f.id, redact, range: visibleOnly && range ? range : null, width: 1600, height: 900 }); }}>{f.label}</button>
          ))}
          <label><input type="checkbox" data-testid={TID.exportRedact} checked={redact} onChange={(e) => setRedact(e.target.checked)} /> Redact IPs, hosts, e-mails, tokens</label>
          <label><input type="checkbox" checked={visibleOnly} onChange={(e) => setVisibleOnly(e.target.checked)} /> Only the visible time range</label>
        </div>
      )}
    </span>
  );
}
