// Member names come from the archive's author, who may be hostile: absolute paths, `..`, NUL
// bytes, names of megabytes. Nothing is ever written to disk, but the name is still shown in the
// UI and used as a key, so it is normalised here once, and refused when it cannot be made sane.

/** Longer names are refused: PATH_MAX on Linux; nothing real in a sosreport comes close. */
export const MAX_NAME_BYTES = 4096;

export interface SafeName {
  /** The normalised name, or null when the member must be skipped. */
  name: string | null;
  /** Why the name was changed or refused (for an 'unsafe-path' warning). */
  problem: string | null;
}

export function safeMemberName(raw: string): SafeName {
  if (raw.includes('\0')) return { name: null, problem: 'name contains a NUL byte' };
  if (Buffer.byteLength(raw) > MAX_NAME_BYTES) return { name: null, problem: `name longer than ${MAX_NAME_BYTES} bytes` };
  const problems: string[] = [];
  if (raw.startsWith('/')) problems.push('absolute path made relative');
  const out: string[] = [];
  for (const part of raw.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length === 0) { problems.push("'..' above the archive root dropped"); continue; }
      out.pop();
      problems.push("'..' resolved");
      continue;
    }
    out.push(part);
  }
  // Control characters would let a name rewrite a terminal line in `crashlens sources`.
  let name = out.join('/');
  if (/[\x01-\x1f\x7f]/.test(name)) {
    name = name.replace(/[\x01-\x1f\x7f]/g, '?');
    problems.push('control characters replaced');
  }
  if (name === '') return { name: null, problem: 'name is empty after normalisation' };
  return { name, problem: problems.length ? problems.join('; ') : null };
}

/** Joins a container's path and a member name: "outer.tar.xz!/var/log/messages". */
export function memberPath(prefix: string, name: string): string {
  return prefix ? `${prefix}!/${name}` : name;
}
