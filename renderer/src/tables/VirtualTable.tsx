// A virtualised table over rows loaded page by page: react-table for columns (chosen by the user,
// sizes), react-virtual so a million rows cost only the ~40 on screen. Selection is by id.
import { memo, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
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
  rowAttrs(row: T): Record<string, string | number>;
  rowClass?(row: T): string;
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

  const table = useReactTable({
    data: p.rows, columns: p.columns, getCoreRowModel: getCoreRowModel(), state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility, columnResizeMode: 'onChange', getRowId: (r) => String(p.rowId(r)),
  });
  const scrollRef = useRef<HTMLDivElement>(null);
  const rows = table.getRowModel().rows;
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_H, overscan: 20 });

  // near the end: fetch the next page; at the very top of a mid-way page: the previous one
  const items = virt.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1]!.index : 0;
  useEffect(() => { if (rows.length && lastIndex >= rows.length - 40) p.onEndReached(); }, [lastIndex, rows.length]); // eslint-disable-line react-hooks/exhaustive-deps
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
        {rows.length === 0 && !p.loading && !p.error && <div className="empty">{p.empty}</div>}
        <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {items.map((vi) => {
            const row = rows[vi.index]!;
            const id = p.rowId(row.original);
            return <TableRow key={row.id} row={row} start={vi.start} template={template} selected={id === p.selectedId}
              cls={p.rowClass?.(row.original) ?? ''} attrs={p.rowAttrs} onSelect={p.onSelect} columnsKey={columnsKey} columns={p.columns} />;
          })}
        </div>
      </div>
    </div>
  );
}

interface TableRowProps<T> {
  row: Row<T>; start: number; template: string; selected: boolean; cls: string; columnsKey: string;
  /** Not read here: a new column set (zone switch, new notes) must re-render the row. */
  columns: unknown;
  attrs(row: T): Record<string, string | number>; onSelect(row: T): void;
}

const TableRow = memo(function TableRow<T>({ row, start, template, selected, cls, attrs, onSelect }: TableRowProps<T>) {
  const a = attrs(row.original);
  const data: Record<string, string> = {};
  for (const k in a) data[k] = String(a[k]);
  return (
    <div className={`tr ${selected ? 'selected' : ''} ${cls}`} data-testid={TID.tableRow} {...data}
      style={{ transform: `translateY(${start}px)`, gridTemplateColumns: template }} onClick={() => onSelect(row.original)}>
      {row.getVisibleCells().map((cell) => <div key={cell.id} className="td">{flexRender(cell.column.columnDef.cell, cell.getContext())}</div>)}
    </div>
  );
}) as <T>(p: TableRowProps<T>) => ReactNode;
