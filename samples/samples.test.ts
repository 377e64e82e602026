// The samples as shipped: every committed bundle regenerates byte for byte, fits in 2 MiB, has a
// well-formed key whose evidence lines are really in the bundle, and shows its crash as a boot
// boundary (a new "Linux version" banner or a journal boot separator after the crashed boot).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../parsers/types.ts';
import { BUNDLES_DIR, KEYS_DIR, sampleCatalog, sampleKey } from './catalog.ts';
import { buildWorld, bundleFileName, generate } from './generator/generate.ts';
import { sosreportMembers } from './generator/layouts.ts';
import { withParentDirs, writeTar } from './generator/tar.ts';
import { decompress, readTar } from './generator/untar.ts';
import { keyJson } from './make.ts';
import { SCENARIOS, findScenario } from './scenarios/index.ts';

const ALL_TYPES = new Set<string>(Object.values(EVENT_TYPES).flat());
const CATEGORIES = ['memory', 'kernel', 'hardware', 'kubernetes', 'network', 'operations'];

describe('sample catalog', () => {
  it('lists every scenario once, with a committed bundle of at most 2 MiB', () => {
    const cat = sampleCatalog();
    expect(cat.map((s) => s.id).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
    expect(new Set(cat.map((s) => s.id)).size).toBe(cat.length);
    for (const s of cat) {
      expect(existsSync(s.path), `${s.path} is missing: run crashlens samples make --all`).toBe(true);
      expect(statSync(s.path).size, `${s.id} is too big`).toBeLessThanOrEqual(2 * 1024 * 1024);
      expect(s.description.length).toBeGreaterThan(40);
    }
  });

  it('covers every cause category and every layout', () => {
    const cat = sampleCatalog();
    expect(new Set(cat.map((s) => s.category))).toEqual(new Set(CATEGORIES));
    expect(new Set(cat.map((s) => s.layout))).toEqual(new Set(['sosreport', 'must-gather', 'var-log', 'sos-collect']));
  });

  it('refuses ids that are not sample names', () => {
    expect(sampleKey('../../package')).toBeNull();
    expect(sampleKey('no-such-sample')).toBeNull();
  });
});

describe.each(SCENARIOS.map((s) => [s.id]))('sample %s', (id) => {
  const s = findScenario(id)!;

  it('has a well-formed answer key that matches its scenario', () => {
    const key = sampleKey(id)!;
    expect(key, `samples/keys/${id}.json is missing`).not.toBeNull();
    expect(key.id).toBe(id);
    expect(key.bundle).toBe(bundleFileName(s));
    expect(CATEGORIES).toContain(key.cause.category);
    expect(ALL_TYPES.has(key.cause.type), key.cause.type).toBe(true);
    expect(key.crash.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(key.crash.time).toBe(s.crashAt);
    expect(s.nodes.map((n) => n.host)).toContain(key.crash.node);
    expect(key.evidence.length).toBeGreaterThanOrEqual(2);
    for (const e of key.evidence) {
      expect(ALL_TYPES.has(e.type), e.type).toBe(true);
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
      expect(s.nodes.map((n) => n.host)).toContain(e.node);
      expect(e.message.length).toBeGreaterThan(5);
      // evidence leads up to the crash (the other nodes of a cluster may show effects just after)
      expect(Date.parse(e.time)).toBeLessThanOrEqual(Date.parse(key.crash.time) + (e.node === key.crash.node ? 1000 : 120_000));
    }
    expect(key.explanation.length).toBeGreaterThan(200);
  });

  it('regenerates byte for byte from its seed (bundle and key)', () => {
    const g = generate(s);
    const committed = readFileSync(join(BUNDLES_DIR, bundleFileName(s)));
    expect(g.bundle.length).toBe(committed.length);
    expect(g.bundle.equals(committed)).toBe(true);
    expect(keyJson(g.key)).toBe(readFileSync(join(KEYS_DIR, `${id}.json`), 'utf8'));
  });

  it('carries every evidence line of its key, and a boot boundary after the crash', () => {
    const key = sampleKey(id)!;
    const members = readTar(decompress(readFileSync(join(BUNDLES_DIR, bundleFileName(s)))));
    const text = members.filter((m) => m.type === '0' && !m.path.endsWith('.tar.xz')).map((m) => m.data.toString('utf8')).join('\n');
    for (const e of key.evidence) expect(text.includes(e.message), `"${e.message}" not found in ${id}`).toBe(true);
    const banners = text.split('\n').filter((l) => l.includes('Linux version ')).length;
    const separators = text.split('\n').filter((l) => /^-- (Boot [0-9a-f]{32}|Reboot) --$/.test(l)).length;
    expect(banners >= 2 || separators >= 1, 'no second boot in the bundle').toBe(true);
  });
});

describe('generator determinism', () => {
  it('gives the same bytes for the same seed and different bytes for another seed', () => {
    const s = SCENARIOS[0]!;
    const tar = (seed: number) => writeTar(withParentDirs(sosreportMembers(buildWorld({ ...s, seed }), s.crashNode)), 0);
    const a = tar(s.seed);
    expect(tar(s.seed).equals(a)).toBe(true);
    expect(tar(s.seed + 1).equals(a)).toBe(false);
  });

  it('stops the crashed boot at the key\'s crash time and starts a new one after it', () => {
    const s = findScenario('global-oom-cascade')!;
    const w = buildWorld(s);
    const boots = w.node(s.crashNode).boots;
    expect(boots).toHaveLength(2);
    expect(boots[0]!.crashed).toBe(true);
    expect(Math.floor(boots[0]!.end / 1e6) * 1000).toBe(Date.parse(s.crashAt));
    expect(boots[1]!.start).toBeGreaterThan(boots[0]!.end);
    const last = Math.max(...w.entries.filter((e) => e.node === s.crashNode && e.t <= boots[0]!.end).map((e) => e.t));
    expect(Math.abs(last - boots[0]!.end)).toBeLessThan(1e6);
  });
});
