// The SQL console: read-only queries on the case (api.sql), answers drawn as a box table in an
// xterm terminal. Every string from the case passes through sanitizeForTerminal/sanitizeCell
// before it is written: log text must not retitle the window, write the clipboard or move the cursor.
import { useEffect, useRef, useState } from 'react';
import { Terminal } from '@xterm/xterm';
import { TID } from '../testids.ts';
import { api, errorText } from '../state/api.ts';
import { useStore } from '../state/store.ts';
import { sanitizeForTerminal } from './sanitize.ts';
import { formatTable, History } from './table.ts';

const HISTORY_KEY = 'crashlens-sql-history';
const history = new History((() => { try { return JSON.parse(localStorage.getItem(HISTORY_KEY) ?? '[]') as string[]; } catch { return []; } })());
/** What the terminal showed, kept across tab switches (already sanitised). */
const transcript: string[] = [];
const EXAMPLES = [
  "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC",
  "SELECT name FROM sqlite_master WHERE type IN ('table','view') ORDER BY name",
  "SELECT time_utc, host, ident, message FROM record_lines WHERE message LIKE '%oom%' LIMIT 50",
];

const C = { dim: '\x1b[2m', red: '\x1b[31m', green: '\x1b[32m', cyan: '\x1b[36m', bold: '\x1b[1m', reset: '\x1b[0m' };

function themeOf(): { background: string; foreground: string; cursor: string; selectionBackground: string } {
  const cs = getComputedStyle(document.documentElement);
  const v = (n: string) => cs.getPropertyValue(n).trim();
  return { background: v('--bg-input'), foreground: v('--text'), cursor: v('--accent'), selectionBackground: v('--bg-select') };
}

export function SqlConsole() {
  const hostRef = useRef<HTMLDivElement>(null);
  const termRef = useRef<Terminal | null>(null);
  const theme = useStore((s) => s.theme);
  const [query, setQuery] = useState('');
  const [status, setStatus] = useState<{ rows: number; ms: number; truncated: boolean } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const host = hostRef.current!;
    const term = new Terminal({
      fontFamily: getComputedStyle(document.documentElement).getPropertyValue('--font-mono'), fontSize: 12, lineHeight: 1.15,
      convertEol: true, disableStdin: true, scrollback: 5000, theme: themeOf(), cursorBlink: false,
      // no OSC 8 links, no window operations: the sanitiser removes them anyway; this is belt and braces
      linkHandler: null, allowProposedApi: false,
    });
    term.open(host);
    termRef.current = term;
    const fit = () => {
      const w = host.clientWidth, h = host.clientHeight;
      const cols = Math.max(20, Math.floor((w - 14) / 7.3));
      const rows = Math.max(5, Math.floor((h - 4) / 14.5));
      if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
    };
    const ro = new ResizeObserver(fit);
    ro.observe(host);
    fit();
    if (transcript.length === 0) {
      transcript.push(`${C.bold}Crashlens SQL${C.reset} ${C.dim}— read-only queries on the case file. ↑/↓ history, Enter runs.${C.reset}`);
      transcript.push(`${C.dim}try: ${EXAMPLES[0]}${C.reset}`);
      // records keeps host and ident as ids (schema v3): the view reads them as the log wrote them.
      transcript.push(`${C.dim}records as text: ${EXAMPLES[2]}${C.reset}`, '');
    }
    for (const l of transcript) term.writeln(l);
    return () => { ro.disconnect(); term.dispose(); termRef.current = null; };
  }, []);
  useEffect(() => { if (termRef.current) termRef.current.options.theme = themeOf(); }, [theme]);

  const out = (line: string) => { transcript.push(line); if (transcript.length > 4000) transcript.splice(0, 1000); termRef.current?.writeln(line); };

  const run = async () => {
    const q = query.trim();
    if (!q || busy) return;
    history.push(q);
    try { localStorage.setItem(HISTORY_KEY, JSON.stringify(history.all())); } catch { /* ignore */ }
    out(`${C.cyan}sql>${C.reset} ${sanitizeForTerminal(q).replace(/\n/g, ' ')}`);
    setBusy(true);
    setError(null);
    try {
      const r = await api().sql(q, 1000);
      for (const line of formatTable(r)) out(line);
      out(`${C.dim}${r.rows.length} row${r.rows.length === 1 ? '' : 's'}${r.truncated ? ' (truncated)' : ''} in ${r.elapsedMs.toFixed(1)} ms${C.reset}`);
      out('');
      setStatus({ rows: r.rows.length, ms: r.elapsedMs, truncated: r.truncated });
      setQuery('');
    } catch (e) {
      const msg = sanitizeForTerminal(errorText(e));
      out(`${C.red}error:${C.reset} ${msg}`);
      out('');
      setError(msg);
      setStatus(null);
    } finally { setBusy(false); }
  };

  return (
    <div className="sql" data-testid={TID.sqlConsole}>
      <form className="sql-prompt" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <span className="mono prompt">sql&gt;</span>
        <input className="input mono" data-testid={TID.sqlInput} value={query} spellCheck={false} autoComplete="off" placeholder={EXAMPLES[0]}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowUp') { e.preventDefault(); const h = history.up(); if (h !== null) setQuery(h); }
            else if (e.key === 'ArrowDown') { e.preventDefault(); setQuery(history.down()); }
            else if (e.key === 'l' && e.ctrlKey) { e.preventDefault(); transcript.length = 0; termRef.current?.clear(); }
          }} />
        <button className="btn primary small" type="submit" disabled={busy || !query.trim()}>{busy ? 'Running…' : 'Run'}</button>
        <button className="btn small" type="button" onClick={() => { transcript.length = 0; termRef.current?.clear(); }}>Clear</button>
        <span className="sql-status" data-testid={TID.sqlResult} data-rows={status?.rows ?? ''} data-error={error ? 'true' : 'false'}>
          {error ? <span className="sev-error">{error}</span> : status ? <span className="dim num">{status.rows} rows{status.truncated ? ' (truncated)' : ''} · {status.ms.toFixed(1)} ms</span> : <span className="faint">read-only</span>}
        </span>
      </form>
      <div className="sql-term" ref={hostRef} />
    </div>
  );
}
