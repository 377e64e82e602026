// The case workspace: the story on the left (verdict, or the training sheet), the timeline and
// tables in the middle, the selected record's detail on the right.
import { TID } from '../testids.ts';
import { set, useStore } from '../state/store.ts';
import { VerdictPanel } from '../verdict/VerdictPanel.tsx';
import { TrainingPanel } from '../training/TrainingPanel.tsx';
import { Timeline } from '../timeline/Timeline.tsx';
import { FilterBar } from '../search/FilterBar.tsx';
import { EventsTable } from '../tables/EventsTable.tsx';
import { RecordsTable } from '../tables/RecordsTable.tsx';
import { AnnotationsList } from '../annotations/AnnotationsList.tsx';
import { SqlConsole } from '../sql/SqlConsole.tsx';
import { DetailPane } from '../detail/DetailPane.tsx';
import type { Tab } from '../state/view.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';
import { SourcesList } from '../sources/SourcesList.tsx';

const TABS: { id: Tab; label: string; key: string }[] = [
  { id: 'events', label: 'Events', key: '1' },
  { id: 'records', label: 'Records', key: '2' },
  { id: 'annotations', label: 'Annotations', key: '3' },
  { id: 'sql', label: 'SQL', key: '4' },
  { id: 'sources', label: 'Sources', key: '5' },
];

export function Workspace() {
  const tab = useStore((s) => s.tab);
  const detailOpen = useStore((s) => s.detailOpen);
  const training = useStore((s) => s.training);
  const summary = useStore((s) => s.summary);
  const notes = useStore((s) => s.annotations.length);
  const sources = useStore((s) => s.sources.length);
  const count = (t: Tab) => (t === 'events' ? summary?.events : t === 'records' ? summary?.records : t === 'annotations' ? notes : t === 'sources' ? sources : undefined);
  return (
    <div className="workspace">
      <aside className="left"><ErrorBoundary name="verdict">{training ? <TrainingPanel /> : <VerdictPanel />}</ErrorBoundary></aside>
      <main className="center">
        <ErrorBoundary name="timeline"><Timeline /></ErrorBoundary>
        <ErrorBoundary name="filters"><FilterBar /></ErrorBoundary>
        <div className="tabbed">
          <div className="tabs" role="tablist">
            {TABS.map((t) => (
              <button key={t.id} role="tab" aria-selected={tab === t.id} className={`tab ${tab === t.id ? 'active' : ''}`}
                data-testid={t.id === 'sql' ? TID.sqlTab : undefined} title={`${t.label} (${t.key})`}
                onClick={() => set({ tab: t.id })}>
                {t.label}{count(t.id) !== undefined && <span className="count num">{count(t.id)!.toLocaleString('en-US')}</span>}
              </button>
            ))}
          </div>
          <div className="tab-body"><ErrorBoundary name={tab} key={tab}>
            {tab === 'events' && <EventsTable />}
            {tab === 'records' && <RecordsTable />}
            {tab === 'annotations' && <AnnotationsList />}
            {tab === 'sql' && <SqlConsole />}
            {tab === 'sources' && <SourcesList />}
          </ErrorBoundary></div>
        </div>
      </main>
      {detailOpen && <aside className="right" data-testid={TID.detailPane}><ErrorBoundary name="detail"><DetailPane /></ErrorBoundary></aside>}
    </div>
  );
}
