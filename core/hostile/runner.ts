// Imports hostile bundles one after the other, each into its own case in its own folder (the
// process's working directory is moved there, so a stray relative write would land inside and be
// seen). One JSON line per event on stdout: {start} before an import, {result} after. The test
// (hostile.test.ts) holds the hard timeout: it kills this process when a bundle takes too long.
import fs from 'node:fs';
import path from 'node:path';
import { LocalCaseApi } from '../api/local.ts';
import type { ArchiveLimits } from '../../parsers/archive/types.ts';

export interface RunnerJob {
  name: string;
  bundle: string;
  caseDir: string;
  limits?: Partial<ArchiveLimits>;
  good: string[];
}

export interface RunnerResult {
  name: string;
  seconds: number;
  statuses: string[];
  records: number;
  warnings: { file: string; code: string; message: string }[];
  /** Records found per good word (FTS). */
  found: Record<string, number>;
  /** Longest stored line, in bytes (a cut line keeps at most maxLineBytes plus its marker). */
  longest: number;
  error?: string;
}

const say = (o: object) => process.stdout.write(`${JSON.stringify(o)}\n`);

const jobs = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as RunnerJob[];
for (const job of jobs) {
  say({ start: job.name });
  const t0 = performance.now();
  const res: RunnerResult = { name: job.name, seconds: 0, statuses: [], records: 0, warnings: [], found: {}, longest: 0 };
  const api = new LocalCaseApi({ workers: 1 });
  try {
    fs.mkdirSync(job.caseDir, { recursive: true });
    process.chdir(job.caseDir);
    await api.createCase(path.join(job.caseDir, 'case.sqlite'));
    const { importId } = await api.importBundles([job.bundle], { limits: job.limits });
    const r = await api.waitForImport(importId);
    if (!r) throw new Error('import failed (no result)');
    res.statuses = r.bundles.map((b) => b.status);
    res.records = r.records;
    // Sources keep their own warnings (line-too-long, binary…); the bundle's are in r.warnings.
    const sourceWarnings = (await api.sources()).flatMap((s) => s.warnings.map((w) => ({ ...w, file: w.file || s.path })));
    res.warnings = [...r.warnings, ...sourceWarnings].map((w) => ({ file: w.file, code: w.code, message: w.message.slice(0, 400) }));
    for (const word of job.good) res.found[word] = (await api.records({ text: word, limit: 10 })).rows.length;
    res.longest = Number((await api.sql("SELECT coalesce(max(length(CAST(coalesce(raw, coalesce(prefix, '') || message) AS BLOB))), 0) FROM records")).rows[0]?.[0] ?? 0);
    // The timeline over the whole case: 1970 to 2099 must not become a billion buckets.
    const s = await api.summary();
    if (s?.firstTs != null && s.lastTs != null) await api.timeline({ from: s.firstTs, to: s.lastTs + 1, buckets: 2000, laneBy: 'node' });
  } catch (e) {
    res.error = (e as Error).stack ?? String(e);
  } finally {
    try { await api.closeCase(); } catch { /* reported by the error above */ }
  }
  res.seconds = (performance.now() - t0) / 1000;
  say({ result: res });
}
process.exit(0);
