// Cut each node's timeline into boots and say how each boot ended.
//
// A boot starts at a journal `_BOOT_ID` change, a `-- Boot --` marker, the kernel's `Linux version`
// banner, a dmesg clock restart or a `boot` event; several sources name the same boot within
// seconds of each other, so marks close in time are one boot. A boot ends:
//   clean   — a shutdown sequence was logged (and no panic after it);
//   crash   — a panic, a vmcore, or the next boot came with no shutdown logged (a hard reset);
//   unknown — the logs stop inside it and nothing says what happened next;
//   running — the bundle was captured during it.
import type { Boot } from '../api/types.ts';
import type { AnalysisEvent, AnalysisInput, BootMark, NodeInput } from './input.ts';

/** Marks of one boot from different sources (journal, kernel banner, dmesg) land within this. */
export const SAME_BOOT_WINDOW_US = 180e6;

/** Lines of one shutdown sequence are at most this far apart. */
const SHUTDOWN_SEQUENCE_US = 120e6;

const START_KINDS = new Set<BootMark['kind']>(['journal-boot-id', 'boot-marker', 'linux-version', 'dmesg-restart']);

/** A boot with what the verdict needs beside the API row. */
export interface BootInfo extends Boot {
  /** The panic that ended it, if any. */
  panic: AnalysisEvent | null;
  /** The last shutdown event (clean end), if any. */
  shutdown: AnalysisEvent | null;
  /** When the final shutdown sequence began (its first line): the instant of a clean reboot. */
  shutdownFrom: number | null;
  /** kdump kept a vmcore of this boot. */
  vmcore: boolean;
  /** The boot ended without a shutdown and a next boot followed: power cut, watchdog, reset button. */
  hardReset: boolean;
  /** Last stamped record (or event) seen in the boot: where the logs go quiet. */
  lastSeen: number | null;
  /** True when the logs begin inside this boot (its start was not logged). */
  startUnseen: boolean;
  /** True when some source of this node saw this boot's events (journal, kernel log). */
  hasKernelLog: boolean;
}

interface StartCluster { ts: number; bootId: string | null; kernel: string | null; kinds: Set<string>; prevTs: number | null; fromCapture: boolean }

const fmt = (us: number | null): string => (us === null ? 'an unknown time' : new Date(Math.floor(us / 1000)).toISOString().replace('.000Z', 'Z'));

function clusterStarts(marks: BootMark[], bootEvents: AnalysisEvent[], node: NodeInput | undefined): StartCluster[] {
  const items: { ts: number; bootId: string | null; kernel: string | null; kind: string; prevTs: number | null }[] = [];
  for (const m of marks) {
    if (m.ts === null || !START_KINDS.has(m.kind)) continue;
    items.push({ ts: m.ts, bootId: m.bootId, kernel: m.kernel ?? null, kind: m.kind, prevTs: m.prevTs ?? null });
  }
  for (const e of bootEvents) {
    if (e.ts === null) continue;
    const k = e.fields.kernel;
    items.push({ ts: e.ts, bootId: null, kernel: typeof k === 'string' ? k : null, kind: 'boot-event', prevTs: null });
  }
  const bootTs = node?.identity.bootTs ?? null;
  if (bootTs !== null) items.push({ ts: bootTs, bootId: null, kernel: node?.identity.kernel ?? null, kind: 'capture-btime', prevTs: null });
  items.sort((a, b) => a.ts - b.ts);
  const out: StartCluster[] = [];
  for (const it of items) {
    const last = out[out.length - 1];
    // Two journal boot ids are two boots even when close (a crash loop); otherwise close marks are one boot.
    const distinctIds = last && last.bootId && it.bootId && last.bootId !== it.bootId;
    if (last && it.ts - last.ts <= SAME_BOOT_WINDOW_US && !distinctIds) {
      last.bootId ??= it.bootId;
      last.kernel ??= it.kernel;
      last.kinds.add(it.kind);
      if (it.prevTs !== null && it.prevTs < last.ts) last.prevTs = Math.max(last.prevTs ?? -Infinity, it.prevTs);
      if (it.kind === 'capture-btime') last.fromCapture = true;
      continue;
    }
    out.push({ ts: it.ts, bootId: it.bootId, kernel: it.kernel, kinds: new Set([it.kind]), prevTs: it.prevTs, fromCapture: it.kind === 'capture-btime' });
  }
  return out;
}

/** Boots of every node, in node then time order. Ids are 1-based over the whole case. */
export function findBoots(input: AnalysisInput): BootInfo[] {
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  const names = new Set<string>([...nodes.keys(), ...input.events.map((e) => e.node), ...input.bootMarks.map((m) => m.node)]);
  const boots: BootInfo[] = [];
  for (const name of [...names].sort()) {
    for (const b of nodeBoots(name, nodes.get(name), input)) boots.push({ ...b, id: boots.length + 1 });
  }
  return boots;
}

function nodeBoots(name: string, node: NodeInput | undefined, input: AnalysisInput): BootInfo[] {
  const events = input.events.filter((e) => e.node === name);
  const stamped = events.filter((e) => e.ts !== null).sort((a, b) => a.ts! - b.ts!);
  const marks = input.bootMarks.filter((m) => m.node === name);
  const coverage = input.coverage.filter((c) => c.node === name);
  const starts = clusterStarts(marks, stamped.filter((e) => e.type === 'boot'), node);

  const firstSeen = Math.min(...stamped.map((e) => e.ts!), ...coverage.map((c) => c.firstTs ?? Infinity));
  const lastCovered = Math.max(...coverage.map((c) => c.lastTs ?? -Infinity), ...stamped.map((e) => e.endTs ?? e.ts!));
  // Nothing stamped at all (a pasted Oops, dmesg without a boot time): one boot of unknown span,
  // judged on its lines in file order.
  const unstampedOnly = starts.length === 0 && !Number.isFinite(firstSeen);
  if (unstampedOnly && events.length === 0) return [];

  // The logs begin before the first boot start we saw: that earlier boot exists, its start unseen.
  const windows: { start: number | null; cluster: StartCluster | null }[] = [];
  if (starts.length === 0 || (Number.isFinite(firstSeen) && firstSeen < starts[0]!.ts - SAME_BOOT_WINDOW_US)) {
    windows.push({ start: null, cluster: null });
  }
  for (const c of starts) windows.push({ start: c.ts, cluster: c });

  const captureTs = node?.identity.captureTs ?? null;
  const out: BootInfo[] = [];
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i]!;
    const next = windows[i + 1] ?? null;
    const from = w.start ?? -Infinity;
    const to = next?.start ?? Infinity;
    const inBoot = unstampedOnly ? [...events].sort((a, b) => a.line - b.line) : stamped.filter((e) => e.ts! >= from - 5e6 && e.ts! < to - (next ? 5e6 : 0));
    // A panic stamped in the boot, or one from kdump's vmcore-dmesg (monotonic, unmapped) that
    // belongs to the boot before the latest one.
    let panic = [...inBoot].reverse().find((e) => e.type === 'kernel_panic') ?? null;
    const shutdown = [...inBoot].reverse().find((e) => e.type === 'shutdown') ?? null;
    // The sequence is the run of shutdown lines ending at the last one (systemd logs it over seconds).
    let shutdownFrom = shutdown?.ts ?? null;
    for (const e of [...inBoot].reverse()) if (e.type === 'shutdown' && shutdownFrom !== null && e.ts! >= shutdownFrom - SHUTDOWN_SEQUENCE_US) shutdownFrom = Math.min(shutdownFrom, e.ts!);
    const markIn = (k: BootMark['kind']) => marks.filter((m) => m.kind === k && m.ts !== null && m.ts >= from && m.ts < to);
    // An unplaced vmcore belongs to the boot before the current one; when the logs hold a single
    // boot and nothing says it was the current one (only the vmcore-dmesg itself), to that one.
    const vmcoreBoot = windows.length >= 2 ? windows.length - 2 : unstampedOnly || captureTs === null ? 0 : -1;
    const vmcoreUnstamped = marks.some((m) => m.kind === 'vmcore' && m.ts === null) && i === vmcoreBoot;
    const vmcore = markIn('vmcore').length > 0 || vmcoreUnstamped;
    if (!panic && vmcoreUnstamped) panic = events.find((e) => e.type === 'kernel_panic' && e.sourceRole === 'crash') ?? null;
    const shutdownMark = markIn('shutdown').at(-1) ?? null;
    const panicMark = markIn('panic').at(-1) ?? null;

    const lastEventTs = inBoot.some((e) => e.ts !== null) ? Math.max(...inBoot.filter((e) => e.ts !== null).map((e) => e.ts!)) : null;
    const nextPrev = next?.cluster?.prevTs ?? null;
    const coverLast = coverage.reduce<number | null>((m, c) => (c.lastTs !== null && c.lastTs >= from && c.lastTs < to ? Math.max(m ?? -Infinity, c.lastTs) : m), null);
    const lastSeen = [nextPrev, lastEventTs, next ? null : coverLast].reduce<number | null>((m, v) => (v === null ? m : Math.max(m ?? -Infinity, v)), null);

    const shutdownTs = Math.max(shutdown?.ts ?? -Infinity, shutdownMark?.ts ?? -Infinity);
    const panicTs = Math.max(panic?.ts ?? -Infinity, panicMark?.ts ?? -Infinity);
    const kernel = w.cluster?.kernel ?? (next ? null : node?.identity.kernel ?? null);
    const base = {
      id: 0, node: name, bootId: w.cluster?.bootId ?? null, start: w.start, kernel,
      panic, shutdown, shutdownFrom, vmcore, hardReset: false, lastSeen,
      startUnseen: w.start === null, hasKernelLog: inBoot.some((e) => e.sourceRole === 'kernel' || e.sourceRole === 'journal' || e.sourceRole === 'syslog' || e.sourceRole === 'crash') || coverage.some((c) => (c.role === 'kernel' || c.role === 'journal') && (c.lastTs ?? -Infinity) >= from && (c.firstTs ?? Infinity) < to),
    };
    if ((panic || panicMark) && panicTs >= shutdownTs) {
      const at = panic?.ts ?? panicMark?.ts ?? null;
      out.push({ ...base, end: at, ending: 'crash', evidence: `kernel panic at ${fmt(at)}${panic ? `: ${panic.message}` : ''}${vmcore ? '; kdump saved a vmcore' : ''}` });
    } else if (vmcore) { // kdump only saves a vmcore when the kernel crashed, even if a shutdown had begun
      out.push({ ...base, end: lastSeen, ending: 'crash', evidence: `kdump saved a vmcore of this boot (the kernel crashed); last record at ${fmt(lastSeen)}` });
    } else if (shutdown || shutdownMark) {
      const at = Number.isFinite(shutdownTs) ? shutdownTs : null;
      out.push({ ...base, end: at, ending: 'clean', evidence: `shutdown sequence logged at ${fmt(at)}${shutdown ? `: ${shutdown.message}` : ''}` });
    } else if (next) {
      // The next boot is known only from the capture's boot time and no log spans it: the logs of
      // this boot's end are missing rather than silent, so do not call it a crash.
      const seenAcross = coverage.some((c) => (c.lastTs ?? -Infinity) >= next.start!);
      if (next.cluster?.fromCapture && next.cluster.kinds.size === 1 && !seenAcross) {
        out.push({ ...base, end: lastSeen, ending: 'unknown', evidence: `the logs stop at ${fmt(lastSeen)}; the node was booted again at ${fmt(next.start)} (capture boot time) but nothing was logged of how this boot ended` });
      } else {
        out.push({ ...base, end: lastSeen ?? next.start, hardReset: true, ending: 'crash', evidence: `no shutdown and no panic logged before the next boot at ${fmt(next.start)}; last record at ${fmt(lastSeen)} (hard reset: power cut, watchdog or reset)` });
      }
    } else if (captureTs !== null && (w.start === null || captureTs >= w.start)) {
      out.push({ ...base, end: null, ending: 'running', evidence: `the bundle was captured during this boot, at ${fmt(captureTs)}` });
    } else {
      out.push({ ...base, end: lastSeen, ending: 'unknown', evidence: `the logs stop at ${fmt(lastSeen)} with no shutdown, panic or later boot logged: how this boot ended is unknown` });
    }
  }
  return out;
}

/** The API row (without the verdict's extras). */
export function toBootRow(b: BootInfo): Boot {
  return { id: b.id, node: b.node, bootId: b.bootId, start: b.start, end: b.end, ending: b.ending, evidence: b.evidence, kernel: b.kernel };
}

export { fmt as formatUtc };
