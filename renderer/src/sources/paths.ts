// Paths inside a bundle, shown without the top folder they all share (a sosreport's directory).
/** The folder every path starts with, to show paths without it. */
export function commonDir(paths: string[]): string {
  if (paths.length < 2) return '';
  let prefix = paths[0]!;
  for (const p of paths) while (!p.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}
