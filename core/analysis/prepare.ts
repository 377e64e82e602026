// Small steps shared by every way of building an AnalysisInput (bundle in memory, case file).
import type { AnalysisEvent } from './input.ts';

/** A storm collapsed by the window rules (count > 1, ts..endTs) stands for line-level events that
 *  may be present too; count each happening once. The line-level events are kept when they exist,
 *  because they point at records the user can open. */
export function dropCollapsedDuplicates(events: AnalysisEvent[]): AnalysisEvent[] {
  const lineLevel = new Map<string, number[]>();
  for (const e of events) {
    if ((e.count ?? 1) > 1 || e.ts === null) continue;
    const k = `${e.node}\u0000${e.type}`;
    (lineLevel.get(k) ?? lineLevel.set(k, []).get(k)!).push(e.ts);
  }
  return events.filter((e) => {
    if ((e.count ?? 1) <= 1 || e.ts === null) return true;
    const members = lineLevel.get(`${e.node}\u0000${e.type}`) ?? [];
    const end = e.endTs ?? e.ts;
    return !members.some((ts) => ts >= e.ts! && ts <= end);
  });
}

/** The same kernel line reaches a bundle several times (journal, /var/log/messages, kern.log,
 *  dmesg): one happening, several sources. Keep the first copy of an event when another source
 *  holds the same type and message within this much time. */
const SAME_LINE_WINDOW_US = 2e6;

export function dropCrossSourceDuplicates(events: AnalysisEvent[]): AnalysisEvent[] {
  const seen = new Map<string, { ts: number; source: string }[]>();
  const out: AnalysisEvent[] = [];
  for (const e of [...events].sort((a, b) => (a.ts ?? Infinity) - (b.ts ?? Infinity))) {
    if (e.ts === null) { out.push(e); continue; }
    // sudo's log and auditd word one command differently: the command itself is the happening.
    const what = typeof e.fields.command === 'string' ? `cmd:${e.fields.command}` : e.message;
    const k = `${e.node}\u0000${e.type}\u0000${what}`;
    const copies = seen.get(k) ?? seen.set(k, []).get(k)!;
    if (copies.some((c) => c.source !== e.sourcePath && Math.abs(c.ts - e.ts!) <= SAME_LINE_WINDOW_US)) continue;
    copies.push({ ts: e.ts, source: e.sourcePath });
    out.push(e);
  }
  return out;
}
