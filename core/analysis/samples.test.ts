// Every committed sample bundle (samples/bundles, answer keys in samples/keys) analysed as
// `crashlens analyze` does: the verdict must name the key's category for the key's crash, at the
// key's time within a second.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { bundleInput } from './from-bundle.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const keysDir = path.join(repoRoot, 'samples/keys');
const bundlesDir = path.join(repoRoot, 'samples/bundles');

interface Key { id: string; bundle: string; cause: { category: string; type: string }; crash: { node: string; time: string; outcome?: string } }
const keys: Key[] = fs.existsSync(keysDir)
  ? fs.readdirSync(keysDir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(fs.readFileSync(path.join(keysDir, f), 'utf8')) as Key)
    .filter((k) => fs.existsSync(path.join(bundlesDir, k.bundle)))
  : [];

describe('verdict on the committed samples', () => {
  if (keys.length === 0) it.skip('no committed samples (samples/keys + samples/bundles) yet', () => {});
  for (const key of keys) {
    it(`${key.id}: ${key.cause.category} at ${key.crash.time} on ${key.crash.node}`, async () => {
      const { verdict } = analyze(await bundleInput([path.join(bundlesDir, key.bundle)]));
      const want = Date.parse(key.crash.time) * 1000;
      const crash = verdict.crashes.find((c) => c.node === key.crash.node && c.time !== null && Math.abs(c.time - want) <= 1e6);
      expect(crash, `no crash of ${key.crash.node} within 1 s of ${key.crash.time}; found: ${verdict.crashes.map((c) => `${c.node} ${c.outcome} ${c.time === null ? null : new Date(c.time / 1000).toISOString()}`).join(', ')}`).toBeDefined();
      expect(crash!.causes[0]?.category, crash!.summary).toBe(key.cause.category);
    });
  }
});
