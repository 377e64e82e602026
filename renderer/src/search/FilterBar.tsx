// Facets under the timeline: nodes, severities, event categories and types, sources. They filter
// the tables and the timeline's counts; the time range is the timeline's visible range.
import type { Category, EventSeverity, Severity } from '../../../core/api/types.ts';
import { EVENT_TYPES, SEVERITY_NAMES } from '../../../parsers/types.ts';
import { TID } from '../testids.ts';
import { setFilters } from '../state/actions.ts';
import { fitAll } from '../state/nav.ts';
import { useStore } from '../state/store.ts';
import { EMPTY_FILTERS } from '../state/view.ts';

const CATS = (Object.keys(EVENT_TYPES) as Category[]);
const ESEV: EventSeverity[] = ['critical', 'error', 'warning', 'info'];
/** Severity facet as an SRE thinks of it: "errors and worse" is one click. */
const SEV_GROUPS: { label: string; levels: Severity[] }[] = [
  { label: 'emerg–crit', levels: [0, 1, 2] }, { label: 'err', levels: [3] }, { label: 'warning', levels: [4] },
  { label: 'notice/info', levels: [5, 6] }, { label: 'debug', levels: [7] },
];

function toggle<T>(xs: T[], x: T): T[] { return xs.includes(x) ? xs.filter((y) => y !== x) : [...xs, x]; }

export function FilterBar() {
  const f = useStore((s) => s.filters);
  const tab = useStore((s) => s.tab);
  const summary = useStore((s) => s.summary);
  const nodes = summary?.nodes ?? [];
  const sources = useStore((s) => s.sources);
  const onEvents = tab === 'events';
  const active = JSON.stringify({ ...f, text: '' }) !== JSON.stringify({ ...EMPTY_FILTERS });
  return (
    <div className="filterbar">
      {nodes.length > 0 && (
        <div className="facet">
          <span className="facet-label">node</span>
          {nodes.map((n) => <button key={n} className={`chip ${f.nodes.includes(n) ? 'on' : ''}`} data-testid={TID.facetNode} data-node={n} onClick={() => setFilters({ nodes: toggle(f.nodes, n) })}>{n}</button>)}
        </div>
      )}
      {onEvents ? (
        <>
          <div className="facet">
            <span className="facet-label">severity</span>
            {ESEV.map((s) => <button key={s} className={`chip ${f.eventSeverities.includes(s) ? 'on' : ''}`} data-testid={TID.facetSeverity} data-severity={s} onClick={() => setFilters({ eventSeverities: toggle(f.eventSeverities, s) })}><i className={`dot bg-${s}`} />{s}</button>)}
          </div>
          <div className="facet">
            <span className="facet-label">category</span>
            {CATS.map((c) => <button key={c} className={`chip ${f.categories.includes(c) ? 'on' : ''}`} data-category={c} onClick={() => setFilters({ categories: toggle(f.categories, c), types: [] })}>{c}</button>)}
          </div>
          <div className="facet">
            <select className="input small-select" value="" onChange={(e) => e.target.value && setFilters({ types: toggle(f.types, e.target.value as never) })} title="Filter by event type">
              <option value="">type…</option>
              {(f.categories.length ? f.categories : CATS).flatMap((c) => EVENT_TYPES[c] as readonly string[]).map((t) => <option key={t} value={t}>{f.types.includes(t as never) ? '✓ ' : ''}{t}</option>)}
            </select>
            {f.types.map((t) => <button key={t} className="chip on" onClick={() => setFilters({ types: f.types.filter((x) => x !== t) })}>{t} ✕</button>)}
          </div>
        </>
      ) : (
        <>
          <div className="facet">
            <span className="facet-label">severity</span>
            {SEV_GROUPS.map((g) => {
              const on = g.levels.every((l) => f.severities.includes(l));
              return <button key={g.label} className={`chip ${on ? 'on' : ''}`} data-testid={TID.facetSeverity} data-severity={g.levels.join(',')} title={g.levels.map((l) => SEVERITY_NAMES[l]).join(', ')}
                onClick={() => setFilters({ severities: on ? f.severities.filter((l) => !g.levels.includes(l)) : [...new Set([...f.severities, ...g.levels])].sort() as Severity[] })}><span className={`sev-${g.levels[0]}`}>●</span>{g.label}</button>;
            })}
          </div>
          <div className="facet">
            <select className="input small-select" value="" onChange={(e) => e.target.value && setFilters({ sourceIds: toggle(f.sourceIds, Number(e.target.value)) })} title="Filter by source file">
              <option value="">source…</option>
              {sources.map((s) => <option key={s.id} value={s.id}>{f.sourceIds.includes(s.id) ? '✓ ' : ''}{s.node ? `${s.node}: ` : ''}{s.path} ({s.format}, {s.records.toLocaleString('en-US')})</option>)}
            </select>
            {f.sourceIds.map((id) => <button key={id} className="chip on" onClick={() => setFilters({ sourceIds: f.sourceIds.filter((x) => x !== id) })}>{sources.find((s) => s.id === id)?.path.split('/').pop() ?? `#${id}`} ✕</button>)}
          </div>
        </>
      )}
      <span className="spacer" />
      {/* Held at the right edge: when the facets overflow a narrow window, they scroll under it. */}
      <span className="filter-actions">
        {active && <button className="btn small ghost" onClick={() => setFilters({ ...EMPTY_FILTERS, text: f.text })}>clear filters</button>}
        <button className="btn small ghost" onClick={fitAll} title="Show the whole case (0)">whole case</button>
      </span>
    </div>
  );
}
