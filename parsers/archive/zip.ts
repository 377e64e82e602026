// Zip members through yauzl. A zip's directory is at its end, so it needs random access: yauzl
// reads a zip on disk by offset, and a zip found inside a tar is handed over as a bounded buffer.
// Names are taken raw (decodeStrings off) because yauzl refuses the whole zip on one `..` name;
// paths.ts makes them safe member by member instead.
import yauzl from 'yauzl';
import type { Readable } from 'node:stream';

export interface ZipMember {
  name: string;
  size: number;
  mtime: number | null;
  kind: 'file' | 'directory' | 'symlink';
  encrypted: boolean;
  open(): Promise<Readable>;
}

type Source = { file: string } | { buffer: Buffer };

/** Members in directory order. Throws only when the zip cannot be opened at all (no directory). */
export async function* readZip(src: Source, problem: (message: string) => void): AsyncGenerator<ZipMember> {
  const opts: yauzl.Options = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true };
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => {
    const cb = (err: Error | null, z?: yauzl.ZipFile) => (err || !z ? rej(err ?? new Error('unreadable zip')) : res(z));
    if ('file' in src) yauzl.open(src.file, opts, cb);
    else yauzl.fromBuffer(src.buffer, opts, cb);
  });
  // Entries whose data ranges overlap are a non-recursive zip bomb's trick (one local entry read
  // through hundreds of directory entries): each range is kept sorted by start, and a member that
  // starts inside another, or runs into the next, is refused.
  const starts: number[] = [];
  const ends: number[] = [];
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((res) => {
        const onEntry = (e: yauzl.Entry) => { cleanup(); res(e); };
        const onEnd = () => { cleanup(); res(null); };
        const onError = (e: Error) => { cleanup(); problem(`zip directory unreadable: ${e.message}`); res(null); };
        const cleanup = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
        zip.on('entry', onEntry); zip.on('end', onEnd); zip.on('error', onError);
        zip.readEntry();
      });
      if (!entry) return;
      const raw = entry.fileName as unknown as Buffer;
      const name = raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
      const start = entry.relativeOffsetOfLocalHeader;
      const end = start + 30 + raw.length + entry.compressedSize;
      let i = 0; let hi = starts.length;
      while (i < hi) { const mid = (i + hi) >> 1; if (starts[mid]! <= start) i = mid + 1; else hi = mid; }
      if ((i > 0 && ends[i - 1]! > start) || (i < starts.length && starts[i]! < end)) {
        problem(`member ${JSON.stringify(name.slice(0, 200))} overlaps another member's data (a zip bomb's trick): skipped`);
        continue;
      }
      starts.splice(i, 0, start); ends.splice(i, 0, end);
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      const kind = name.endsWith('/') || mode === 0o040000 ? 'directory' : mode === 0o120000 ? 'symlink' : 'file';
      let mtime: number | null = null;
      try { mtime = entry.getLastModDate().getTime(); } catch { /* DOS date 0: unknown */ }
      yield {
        name, kind, mtime, size: entry.uncompressedSize, encrypted: entry.isEncrypted(),
        open: () => new Promise((res, rej) => zip.openReadStream(entry, (err, s?: Readable) => (err || !s ? rej(err ?? new Error('unreadable member')) : res(s)))),
      };
    }
  } finally {
    zip.close();
  }
}
