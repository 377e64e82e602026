// Keyboard shortcuts, lnav- and less-like. Ignored while typing in a field (except Esc).
import { useEffect } from 'react';
import { closeDetail, undoDelete, editAnnotationOn } from '../state/actions.ts';
import { fitAll, panBy, zoomBy } from '../state/nav.ts';
import { get, set } from '../state/store.ts';
import { activeTable } from '../tables/registry.ts';
import type { Tab } from '../state/view.ts';

export interface Shortcut { keys: string; what: string }

export const SHORTCUTS: Shortcut[] = [
  { keys: 'j / ↓', what: 'next row' }, { keys: 'k / ↑', what: 'previous row' },
  { keys: 'g', what: 'first row' }, { keys: 'G', what: 'last row' },
  { keys: '/', what: 'search all records' }, { keys: 'Esc', what: 'close detail / overlay, leave a field' },
  { keys: '+ / =', what: 'zoom in' }, { keys: '-', what: 'zoom out' },
  { keys: '← / →', what: 'pan the timeline' }, { keys: '0', what: 'whole case' },
  { keys: '1 … 5', what: 'events / records / notes / SQL / sources' }, { keys: 's', what: 'star the selection' },
  { keys: 'u', what: 'undo a deleted note' }, { keys: 't', what: 'light / dark theme' },
  { keys: 'z', what: 'UTC / node zone' }, { keys: '?', what: 'this help' },
  { keys: 'wheel', what: 'zoom around the cursor' }, { keys: 'drag', what: 'pan' },
  { keys: 'drag on axis / shift-drag', what: 'zoom to a range' },
];

const TAB_KEYS: Record<string, Tab> = { '1': 'events', '2': 'records', '3': 'annotations', '4': 'sql', '5': 'sources' };

export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable);
      if (e.key === 'Escape') {
        if (get().helpOpen) set({ helpOpen: false });
        else if (typing) target!.blur();
        else closeDetail();
        return;
      }
      if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
      const inCase = get().screen === 'case';
      const k = e.key;
      let handled = true;
      if (k === '?') set({ helpOpen: !get().helpOpen });
      else if (k === 't') set({ theme: get().theme === 'dark' ? 'light' : 'dark' });
      else if (!inCase) handled = false;
      else if (k === '/') document.getElementById('search-input')?.focus();
      else if (k === 'j' || k === 'ArrowDown') activeTable()?.move(1);
      else if (k === 'k' || k === 'ArrowUp') activeTable()?.move(-1);
      else if (k === 'g') activeTable()?.first();
      else if (k === 'G') activeTable()?.last();
      else if (k === '+' || k === '=') zoomBy(0.5);
      else if (k === '-' || k === '_') zoomBy(2);
      else if (k === 'ArrowLeft') panBy(-0.2);
      else if (k === 'ArrowRight') panBy(0.2);
      else if (k === '0') fitAll();
      else if (k === 'z') set({ zoneMode: get().zoneMode === 'utc' ? 'node' : 'utc' });
      else if (k === 'u') void undoDelete();
      else if (k === 's') {
        const sel = get().selection;
        if (sel) {
          const a = get().annotations.find((x) => (sel.kind === 'record' ? x.target.kind === 'record' && x.target.recordId === sel.id : x.target.kind === 'event' && x.target.eventId === sel.id));
          void editAnnotationOn(sel.kind, sel.id, { star: !a?.star });
        }
      } else if (TAB_KEYS[k]) set({ tab: TAB_KEYS[k] });
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
