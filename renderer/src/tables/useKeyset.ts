// Keyset paging for the tables: the first page, then the next one when the user scrolls near the
// end (and the previous one near the top when the page started mid-way, after a jump). Never OFFSET.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from '../../../core/api/types.ts';
import { errorText } from '../state/api.ts';

export interface Keyset<T> {
  rows: T[];
  loading: boolean;
  error: string | null;
  hasMore: boolean;
  hasPrev: boolean;
  loadMore(): void;
  loadPrev(): Promise<number>; // rows added at the top
  total: number | null;
}

/** `fetch(cursor, direction)` reads one page; `key` changes start over (new filter, range, jump). */
export function useKeyset<T>(key: string, fetch: (cursor: string | null, direction: 'forward' | 'backward') => Promise<Page<T>>, debounceMs = 150): Keyset<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [total, setTotal] = useState<number | null>(null);
  const next = useRef<string | null>(null);
  const prev = useRef<string | null>(null);
  const gen = useRef(0);
  const busy = useRef(false);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const [, force] = useState(0);

  useEffect(() => {
    const g = ++gen.current;
    setLoading(true);
    const t = setTimeout(() => {
      busy.current = true;
      fetchRef.current(null, 'forward').then((page) => {
        if (g !== gen.current) return;
        next.current = page.next;
        prev.current = page.prev ?? null;
        setRows(page.rows);
        setTotal(page.total ?? null);
        setError(null);
      }, (e) => { if (g === gen.current) { setRows([]); next.current = null; prev.current = null; setError(errorText(e)); } })
        .finally(() => { if (g === gen.current) { busy.current = false; setLoading(false); } });
    }, debounceMs);
    return () => clearTimeout(t);
  }, [key, debounceMs]);

  const loadMore = useCallback(() => {
    if (busy.current || !next.current) return;
    const g = gen.current;
    busy.current = true;
    setLoading(true);
    fetchRef.current(next.current, 'forward').then((page) => {
      if (g !== gen.current) return;
      next.current = page.next;
      setRows((r) => r.concat(page.rows));
    }, (e) => { if (g === gen.current) setError(errorText(e)); })
      .finally(() => { if (g === gen.current) { busy.current = false; setLoading(false); force((n) => n + 1); } });
  }, []);

  const loadPrev = useCallback(async () => {
    if (busy.current || !prev.current) return 0;
    const g = gen.current;
    busy.current = true;
    try {
      const page = await fetchRef.current(prev.current, 'backward');
      if (g !== gen.current) return 0;
      prev.current = page.prev ?? null;
      setRows((r) => page.rows.concat(r));
      return page.rows.length;
    } catch (e) { if (g === gen.current) setError(errorText(e)); return 0; } finally { if (g === gen.current) busy.current = false; }
  }, []);

  return { rows, loading, error, hasMore: next.current !== null, hasPrev: prev.current !== null, loadMore, loadPrev, total };
}
