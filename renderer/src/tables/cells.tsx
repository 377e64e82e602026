// Cells shared by the tables: a time that says how it was obtained, a severity word in colour.
import type { Micros, Severity, TsKind } from '../../../core/api/types.ts';
import { SEVERITY_NAMES } from '../../../parsers/types.ts';
import { formatRelative, formatTs, tsKindBadge } from '../time/format.ts';

export function TimeCell({ ts, kind, zone, crash }: { ts: Micros | null; kind: TsKind; zone: string | null; crash: Micros | null }) {
  const badge = tsKindBadge(kind);
  const rel = formatRelative(ts, crash);
  return (
    <span className="time-cell" title={`${formatTs(ts, zone, 'us')}${rel ? `  (${rel})` : ''}${badge ? `\n${badge.title}` : ''}`}>
      <span className="mono">{ts === null ? '—' : formatTs(ts, zone, 'ms').slice(5)}</span>
      {badge && <span className={`badge tskind tskind-${kind}`}>{badge.label}</span>}
    </span>
  );
}

export function RelCell({ ts, crash }: { ts: Micros | null; crash: Micros | null }) {
  const rel = formatRelative(ts, crash);
  return <span className={`mono rel-cell ${ts !== null && crash !== null && ts > crash ? 'after' : ''}`}>{rel ?? ''}</span>;
}

export function SeverityCell({ sev }: { sev: Severity | null }) {
  if (sev === null) return <span className="faint">·</span>;
  return <span className={`sev sev-${sev}`}>{SEVERITY_NAMES[sev]}</span>;
}
