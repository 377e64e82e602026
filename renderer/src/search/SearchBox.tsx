// Full-text search (FTS5 syntax: words, "phrases", AND/OR/NOT, prefix*, NEAR). The query is
// checked with a one-row read first, so a syntax error is shown under the box, not as an empty table.
import { useEffect, useRef, useState } from 'react';
import { TID } from '../testids.ts';
import { api, errorText } from '../state/api.ts';
import { setFilters } from '../state/actions.ts';
import { set, useStore } from '../state/store.ts';

export function SearchBox() {
  const text = useStore((s) => s.filters.text);
  const fulltext = useStore((s) => s.summary?.readiness.fulltext ?? false);
  const [value, setValue] = useState(text);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => setValue(text), [text]);

  // The table reads the query at once; a one-row read beside it turns a syntax error into a line
  // under the box (the table would only say it found nothing).
  const run = async () => {
    const q = value.trim();
    setError(null);
    setFilters({ text: q });
    set({ tab: 'records' });
    if (q) {
      try { await api().records({ text: q, limit: 1 }); } catch (e) { if (useStore.getState().filters.text === q) setError(errorText(e)); }
    }
  };

  return (
    <form className="search" onSubmit={(e) => { e.preventDefault(); void run(); }}>
      <input ref={ref} id="search-input" className="input mono" data-testid={TID.searchInput} value={value} spellCheck={false}
        placeholder={fulltext ? 'Search all records  (/)   e.g.  "Out of memory" OR oom_reaper' : 'Full-text index still building…'}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Escape') { setValue(''); setError(null); setFilters({ text: '' }); ref.current?.blur(); } }} />
      {text && <button type="button" className="btn small" onClick={() => { setValue(''); setFilters({ text: '' }); }} title="Clear search">✕</button>}
      {error && <div className="err">Search: {error}</div>}
    </form>
  );
}
