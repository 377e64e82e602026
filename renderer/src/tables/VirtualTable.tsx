// A virtualised table over rows loaded page by page: react-table for columns (chosen by the user,
// sizes), react-virtual so a million rows cost only the ~40 on screen. Selection is by id.
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useDismiss } from '../app/useDismiss.ts';
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type Row, type VisibilityState } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { TID } from '../testids.ts';
import { registerTable } from './registry.ts';

export interface VirtualTableProps<T> {
  testId: string;
  columns: ColumnDef<T, unknown>[];
  rows: T[];
  rowId(row: T): number;
  /** data-* attributes of a row: must depend on the row only (rows do not re-render for a new function). */
  rowAttrs(row: T): Record<string, string | number>;
  rowClass?(row: T): string;
  /** One line standing for the row while the table is flung past whole screens (see `flinging`). */
  glance?(row: T): string;
  selectedId: number | null;
  onSelect(row: T): void;
  onEndReached(): void;
  onStartReached?(): Promise<number>;
  loading: boolean;
  error: string | null;
  empty: ReactNode;
  storageKey: string; // remembers the user's columns
  defaultHidden?: string[];
  toolbar?: ReactNode;
}

const ROW_H = 22;

/** Column options read by the table. `className` and `title` go on the cell itself, so a plain text
 *  cell is one element and a text node, not a wrapper around a span (fewer nodes to lay out on
 *  each scroll step, when every visible row gets new text). */
export interface CellMeta<T> {
  flex?: boolean;
  className?: string;
  title?(row: T): string | undefined;
}
/** Rows drawn beyond the visible ones on each side: every one of them is rendered on every scroll
 *  step, so a few only (20 doubled the rows React and layout handled per frame). */
const OVERSCAN = 3;
/** Load the next page while this many loaded rows are still below the view, so a fast scroll does
 *  not hit the end of what is loaded and stall (a page is 300 records). */
const PREFETCH_ROWS = 300;

function loadVisibility(key: string, hidden: string[]): VisibilityState {
  try {
    const v = localStorage.getItem(`crashlens-cols-${key}`);
    if (v) return JSON.parse(v) as VisibilityState;
  } catch { /* ignore */ }
  return Object.fromEntries(hidden.map((h) => [h, false]));
}

export function VirtualTable<T>(p: VirtualTableProps<T>) {
  const [visibility, setVisibility] = useState<VisibilityState>(() => loadVisibility(p.storageKey, p.defaultHidden ?? []));
  const [chooser, setChooser] = useState(false);
  const chooserRef = useRef<HTMLSpanElement>(null);
  useDismiss(chooserRef, chooser, useCallback(() => setChooser(false), []));
  useEffect(() => { try { localStorage.setItem(`crashlens-cols-${p.storageKey}`, JSON.stringify(visibility)); } catch { /* ignore */ } }, [visibility, p.storageKey]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const count = p.rows.length;
  const virt = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: OVERSCAN });
  const items = virt.getVirtualItems();
  // react-table sees only the rows on screen: its row model over every loaded row was rebuilt on
  // each page that arrived (thousands of row objects, ~100 ms of CPU and a garbage collection in
  // the middle of a fast scroll on the 1 GiB case); rows[i] is loaded row lo + i.
  const lo = items.length ? items[0]!.index : 0;
  const hi = items.length ? items[items.length - 1]!.index + 1 : 0;
  const windowRows = useMemo(() => p.rows.slice(lo, hi), [p.rows, lo, hi]);
  const table = useReactTable({
    data: windowRows, columns: p.columns, getCoreRowModel: getCoreRowModel(), state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility, columnResizeMode: 'onChange', getRowId: (r) => String(p.rowId(r)),
  });
  const rows = table.getRowModel().rows;

  // near the end: fetch the next page; at the very top of a mid-way page: the previous one
  // Flinging: scroll steps in a row each moved past a whole screen of rows, so none of the rows
  // drawn a frame ago is still on screen and nobody can read a row before it is gone. Rows are
  // then drawn as one line of text (time and message), which costs a third of a row of eight
  // cells to render and lay out (45 -> 15 ms of CPU per frame on the 1 GiB case); the full rows
  // come back when the scrolling stops (the virtualizer says so ~150 ms after the last scroll
  // event). A wheel step, one Page Down or a jump to a selected row keeps full rows.
  const first = items.length ? items[0]!.index : 0;
  const prevFirst = useRef(first);
  const bigSteps = useRef(0);
  const screenRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 0) / ROW_H));
  const step = Math.abs(first - prevFirst.current);
  if (!virt.isScrolling) bigSteps.current = 0;
  else if (step >= screenRows) bigSteps.current++;
  else if (step > 0) bigSteps.current = 0;
  prevFirst.current = first;
  const glance = bigSteps.current >= 2 ? p.glance : undefined;
  const lastIndex = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => { if (count && lastIndex >= count - PREFETCH_ROWS) p.onEndReached(); }, [lastIndex, count]); // eslint-disable-line react-hooks/exhaustive-deps
  const headRef = useRef<HTMLDivElement>(null);
  const onScroll = () => {
    const el = scrollRef.current;
    if (el && headRef.current) headRef.current.scrollLeft = el.scrollLeft;
    if (el && el.scrollTop < ROW_H * 2 && p.onStartReached) {
      void p.onStartReached().then((added) => { if (added && scrollRef.current) scrollRef.current.scrollTop += added * ROW_H; });
    }
  };

  // keep the selected row in view when the selection comes from elsewhere (timeline, keys)
  const selIndex = p.selectedId === null ? -1 : p.rows.findIndex((r) => p.rowId(r) === p.selectedId);
  useEffect(() => { if (selIndex >= 0) virt.scrollToIndex(selIndex, { align: 'auto' }); }, [selIndex]); // eslint-disable-line react-hooks/exhaustive-deps

  const rowsRef = useRef(p.rows);
  rowsRef.current = p.rows;
  const selRef = useRef(selIndex);
  selRef.current = selIndex;
  const onSelectRef = useRef(p.onSelect);
  onSelectRef.current = p.onSelect;
  const attrsRef = useRef(p.rowAttrs);
  attrsRef.current = p.rowAttrs;
  // Stable for the rows' memo: the parent's inline callbacks are new on each of its renders (every
  // selection change), which re-rendered every visible row.
  const onSelect = useCallback((r: T) => onSelectRef.current(r), []);
  const attrs = useCallback((r: T) => attrsRef.current(r), []);
  useEffect(() => {
    registerTable({
      move: (delta) => {
        const r = rowsRef.current;
        if (!r.length) return;
        const i = Math.max(0, Math.min(r.length - 1, (selRef.current < 0 ? -1 : selRef.current) + delta));
        onSelectRef.current(r[i]!);
        if (i >= r.length - 5) p.onEndReached();
      },
      first: () => { const r = rowsRef.current; if (r.length) onSelectRef.current(r[0]!); },
      last: () => { const r = rowsRef.current; if (r.length) onSelectRef.current(r[r.length - 1]!); },
    });
    return () => registerTable(null);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const pool = 1 << Math.ceil(Math.log2(Math.max(64, items.length + 1)));
  const headers = table.getHeaderGroups()[0]!.headers;
  // Rows re-render only when they, the selection or the columns change, not on every scroll step.
  const columnsKey = `${JSON.stringify(visibility)}|${p.columns.length}|${headers.map((h) => h.getSize()).join(',')}`;
  const template = headers.map((h) => (h.column.columnDef.meta as { flex?: boolean } | undefined)?.flex ? `minmax(${Math.min(h.getSize(), 160)}px, 1fr)` : `${h.getSize()}px`).join(' ');

  return (
    <div className="vtable" data-testid={p.testId}>
      <div className="vtable-tools">
        {p.toolbar}
        <span className="spacer" />
        {p.loading && <span className="faint">loading…</span>}
        <span className="faint num">{p.rows.length.toLocaleString('en-US')} loaded</span>
        <span className="rel" ref={chooserRef}>
          <button className="btn small" onClick={() => setChooser(!chooser)} title="Choose columns">Columns ▾</button>
          {chooser && (
            <div className="menu">
              {table.getAllLeafColumns().map((c) => (
                <label key={c.id}><input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} />{String(c.columnDef.header ?? c.id)}</label>
              ))}
            </div>
          )}
        </span>
      </div>
      <div className="vtable-head" ref={headRef} style={{ gridTemplateColumns: template }}>
        {headers.map((h) => (
          <div key={h.id} className="th" onClick={h.column.getToggleSortingHandler()}>
            {flexRender(h.column.columnDef.header, h.getContext())}
            <span className="resizer" onMouseDown={h.getResizeHandler()} onClick={(e) => e.stopPropagation()} />
          </div>
        ))}
      </div>
      {p.error && <div className="table-error">{p.error}</div>}
      <div className="vtable-body" ref={scrollRef} onScroll={onScroll}>
        {count === 0 && !p.loading && !p.error && <div className="empty">{p.empty}</div>}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const row = rows[vi.index - lo];
            if (!row) return null;
            const id = p.rowId(row.original);
            // Keyed by screen slot, not by record: a row scrolled out hands its DOM to the row
            // scrolled in (React updates text and attributes instead of removing and creating ~30
            // nodes per row on every scroll step). The visible window is contiguous and shorter
            // than the pool, so keys never collide.
            return <TableRow key={vi.index % pool} row={row} start={vi.start} template={template} selected={id === p.selectedId} glance={glance?.(row.original) ?? null}
              cls={p.rowClass?.(row.original) ?? ''} attrs={attrs} onSelect={onSelect} columnsKey={columnsKey} columns={p.columns} />;
          })}
        </div>
      </div>
    </div>
  );
}

interface TableRowProps<T> {
  row: Row<T>; start: number; template: string; selected: boolean; cls: string; columnsKey: string; glance: string | null;
  /** Not read here: a new column set (zone switch, new notes) must re-render the row. */
  columns: unknown;
  attrs(row: T): Record<string, string | number>; onSelect(row: T): void;
}

const TableRow = memo(function TableRow<T>({ row, start, template, selected, cls, attrs, onSelect, glance }: TableRowProps<T>) {
  const a = attrs(row.original);
  const data: Record<string, string> = {};
  for (const k in a) data[k] = String(a[k]);
  if (glance !== null) {
    return (
      <div className={`tr glance ${selected ? 'selected' : ''} ${cls}`} data-testid={TID.tableRow} {...data}
        style={{ transform: `translateY(${start}px)` }} onClick={() => onSelect(row.original)}>
        <div className="td mono msg">{glance}</div>
      </div>
    );
  }
  return (
    <div className={`tr ${selected ? 'selected' : ''} ${cls}`} data-testid={TID.tableRow} {...data}
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns: template }} onClick={() => onSelect(row.original)}>
      {row.getVisibleCells().map((cell) => {
        const meta = cell.column.columnDef.meta as CellMeta<T> | undefined;
        return <div key={cell.column.id} className={meta?.className ? `td ${meta.className}` : 'td'} title={meta?.title?.(row.original)}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}</div>;
      })}
    </div>
  );
}, (a, b) => a.row.original === b.row.original && a.start === b.start && a.selected === b.selected
  && a.cls === b.cls && a.columnsKey === b.columnsKey && a.columns === b.columns && a.glance === b.glance
  && a.template === b.template && a.attrs === b.attrs && a.onSelect === b.onSelect) as <T>(p: TableRowProps<T>) => ReactNode;
