// The records table: every log line of the visible range, merged across sources in time order
// (lnav's merged view), filtered by full text and facets. Jumps to the selected instant when the
// selection comes from the timeline or the verdict.
import { useCallback, useMemo, useState } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import type { RecordRow } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { api } from '../state/api.ts';
import { selectRecord } from '../state/actions.ts';
import { useCrashTime, useStore, useZone } from '../state/store.ts';
import { useKeyset } from './useKeyset.ts';
import { VirtualTable, type CellMeta } from './VirtualTable.tsx';
import { RelCell, SeverityCell, TimeCell } from './cells.tsx';
import { formatTs } from '../time/format.ts';

// Module-level, so the table's rows do not re-render for new callbacks on each selection change.
const recordId = (r: RecordRow) => r.id;
const recordAttrs = (r: RecordRow) => ({ 'data-record-id': r.id });
const recordClass = (r: RecordRow) => (r.severity !== null && r.severity <= 3 ? `row-sev-${r.severity}` : '');
const selectRow = (r: RecordRow) => selectRecord(r, true);

export function RecordsTable() {
  const range = useStore((s) => s.tableRange);
  const f = useStore((s) => s.filters);
  const selection = useStore((s) => s.selection);
  const selectedRecord = useStore((s) => s.selectedRecord);
  const selectedEvent = useStore((s) => s.selectedEvent);
  const sources = useStore((s) => s.sources);
  const annotations = useStore((s) => s.annotations);
  const zone = useZone();
  const crash = useCrashTime();
  const [desc, setDesc] = useState(false);
  // Start the page at the selected instant when the selection came from elsewhere.
  const jumpTs = useStore((s) => s.recordsAt);

  const query = {
    from: range?.from ?? null, to: range?.to ?? null, nodes: f.nodes, sourceIds: f.sourceIds, severities: f.severities, text: f.text,
  };
  // Readiness is part of the key: a page read while the full-text index was building is read again.
  const ready = useStore((s) => `${s.summary?.readiness.records}/${s.summary?.readiness.fulltext}/${s.summary?.records}/${s.dataVersion}`);
  const key = JSON.stringify({ ...query, desc, jumpTs, ready });
  const ks = useKeyset<RecordRow>(key, (cursor, direction) => api().records({
    from: query.from, to: query.to, nodes: query.nodes.length ? query.nodes : undefined, sourceIds: query.sourceIds.length ? query.sourceIds : undefined,
    severities: query.severities.length ? query.severities : undefined, text: query.text || undefined,
    cursor, at: cursor ? undefined : jumpTs ?? undefined, limit: 300,
    direction: desc ? (direction === 'forward' ? 'backward' : 'forward') : direction,
  }), 20);

  const srcName = useMemo(() => new Map(sources.map((s) => [s.id, s.path])), [sources]);
  const srcPath = (id: number) => srcName.get(id) ?? `#${id}`;
  const noted = useMemo(() => new Set(annotations.filter((a) => a.target.kind === 'record').map((a) => (a.target as { recordId: number }).recordId)), [annotations]);

  const glance = useCallback((r: RecordRow) => `${r.ts === null ? '—' : formatTs(r.ts, zone, 'ms').slice(5)}   ${r.message}`, [zone]);
  const columns = useMemo<ColumnDef<RecordRow, unknown>[]>(() => [
    { id: 'note', header: '★', size: 26, cell: ({ row }) => (noted.has(row.original.id) ? <span className="note-mark">◆</span> : null) },
    { id: 'ts', header: () => <span className="sortable" onClick={() => setDesc(!desc)}>time {desc ? '▼' : '▲'}</span>, size: 196, cell: ({ row }) => <TimeCell ts={row.original.ts} kind={row.original.tsKind} zone={zone} crash={crash} /> },
    { id: 'rel', header: 'T−x', size: 80, cell: ({ row }) => <RelCell ts={row.original.ts} crash={crash} /> },
    { id: 'node', header: 'node', size: 90, cell: ({ row }) => row.original.node ?? '—' },
    { id: 'source', header: 'source', size: 120, meta: { className: 'mono faint', title: (r) => srcPath(r.sourceId) } satisfies CellMeta<RecordRow>, cell: ({ row }) => srcPath(row.original.sourceId).split('/').pop() },
    { id: 'line', header: 'line', size: 60, meta: { className: 'num faint' } satisfies CellMeta<RecordRow>, cell: ({ row }) => row.original.line },
    { id: 'severity', header: 'sev', size: 62, cell: ({ row }) => <SeverityCell sev={row.original.severity} /> },
    { id: 'ident', header: 'ident', size: 110, cell: ({ row }) => <span className="mono ell">{row.original.ident ?? ''}{row.original.pid !== null ? <span className="faint">[{row.original.pid}]</span> : null}</span> },
    { id: 'message', header: 'message', size: 400, meta: { flex: true, className: 'mono msg', title: (r) => r.message } satisfies CellMeta<RecordRow>, cell: ({ row }) => row.original.message },
  ], [zone, crash, srcName, noted, desc]);

  return (
    <VirtualTable<RecordRow>
      testId={TID.recordsTable}
      columns={columns}
      rows={ks.rows}
      rowId={recordId}
      rowAttrs={recordAttrs}
      rowClass={recordClass}
      glance={glance}
      selectedId={selection?.kind === 'record' ? selection.id : selectedEvent?.recordId ?? selectedRecord?.id ?? null}
      onSelect={selectRow}
      onEndReached={ks.loadMore}
      onStartReached={ks.loadPrev}
      loading={ks.loading}
      error={ks.error}
      empty={f.text ? <>No records match <span className="mono">{f.text}</span> in this range.</> : 'No records in this range.'}
      storageKey="records"
      defaultHidden={['line']}
      toolbar={f.text ? <span className="dim">full text: <span className="mono">{f.text}</span></span> : null}
    />
  );
}
