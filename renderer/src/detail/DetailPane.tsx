// The detail pane: the selected record as its source wrote it, with ±50 lines around it; how its
// time was obtained; which other sources saw the same line; its events and the SRE's notes.
import { useEffect, useRef, useState } from 'react';
import type { EventRow, RecordDetail } from '../../../core/api/types.ts';
import { SEVERITY_NAMES } from '../../../parsers/types.ts';
import { TID } from '../testids.ts';
import { api, errorText } from '../state/api.ts';
import { chooseEvidence, closeDetail, selectEvent, selectRecord } from '../state/actions.ts';
import { useCrashTime, useStore, useZone } from '../state/store.ts';
import { formatRelative, formatTs, tsKindBadge, tsKindSentence } from '../time/format.ts';
import { AnnotationEditor } from '../annotations/AnnotationEditor.tsx';

export function DetailPane() {
  const selection = useStore((s) => s.selection);
  const selectedEvent = useStore((s) => s.selectedEvent);
  const verdict = useStore((s) => s.verdict);
  const training = useStore((s) => s.training);
  const zone = useZone();
  const crash = useCrashTime();
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const hlRef = useRef<HTMLDivElement>(null);

  // The record to show: the selected record, or the record behind the selected event.
  const recordId = selection?.kind === 'record' ? selection.id : selectedEvent && selectedEvent.id === selection?.id ? selectedEvent.recordId : null;
  const event: EventRow | null = selection?.kind === 'event' && selectedEvent?.id === selection.id ? selectedEvent : null;
  useEffect(() => {
    if (recordId === null) { setDetail(null); return; }
    let live = true;
    setError(null);
    api().record(recordId, 50).then((d) => { if (live) setDetail(d); }, (e) => { if (live) { setDetail(null); setError(errorText(e)); } });
    return () => { live = false; };
  }, [recordId]);
  // Centre the record in its context box only (scrollIntoView would also scroll the pane and the page).
  useEffect(() => {
    const hl = hlRef.current;
    const box = hl?.parentElement;
    if (hl && box) box.scrollTop = hl.offsetTop - box.clientHeight / 2 + hl.clientHeight / 2;
  }, [detail]);

  const rec = detail?.record ?? null;
  const evidenceOf = (id: number) => verdict?.crashes.flatMap((c) => c.causes.slice(0, 1)).find((c) => c.evidence.some((e) => e.id === id));
  const cause = event ? evidenceOf(event.id) : undefined;
  const choice = event && cause?.userChoice?.[event.id];
  const ts = event?.ts ?? rec?.ts ?? null;
  const kind = event?.tsKind ?? rec?.tsKind ?? 'none';
  const badge = tsKindBadge(kind);

  return (
    <div className="detail">
      <div className="detail-head">
        <div className="detail-title">
          {event ? <><span className={`sev sev-${event.severity}`}>●</span> <span className="mono">{event.type}</span> <span className="faint">{event.category}</span></> : <span>Record</span>}
          {rec && <span className="faint mono detail-src" title={rec.sourcePath}>{rec.sourcePath}:{rec.line}</span>}
        </div>
        <button className="btn ghost small" onClick={closeDetail} title="Close (Esc)">✕</button>
      </div>
      <div className="detail-body">
        <div className="section">
          <div className="kv">
            <span className="k">time</span><span className="v mono">{formatTs(ts, zone, 'us')} {badge && <span className="badge warn">{badge.label}</span>}</span>
            {crash !== null && ts !== null && <><span className="k">to crash</span><span className="v mono">{formatRelative(ts, crash)}</span></>}
            <span className="k">time from</span><span className="v" data-testid={TID.detailTsKind} data-ts-kind={kind}>{tsKindSentence(kind)}</span>
            {rec && <><span className="k">node</span><span className="v">{rec.node ?? '—'}</span>
              <span className="k">source</span><span className="v mono">{rec.sourcePath} <span className="faint">({rec.format}, line {rec.line}{rec.endLine !== rec.line ? `–${rec.endLine}` : ''})</span></span>
              <span className="k">severity</span><span className="v">{rec.severity === null ? '—' : SEVERITY_NAMES[rec.severity]}</span>
              {rec.ident && <><span className="k">ident</span><span className="v mono">{rec.ident}{rec.pid !== null ? `[${rec.pid}]` : ''}</span></>}</>}
            {event && <><span className="k">rule</span><span className="v mono">{event.ruleId}</span>
              {event.count > 1 && <><span className="k">count</span><span className="v num">×{event.count.toLocaleString('en-US')}{event.endTs ? ` until ${formatTs(event.endTs, zone)}` : ''}</span></>}</>}
          </div>
          {event && <div className="event-msg">{event.message}</div>}
          {event && Object.keys(event.fields).length > 0 && (
            <table className="fields"><tbody>{Object.entries(event.fields).map(([k, v]) => <tr key={k}><td className="k mono">{k}</td><td className="mono">{String(v)}</td></tr>)}</tbody></table>
          )}
          {event && cause && !training && (
            <div className="evidence-choice">
              <span className="dim">Verdict evidence:</span>
              <button className={`btn small ${choice === 'accepted' ? 'on' : ''}`} onClick={() => void chooseEvidence(event.id, choice === 'accepted' ? null : 'accepted')}>✓ accept</button>
              <button className={`btn small ${choice === 'rejected' ? 'on' : ''}`} onClick={() => void chooseEvidence(event.id, choice === 'rejected' ? null : 'rejected')}>✗ reject</button>
            </div>
          )}
        </div>

        {selection && <AnnotationEditor kind={selection.kind} id={selection.id} />}

        {error && <div className="table-error">{error}</div>}
        {rec && (
          <div className="section">
            <h3>Raw <span className="count">±50 lines of {rec.sourcePath.split('/').pop()}</span></h3>
            <div className="raw-context mono" style={{ position: 'relative' }}>
              {detail!.context.map((c) => c.id === rec.id || (c.line >= rec.line && c.line <= rec.endLine) ? (
                <div key={c.id} className="ctx hl" ref={hlRef}>
                  <span className="ln">{rec.line}</span>
                  <pre className="raw" data-testid={TID.detailRaw}>{rec.raw}</pre>
                </div>
              ) : (
                <div key={c.id} className={`ctx sev-line-${c.severity ?? 'x'}`} onClick={() => selectRecord(c)}>
                  <span className="ln">{c.line}</span>
                  <span className="ctx-text">{c.ident ? `${c.ident}: ` : ''}{c.message}</span>
                </div>
              ))}
              {!detail!.context.some((c) => c.id === rec.id) && (
                <div className="ctx hl" ref={hlRef}><span className="ln">{rec.line}</span><pre className="raw" data-testid={TID.detailRaw}>{rec.raw}</pre></div>
              )}
            </div>
          </div>
        )}

        {rec && Object.keys(rec.fields).length > 0 && (
          <div className="section">
            <h3>Parsed fields <span className="count">{Object.keys(rec.fields).length}</span></h3>
            <table className="fields"><tbody>{Object.entries(rec.fields).map(([k, v]) => <tr key={k}><td className="k mono">{k}</td><td className="mono">{v}</td></tr>)}</tbody></table>
          </div>
        )}

        {detail && (
          <div className="section" data-testid={TID.detailSeenIn}>
            <h3>Also seen in <span className="count">{detail.seenIn.length}</span></h3>
            {detail.seenIn.length === 0 ? <div className="faint">No other source holds this line.</div> : (
              <ul className="plain">{detail.seenIn.map((s) => (
                <li key={s.recordId}><button className="linkish mono" onClick={() => api().record(s.recordId, 0).then((d) => selectRecord(d.record), () => undefined)}>{s.sourcePath}</button></li>
              ))}</ul>
            )}
          </div>
        )}

        {detail && detail.events.length > 0 && (
          <div className="section">
            <h3>Events from this record <span className="count">{detail.events.length}</span></h3>
            <ul className="plain">{detail.events.map((e) => (
              <li key={e.id}><button className="linkish" onClick={() => selectEvent(e)}><span className={`sev sev-${e.severity}`}>●</span> <span className="mono">{e.type}</span></button> <span className="dim">{e.message}</span></li>
            ))}</ul>
          </div>
        )}
      </div>
    </div>
  );
}
