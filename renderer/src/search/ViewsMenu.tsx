// Saved views: the current filters, time range and selection under a name, kept in the case.
import { useCallback, useRef, useState } from 'react';
import { useDismiss } from '../app/useDismiss.ts';
import { deleteView, openView, saveView } from '../state/actions.ts';
import { useStore } from '../state/store.ts';
import { TID } from '../testids.ts';

export function ViewsMenu() {
  const views = useStore((s) => s.views);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const ref = useRef<HTMLSpanElement>(null);
  useDismiss(ref, open, useCallback(() => setOpen(false), []));
  return (
    <span className="rel" ref={ref}>
      <button className="btn" onClick={() => setOpen(!open)} title="Saved views">Views ▾</button>
      {open && (
        <div className="menu">
          <form onSubmit={(e) => { e.preventDefault(); if (name.trim()) { void saveView(name.trim()); setName(''); } }} className="menu-form">
            <input className="input" value={name} onChange={(e) => setName(e.target.value)} placeholder="Save this view as…" data-testid={TID.viewName} />
          </form>
          {views.length === 0 && <div className="faint menu-note">No saved views yet.</div>}
          {views.map((v) => (
            <div key={v.id} className="menu-line">
              <button className="item" onClick={() => { openView(v.state); setOpen(false); }}>{v.name}</button>
              <button className="btn ghost small" onClick={() => void deleteView(v.id)} title="Delete">✕</button>
            </div>
          ))}
        </div>
      )}
    </span>
  );
}
