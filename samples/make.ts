// Writing samples: the committed small bundles with their keys (`samples make --all`), or one
// scenario at a chosen size (`samples make <id> --mb N`, N ≈ MiB of log text before compression).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLES_DIR, KEYS_DIR } from './catalog.ts';
import { answerKey, buildWorld, bundleFileName, generate, render } from './generator/generate.ts';
import type { AnswerKey, Scenario } from './generator/scenario.ts';
import { writeTar, withParentDirs } from './generator/tar.ts';
import { sosreportMembers } from './generator/layouts.ts';
import { SCENARIOS } from './scenarios/index.ts';

export interface Made {
  id: string;
  bundlePath: string;
  keyPath: string | null;
  bytes: number;
  textBytes?: number;
}

export function keyJson(key: AnswerKey): string {
  return JSON.stringify(key, null, 2) + '\n';
}

/** Regenerate every committed sample and its key. */
export function makeAll(bundlesDir = BUNDLES_DIR, keysDir = KEYS_DIR, only?: (s: Scenario) => boolean): Made[] {
  mkdirSync(bundlesDir, { recursive: true });
  mkdirSync(keysDir, { recursive: true });
  const out: Made[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only(x))) {
    const g = generate(s);
    const bundlePath = join(bundlesDir, bundleFileName(s));
    const keyPath = join(keysDir, `${s.id}.json`);
    writeFileSync(bundlePath, g.bundle);
    writeFileSync(keyPath, keyJson(g.key));
    out.push({ id: s.id, bundlePath, keyPath, bytes: g.bundle.length });
  }
  return out;
}

/** Text volume of a world (the crash node's sosreport members, uncompressed): what --mb measures. */
function textBytes(s: Scenario, density: number): number {
  const w = buildWorld(s, density);
  return writeTar(withParentDirs(sosreportMembers(w, s.crashNode)), 0).length;
}

/** One scenario at about `mb` MiB of log text: noise density is scaled, the story stays the same. */
export function makeSized(s: Scenario, mb: number, outPath: string, keyPath?: string): Made {
  const target = mb * 1024 * 1024;
  const base = textBytes(s, 1);
  // Only the high-volume streams scale; one correction step lands within a few per cent.
  let density = Math.max(0.05, target / base);
  const first = textBytes(s, density);
  density = Math.max(0.05, density * (1 + (target - first) / Math.max(first - base * 0.3, 1)));
  const w = buildWorld(s, density);
  const bundle = render(s, w);
  writeFileSync(outPath, bundle);
  if (keyPath) writeFileSync(keyPath, keyJson(answerKey(s, w)));
  return { id: s.id, bundlePath: outPath, keyPath: keyPath ?? null, bytes: bundle.length };
}
