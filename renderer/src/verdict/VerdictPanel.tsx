// The verdict: for each crash, the most probable cause in plain words, how sure, the chain of
// evidence (click → the timeline centres on it, the detail opens), what evidence is missing,
// other candidates, and the node's boots. The SRE can accept or reject each piece of evidence.
import type { Boot, CauseCandidate, Crash, EventRow, Verdict } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { chooseEvidence, selectEvent } from '../state/actions.ts';
import { set, useStore, useZone } from '../state/store.ts';
import { formatDuration, formatRelative, formatTs } from '../time/format.ts';

/** An event type as an SRE writes it: "OOM kill", "NIC flap", "etcd leader change". */
const ACRONYMS: Record<string, string> = { oom: 'OOM', nic: 'NIC', pleg: 'PLEG', mce: 'MCE', edac: 'EDAC', io: 'I/O', scsi: 'SCSI', nvme: 'NVMe', ata: 'ATA', fs: 'FS', dns: 'DNS', rcu: 'RCU', xfs: 'XFS', memcg: 'memcg' };
function typeLabel(type: string): string {
  const words = type.split('_').map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? '';
  if (first === first.toLowerCase() && first !== 'etcd' && first !== 'memcg') words[0] = first.charAt(0).toUpperCase() + first.slice(1);
  return words.join(' ');
}

const OUTCOME: Record<Crash['outcome'], string> = {
  panic: 'kernel panic', hard_reset: 'hard reset (no clean shutdown)', clean_reboot: 'clean reboot', not_ready: 'node NotReady',
};

export function VerdictPanel() {
  const verdict = useStore((s) => s.verdict);
  const verdictError = useStore((s) => s.verdictError);
  const boots = useStore((s) => s.boots);
  const analysing = useStore((s) => !s.summary?.readiness.analysis);
  return (
    <div className="verdict" data-testid={TID.verdictPanel}>
      {!verdict && <div className="section"><h3>Verdict</h3><div className="dim">{verdictError && !analysing ? `No verdict: ${verdictError}` : 'Analysis is running: the verdict appears when it is done.'}</div></div>}
      {verdict && verdict.crashes.length === 0 && (
        <div className="section"><h3>Verdict</h3><div className="no-crash">No crash found in these logs: every boot ends cleanly or is still running.</div></div>
      )}
      {verdict?.crashes.map((c, i) => <CrashView key={i} crash={c} />)}
      <BootsView boots={boots} />
      <NodesView facts={verdict?.facts ?? {}} />
    </div>
  );
}

function CrashView({ crash }: { crash: Crash }) {
  const zone = useZone();
  const top = crash.causes[0];
  return (
    <>
      <div className="section crash-head">
        <h3>Crash <span className="count">{crash.node}</span></h3>
        <div className="crash-when">
          <span className="crash-dot" />
          <span className="mono">{formatTs(crash.time, zone, 's')}</span>
          <span className="badge crit">{OUTCOME[crash.outcome] ?? crash.outcome}</span>
        </div>
        {crash.summary && <p className="crash-summary">{crash.summary}</p>}
      </div>
      {top ? <CauseView cause={top} crash={crash} primary /> : <div className="section dim">No cause could be named from these logs.</div>}
      {crash.missing.length > 0 && (
        <div className="section" data-testid={TID.missingEvidence}>
          <h3>Missing evidence <span className="count">{crash.missing.length}</span></h3>
          <ul className="missing">{crash.missing.map((m, i) => <li key={i}>{m}</li>)}</ul>
        </div>
      )}
      {crash.causes.length > 1 && (
        <div className="section">
          <h3>Other candidates</h3>
          {crash.causes.slice(1).map((c, i) => (
            <details key={i} className="candidate">
              <summary><span className="cand-type mono">{c.category} / {c.type}</span> <span className="num dim">{Math.round(c.confidence * 100)}%</span></summary>
              <p className="dim">{c.summary}</p>
              <EvidenceList cause={c} crash={crash} />
            </details>
          ))}
        </div>
      )}
    </>
  );
}

function CauseView({ cause, crash, primary }: { cause: CauseCandidate; crash: Crash; primary: boolean }) {
  const pct = Math.round(cause.confidence * 100);
  return (
    <div className="section cause">
      <h3>Most probable cause</h3>
      <div className="cause-name" data-testid={primary ? TID.verdictCause : undefined} data-category={cause.category} data-type={cause.type}>
        <span className={`cat-pill cat-${cause.category}`}>{cause.category}</span>
        <span className="cause-type">{typeLabel(cause.type)}</span>
      </div>
      <div className="confidence" data-testid={primary ? TID.verdictConfidence : undefined} data-confidence={cause.confidence}>
        <div className="conf-bar"><div className={`conf-fill ${pct >= 70 ? 'hi' : pct >= 40 ? 'mid' : 'lo'}`} style={{ width: `${pct}%` }} /></div>
        <span className="num">{pct}% confidence</span>
      </div>
      <p className="cause-summary">{cause.summary}</p>
      <h3 className="chain-title">Evidence chain <span className="count">{cause.evidence.length}</span></h3>
      <EvidenceList cause={cause} crash={crash} />
    </div>
  );
}

function EvidenceList({ cause, crash }: { cause: CauseCandidate; crash: Crash }) {
  const zone = useZone();
  const selection = useStore((s) => s.selection);
  const annotations = useStore((s) => s.annotations);
  const open = (e: EventRow) => { selectEvent(e, true); set({ tab: 'events' }); };
  // The engine reports the user's choice in the verdict; the notes just saved say it sooner.
  const noted = new Map(annotations.flatMap((a) => (a.target.kind === 'event' && a.evidenceChoice ? [[a.target.eventId, a.evidenceChoice] as const] : [])));
  return (
    <ol className="chain">
      {cause.evidence.map((e, i) => {
        const choice = noted.get(e.id) ?? cause.userChoice?.[e.id];
        const prev = i > 0 ? cause.evidence[i - 1]!.ts : null;
        return (
          <li key={e.id} className={`chain-item ${selection?.kind === 'event' && selection.id === e.id ? 'selected' : ''} ${choice ?? ''}`}
            data-testid={TID.evidenceItem} data-event-id={e.id} data-choice={choice ?? ''} onClick={() => open(e)} title={e.message}>
            <span className={`chain-dot bg-${e.severity}`} />
            <div className="chain-body">
              <div className="chain-top">
                <span className="mono chain-type">{e.type}</span>
                {e.count > 1 && <span className="num faint">×{e.count}</span>}
                <span className="spacer" />
                <span className="mono faint">{formatRelative(e.ts, crash.time) ?? formatTs(e.ts, zone, 's')}</span>
              </div>
              <div className="chain-msg">{e.message}</div>
              <div className="chain-meta">
                <span className="faint mono">{formatTs(e.ts, zone, 's')}</span>
                {prev !== null && e.ts !== null && <span className="faint">+{formatDuration(e.ts - prev)}</span>}
                <span className="spacer" />
                <button className={`btn small ghost ${choice === 'accepted' ? 'on' : ''}`} title="Accept this evidence" data-testid={TID.evidenceAccept}
                  onClick={(ev) => { ev.stopPropagation(); void chooseEvidence(e.id, choice === 'accepted' ? null : 'accepted'); }}>✓</button>
                <button className={`btn small ghost ${choice === 'rejected' ? 'on' : ''}`} title="Reject this evidence" data-testid={TID.evidenceReject}
                  onClick={(ev) => { ev.stopPropagation(); void chooseEvidence(e.id, choice === 'rejected' ? null : 'rejected'); }}>✗</button>
              </div>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

function NodesView({ facts }: { facts: Verdict['facts'] }) {
  const zone = useZone();
  const summary = useStore((s) => s.summary);
  const bundles = summary?.bundles ?? [];
  const nodes = Object.keys(facts).length ? Object.entries(facts).map(([node, f]) => ({ node, identity: f.identity, f }))
    : bundles.map((b) => ({ node: b.node ?? b.identity?.hostname ?? b.path, identity: b.identity, f: null }));
  if (!nodes.length) return null;
  return (
    <div className="section">
      <h3>Nodes <span className="count">{nodes.length}</span></h3>
      {nodes.map(({ node, identity: id, f }) => (
        <div key={node} className="node-facts">
          <div className="mono node-name">{node}</div>
          <div className="kv small">
            {id?.os && <><span className="k">os</span><span className="v">{id.os}</span></>}
            {id?.kernel && <><span className="k">kernel</span><span className="v mono">{id.kernel}</span></>}
            {id?.kubeletVersion && <><span className="k">kubelet</span><span className="v mono">{id.kubeletVersion}</span></>}
            {id?.runtimeVersion && <><span className="k">runtime</span><span className="v mono">{id.runtimeVersion}</span></>}
            {id?.etcdVersion && <><span className="k">etcd</span><span className="v mono">{id.etcdVersion}</span></>}
            <span className="k">zone</span><span className="v">{id?.zone ? <>{id.zone} <span className="faint">from {id.zoneSource ?? '?'}</span></> : <span className="sev-warning">unknown: UTC assumed</span>}</span>
            {id?.captureTs != null && <><span className="k">captured</span><span className="v mono">{formatTs(id.captureTs, zone, 's')}</span></>}
            {f?.memTotalKb != null && <><span className="k">memory</span><span className="v">{(f.memTotalKb / 1048576).toFixed(1)} GiB{f.swapTotalKb ? `, swap ${(f.swapTotalKb / 1048576).toFixed(1)} GiB` : ', no swap'}</span></>}
          </div>
          {f && f.knownBad.length > 0 && (
            <ul className="known-bad">{f.knownBad.map((k, i) => <li key={i}><b>{k.what}</b>: {k.why} <span className="faint mono">{k.reference}</span></li>)}</ul>
          )}
        </div>
      ))}
    </div>
  );
}

function BootsView({ boots }: { boots: Boot[] }) {
  const zone = useZone();
  const training = useStore((s) => s.training);
  if (!boots.length) return null;
  const multiNode = new Set(boots.map((b) => b.node)).size > 1;
  return (
    <div className="section">
      <h3>Boots <span className="count">{boots.length}</span></h3>
      <ul className="boot-list">
        {boots.map((b) => (
          <li key={b.id} title={training ? '' : b.evidence}>
            <div className="boot-line">
              <span className="mono">{formatTs(b.start, zone, 's').slice(5)}</span>
              <span className="faint">→</span>
              <span className="mono">{b.end === null ? '…' : formatTs(b.end, zone, 's').slice(5)}</span>
              <span className="spacer" />
              {training ? <span className="badge">hidden</span> : <span className={`badge ${b.ending === 'crash' ? 'crit' : b.ending === 'clean' ? 'ok' : ''}`}>{b.ending}</span>}
            </div>
            <div className="faint mono boot-sub ell">{multiNode ? `${b.node} · ` : ''}{b.kernel ?? ''}</div>
          </li>
        ))}
      </ul>
    </div>
  );
}
