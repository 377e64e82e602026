// One source of a bundle, by its path, with the time facts the whole bundle gives it: for
// `crashlens records <bundle> <path-in-bundle>`, to check a parser on a member by eye. Two walks:
// the first reads the facts (they may sit after the member in a tar), the second stops at the
// member and hands its bytes over. A debugging tool can afford that; the import path cannot.
import { open, stat } from 'node:fs/promises';
import { sniffKind } from '../archive/magic.ts';
import { walkBundle } from '../archive/walk.ts';
import type { TimeContext, Warning } from '../types.ts';
import { classifyEntry, nodeKey } from './classify.ts';
import { readBundle, sourceTime } from './read.ts';

export interface BundleMember {
  /** The member's full path in the bundle. */
  path: string;
  time: TimeContext;
  stream: AsyncIterable<Buffer>;
  /** Stops the walk (and any decompressor) once the stream is no longer wanted. */
  close(): Promise<void>;
}

/** `wanted` is the full path, or a unique ending of it ("var/log/messages" inside a sosreport
 *  folder). Null when no log source matches; throws when several do, naming them. */
export async function openBundleMember(bundle: string, wanted: string, onWarning?: (w: Warning) => void): Promise<BundleMember | null> {
  const logs: string[] = [];
  const scan = await readBundle(bundle, { selectSource: (p) => { logs.push(p); return false; }, onWarning });
  const suffix = `/${wanted.replace(/^\/+/, '')}`;
  const matches = logs.includes(wanted) ? [wanted] : logs.filter((p) => p.endsWith(suffix));
  if (matches.length === 0) return null;
  if (matches.length > 1) throw new Error(`'${wanted}' matches several sources: ${matches.slice(0, 10).join(', ')}`);
  const target = matches[0]!;
  const gen = walkBundle(bundle, {});
  for (let r = await gen.next(); !r.done; r = await gen.next()) {
    const e = r.value;
    if (e.path !== target) continue;
    const node = scan.nodes.find((n) => n.key === nodeKey(e.path));
    const id = node?.identity ?? { zone: null, captureTs: null, bootTs: null };
    const time = sourceTime(id, id.bootTs, classifyEntry(e.path), e.mtime);
    return { path: e.path, time, stream: e.stream, close: async () => { await gen.return(undefined); } };
  }
  return null;
}

/** True when the input is something walkBundle opens (a folder, an archive, a compressed file)
 *  rather than a plain log file. */
export async function isBundleInput(input: string): Promise<boolean> {
  const st = await stat(input);
  if (st.isDirectory()) return true;
  const fh = await open(input, 'r');
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await fh.read(head, 0, 512, 0);
    return sniffKind(head.subarray(0, bytesRead)) !== 'plain';
  } finally {
    await fh.close();
  }
}

/** For `crashlens records <bundle> [path-in-bundle]`: the named source, or the bundle's only log
 *  source when no path is given (a lone messages-20261127.gz). Throws with the candidates when
 *  the choice is not clear. */
export async function openLogInput(bundle: string, wanted?: string): Promise<BundleMember> {
  if (wanted !== undefined) {
    const m = await openBundleMember(bundle, wanted);
    if (!m) throw new Error(`no log source '${wanted}' in ${bundle} (crashlens sources ${bundle} lists them)`);
    return m;
  }
  const logs: string[] = [];
  await readBundle(bundle, { selectSource: (p) => { logs.push(p); return false; } });
  if (logs.length !== 1) {
    throw new Error(logs.length === 0 ? `no log source in ${bundle}`
      : `${bundle} holds ${logs.length} log sources: name one (e.g. ${logs.slice(0, 3).join(', ')}); crashlens sources lists them`);
  }
  return (await openBundleMember(bundle, logs[0]!))!;
}
