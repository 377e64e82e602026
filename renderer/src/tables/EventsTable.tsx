// The events table: what the detectors found in the visible range, in time order, filtered by the
// facets. A click selects the event (detail opens, the timeline marks it); in training mode a
// checkbox marks it as the trainee's evidence.
import { useMemo, useState } from 'react';
import type { ColumnDef } from '@tanstack/react-table';
import type { EventRow } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { api } from '../state/api.ts';
import { selectEvent, toggleTrainingEvidence } from '../state/actions.ts';
import { useCrashTime, useStore, useZone } from '../state/store.ts';
import { useKeyset } from './useKeyset.ts';
import { VirtualTable } from './VirtualTable.tsx';
import { RelCell, TimeCell } from './cells.tsx';

export function EventsTable() {
  const range = useStore((s) => s.tableRange);
  const f = useStore((s) => s.filters);
  const selection = useStore((s) => s.selection);
  const annotations = useStore((s) => s.annotations);
  const training = useStore((s) => s.training);
  const zone = useZone();
  const crash = useCrashTime();
  const [collapsed, setCollapsed] = useState(true);
  const [desc, setDesc] = useState(false);

  const query = { from: range?.from ?? null, to: range?.to ?? null, nodes: f.nodes, categories: f.categories, types: f.types, severities: f.eventSeverities, collapsed };
  const ready = useStore((s) => `${s.summary?.readiness.events}/${s.summary?.readiness.analysis}/${s.summary?.events}/${s.dataVersion}`);
  const key = JSON.stringify({ ...query, ready });
  const ks = useKeyset<EventRow>(key, (cursor) => api().events({
    ...query, nodes: query.nodes.length ? query.nodes : undefined, categories: query.categories.length ? query.categories : undefined,
    types: query.types.length ? query.types : undefined, severities: query.severities.length ? query.severities : undefined, cursor, limit: 500,
  }), 20);

  const noted = useMemo(() => new Map(annotations.filter((a) => a.target.kind === 'event').map((a) => [(a.target as { eventId: number }).eventId, a])), [annotations]);
  const marked = new Set(training?.answer.evidenceEventIds ?? []);
  // Events come in time order; newest-first reverses what is loaded (the rest loads as you scroll).
  const rows = desc ? ks.rows.slice().reverse() : ks.rows;

  const columns = useMemo<ColumnDef<EventRow, unknown>[]>(() => [
    ...(training ? [{ id: 'mark', header: '✓', size: 30, cell: ({ row }) => (
      <input type="checkbox" aria-label="Mark as evidence" data-testid={TID.trainingEvidenceCheck} data-event-id={row.original.id} checked={marked.has(row.original.id)} onClick={(e) => e.stopPropagation()} onChange={() => toggleTrainingEvidence(row.original.id)} />
    ) } satisfies ColumnDef<EventRow, unknown>] : []),
    { id: 'note', header: '★', size: 26, cell: ({ row }) => { const a = noted.get(row.original.id); return a ? <span className="note-mark" title={a.tags.join(', ') || 'annotated'}>{a.star ? '★' : '◆'}</span> : null; } },
    { id: 'ts', header: () => <span className="sortable" onClick={() => setDesc(!desc)}>time {desc ? '▼' : '▲'}</span>, size: 196, cell: ({ row }) => <TimeCell ts={row.original.ts} kind={row.original.tsKind} zone={zone} crash={crash} /> },
    { id: 'rel', header: 'T−x', size: 80, cell: ({ row }) => <RelCell ts={row.original.ts} crash={crash} /> },
    { id: 'node', header: 'node', size: 90, cell: ({ row }) => <span className="ell">{row.original.node ?? '—'}</span> },
    { id: 'severity', header: 'severity', size: 64, cell: ({ row }) => <span className={`sev sev-${row.original.severity}`}>{row.original.severity}</span> },
    { id: 'category', header: 'category', size: 80, cell: ({ row }) => <span className={`cat cat-${row.original.category}`}>{row.original.category}</span> },
    { id: 'type', header: 'type', size: 140, cell: ({ row }) => <span className="mono">{row.original.type}</span> },
    { id: 'count', header: '×', size: 44, cell: ({ row }) => (row.original.count > 1 ? <span className="num count-cell">×{row.original.count.toLocaleString('en-US')}</span> : null) },
    { id: 'message', header: 'message', size: 300, meta: { flex: true }, cell: ({ row }) => <span className="ell" title={row.original.message}>{row.original.message}</span> },
    { id: 'rule', header: 'rule', size: 140, cell: ({ row }) => <span className="mono faint ell">{row.original.ruleId}</span> },
  ], [zone, crash, noted, desc, training, marked]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <VirtualTable<EventRow>
      testId={TID.eventsTable}
      columns={columns}
      rows={rows}
      rowId={(r) => r.id}
      rowAttrs={(r) => ({ 'data-event-id': r.id, 'data-severity': r.severity })}
      rowClass={(r) => `row-${r.severity}${marked.has(r.id) ? ' marked' : ''}`}
      selectedId={selection?.kind === 'event' ? selection.id : null}
      onSelect={(r) => selectEvent(r, true)}
      onEndReached={ks.loadMore}
      loading={ks.loading}
      error={ks.error}
      empty={range ? 'No events in this range with these filters.' : 'No time range yet.'}
      storageKey="events"
      defaultHidden={['rule', 'category']}
      toolbar={<label className="check"><input type="checkbox" checked={collapsed} onChange={(e) => setCollapsed(e.target.checked)} /> collapse storms</label>}
    />
  );
}
