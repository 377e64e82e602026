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
