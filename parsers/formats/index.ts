// Every format Crashlens reads, most specific first: detection tries them in this order and a
// tie goes to the earlier one. Adding a format is adding a file and a line here.
import type { FormatId } from '../types.ts';
import type { FormatSpec } from './format.ts';
import { journalExport } from './journal-export.ts';
import { journalJson } from './journal-json.ts';
import { audit } from './audit.ts';
import { cri } from './cri.ts';
import { etcdJson } from './etcd-json.ts';
import { k8sEvents } from './k8s-events.ts';
import { klog } from './klog.ts';
import { capnslog } from './capnslog.ts';
import { logfmt } from './logfmt.ts';
import { dmesg } from './dmesg.ts';
import { vmcoreDmesg } from './vmcore-dmesg.ts';
import { journalShort } from './journal-short.ts';
import { syslog } from './syslog.ts';
import { kernelText } from './kernel-text.ts';
import { plain } from './plain.ts';

export const FORMATS: readonly FormatSpec[] = [
  journalExport, journalJson, audit, cri, etcdJson, k8sEvents, klog, capnslog, logfmt,
  dmesg, vmcoreDmesg, journalShort, syslog, kernelText, plain,
];

const BY_ID = new Map<FormatId, FormatSpec>(FORMATS.map((f) => [f.id, f]));

/** The spec of a format; 'journal-binary' (read elsewhere) and unknown ids fall back to plain. */
export function getFormat(id: FormatId): FormatSpec {
  return BY_ID.get(id) ?? plain;
}

export function hasFormat(id: FormatId): boolean {
  return BY_ID.has(id);
}
