// Version strings as nodes print them ("3.10.0-1160.el7.x86_64", "v1.20.4", "containerd://1.4.4",
// "containerd github.com/containerd/containerd 1.4.4 05f951a"), reduced to numbers to compare.

/** The first dotted number in the text, as numbers: "containerd://1.4.4" → [1, 4, 4]. */
export function versionNumbers(text: string | null | undefined): number[] | null {
  if (!text) return null;
  const m = /(\d+(?:\.\d+)+)/.exec(text);
  return m ? m[1]!.split('.').map(Number) : null;
}

/** Compare two dotted versions numerically; missing parts count as 0. */
export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

/** Is `text`'s version in [from, below)? Either bound may be omitted. */
export function versionInRange(text: string | null | undefined, from?: string, below?: string): boolean {
  const v = versionNumbers(text);
  if (!v) return false;
  if (from && compareVersions(v, versionNumbers(from)!) < 0) return false;
  if (below && compareVersions(v, versionNumbers(below)!) >= 0) return false;
  return true;
}
