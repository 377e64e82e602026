// The samples as the rest of Crashlens sees them: the catalog (for CaseApi.samples()), each
// sample's committed bundle path and its answer key (kept apart from the bundle, in samples/keys/).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SampleInfo } from '../core/api/types.ts';
import { bundleFileName } from './generator/generate.ts';
import type { AnswerKey } from './generator/scenario.ts';
import { SCENARIOS, findScenario } from './scenarios/index.ts';

export type { AnswerKey, KeyEvidence } from './generator/scenario.ts';

export const SAMPLES_DIR = dirname(fileURLToPath(import.meta.url));
export const BUNDLES_DIR = join(SAMPLES_DIR, 'bundles');
export const KEYS_DIR = join(SAMPLES_DIR, 'keys');

/** Absolute path of a sample's committed bundle (null for an unknown id). */
export function samplePath(id: string): string | null {
  const s = findScenario(id);
  return s ? join(BUNDLES_DIR, bundleFileName(s)) : null;
}

/** Every shipped sample: id, title, the category of its cause, layout, bundle path, and the
 *  symptom as an on-call engineer would be told it (never the cause). */
export function sampleCatalog(): SampleInfo[] {
  return SCENARIOS.map((s) => ({
    id: s.id,
    title: s.title,
    category: s.category,
    layout: s.layout,
    path: join(BUNDLES_DIR, bundleFileName(s)),
    description: s.description,
  }));
}

/** The answer key of a sample, read from samples/keys/<id>.json; null when there is none. */
export function sampleKey(id: string): AnswerKey | null {
  if (!/^[a-z0-9-]+$/.test(id)) return null;
  const p = join(KEYS_DIR, `${id}.json`);
  if (!existsSync(p)) return null;
  return JSON.parse(readFileSync(p, 'utf8')) as AnswerKey;
}
