// Every sample of every rule: must-match lines give the rule's event with the listed fields,
// near-misses give nothing, and each must-match line passes the detector's keyword prefilter.
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, type Category, type EventType } from '../types.ts';
import { RULES } from './table/index.ts';
import { matchRule } from './detector.ts';

const categoryOf = new Map<EventType, Category>();
for (const [cat, types] of Object.entries(EVENT_TYPES)) for (const t of types) categoryOf.set(t, cat as Category);

describe('rules table', () => {
  it('has unique ids, categories that agree with the event vocabulary, and samples on every row', () => {
    const ids = new Set<string>();
    for (const r of RULES) {
      expect(ids.has(r.id), `duplicate rule id ${r.id}`).toBe(false);
      ids.add(r.id);
      expect(categoryOf.get(r.type), `${r.id}: category of ${r.type}`).toBe(r.category);
      expect(r.samples.match.length, `${r.id} has no must-match sample`).toBeGreaterThan(0);
      expect(r.samples.noMatch.length, `${r.id} has no near-miss sample`).toBeGreaterThan(0);
      expect(r.keys.length, `${r.id} has no prefilter keys`).toBeGreaterThan(0);
      expect(r.versions.length).toBeGreaterThan(3);
    }
  });

  it('covers every line-level event type (nic_flap comes from the window rules)', () => {
    const covered = new Set(RULES.map((r) => r.type));
    const all = Object.values(EVENT_TYPES).flat().filter((t) => t !== 'nic_flap');
    expect(all.filter((t) => !covered.has(t))).toEqual([]);
  });
});

describe.each(RULES.map((r) => [r.id, r] as const))('rule %s', (_id, rule) => {
  it.each(rule.samples.match.map((s) => [s.line, s] as const))('matches %s', (_line, sample) => {
    expect(rule.keys.some((k) => sample.line.includes(k)), 'no prefilter key in the sample line').toBe(true);
    const found = matchRule(rule, { message: sample.line });
    expect(found.length, 'no match').toBeGreaterThan(0);
    const first = found[0]!;
    if (sample.type) expect(first.type).toBe(sample.type);
    for (const [k, v] of Object.entries(sample.fields ?? {})) expect(first.fields[k], `field ${k}`).toBe(v);
  });
  it.each(rule.samples.noMatch.map((l) => [l] as const))('does not match %s', (line) => {
    expect(matchRule(rule, { message: line })).toEqual([]);
  });
});
