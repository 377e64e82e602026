// Where case files live and what a path given to the app is: shared by `crashlens serve` and the
// Electron shell, so both open the same case for the same bundle.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';

export const CASE_EXT = '.crashlens';

/** Where cases made from bundles live: $CRASHLENS_HOME/cases, else ~/.crashlens/cases. */
export function defaultCaseDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.CRASHLENS_HOME || join(homedir(), '.crashlens'), 'cases');
}

/** A case is a SQLite file; anything else handed to the app is a bundle (archive, directory, log). */
export function isCaseFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(16);
      readSync(fd, head, 0, 16, 0);
      return head.toString('latin1') === 'SQLite format 3\0';
    } finally { closeSync(fd); }
  } catch { return false; }
}

/** `sosreport-node1-2024-03-01.tar.xz` → `<dir>/sosreport-node1-2024-03-01.crashlens`: one case per
 *  bundle, so opening the same bundle again reopens its case instead of indexing it twice. */
export function caseFileFor(bundle: string, caseDir: string): string {
  const name = basename(resolve(bundle)).replace(/(\.(tar|tgz|txz|tzst|gz|xz|zst|zip|bz2))+$/i, '') || 'bundle';
  return join(caseDir, `${name.replace(/[^A-Za-z0-9._-]/g, '_')}${CASE_EXT}`);
}

/** A fresh empty case, so that a bundle opened from the page has somewhere to go. */
export function untitledCase(caseDir: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-');
  return join(caseDir, `untitled-${stamp}${CASE_EXT}`);
}

type Opener = Pick<import('../api/types.ts').CaseApi, 'openCase' | 'createCase' | 'importBundles'>;
export interface Opened { casePath: string; summary: import('../api/types.ts').CaseSummary; importId: string | null; reopened: boolean }

/** What "open this path" means for a user, in browser mode and in the desktop app alike: a case file
 *  opens; a bundle gets its own case in `caseDir` (reopened when it exists) and is imported unless
 *  that case already holds it complete; nothing at all gives a fresh empty case. */
export async function openForUser(api: Opener, target: string | null, caseDir: string): Promise<Opened> {
  if (target && isCaseFile(target)) return { casePath: target, summary: await api.openCase(target), importId: null, reopened: true };
  if (!target) {
    const casePath = untitledCase(caseDir);
    return { casePath, summary: await api.createCase(casePath), importId: null, reopened: false };
  }
  const bundle = resolve(target);
  const casePath = caseFileFor(bundle, caseDir);
  const exists = isCaseFile(casePath);
  const summary = exists ? await api.openCase(casePath) : await api.createCase(casePath);
  if (summary.bundles.some((b) => resolve(b.path) === bundle && b.status === 'complete')) {
    return { casePath, summary, importId: null, reopened: true };
  }
  const { importId } = await api.importBundles([bundle]);
  return { casePath, summary, importId, reopened: exists };
}
