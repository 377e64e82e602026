// What the archive readers hand to the rest: a stream of file members, whatever the container
// (directory, tar, zip, compressed, nested). Nothing is ever written to disk.
import type { Warning } from '../types.ts';

export interface BundleEntry {
  /** Normalised path inside the bundle: forward slashes, no leading "/", no "..";
   *  an archive inside an archive is joined with "!/" (e.g. "sosreport-a.tar.xz!/var/log/messages"). */
  path: string;
  /** Size of the (decompressed) content when known up front. */
  size: number | null;
  /** Member mtime, UTC ms, when the container records one (a year hint for year-less stamps). */
  mtime: number | null;
  /** The member's bytes, already decompressed when it was a single .gz/.xz/.zst/.bz2 file.
   *  Must be consumed (or drained) before the walk continues: archives are read in one pass. */
  stream: AsyncIterable<Buffer>;
  /** Set for an uncompressed file of a directory bundle (not a member of an archive): its path on
   *  disk. It can be read again by path, concurrently with the walk (several sources parsed at
   *  once); `stream` may then be left unread — the walk closes it when it moves on. */
  file?: string;
}

export interface ArchiveLimits {
  maxDecompressedBytes: number; // whole bundle
  maxNesting: number; // archives inside archives
  maxFiles: number;
  maxLineBytes: number; // longer lines are cut and marked, never dropped
}

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxDecompressedBytes: 64 * 1024 ** 3,
  maxNesting: 4,
  maxFiles: 1_000_000,
  maxLineBytes: 1024 * 1024,
};

export interface WalkOptions {
  limits?: Partial<ArchiveLimits>;
  warn?: (w: Warning) => void;
  /** Abort the walk (cancel an import). */
  signal?: AbortSignal;
  /** Links are never followed, but their targets are facts: `etc/localtime -> ../usr/share/zoneinfo/Europe/Berlin`
   *  is often the only record of the node's zone. Called for every symlink / hard link skipped. */
  onLink?: (path: string, target: string, kind: 'symlink' | 'hardlink') => void;
  /** Use the xz / zstd / bzip2 / gzip CLIs through pipes when installed (default true): they run in
   *  their own process, so decompression overlaps with parsing on a second core. */
  preferCli?: boolean;
  /** A zip nested inside a tar needs random access: it is buffered in memory up to this many bytes
   *  (default 96 MiB: the RSS budget is 300 MiB), else skipped with a warning. */
  maxZipBufferBytes?: number;
}
