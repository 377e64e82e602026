// The driver: scenario in, bundle bytes and answer key out. Deterministic for a scenario and a
// density: every random choice comes from the scenario's seed.
import { isoUtcSeconds, parseIso } from './clock.ts';
import { bootSequence } from './boot.ts';
import { mustGatherTarGz, sosCollectTarXz, sosreportTarXz, varLogTarGz } from './layouts.ts';
import { distractors, noise } from './noise.ts';
import type { AnswerKey, Scenario, StoryContext } from './scenario.ts';
import { World } from './world.ts';

const S = 1e6;

export const LAYOUT_EXT: Record<Scenario['layout'], string> = {
  sosreport: 'tar.xz', 'var-log': 'tar.gz', 'sos-collect': 'tar.xz', 'must-gather': 'tar.gz',
};

export function bundleFileName(s: Scenario): string {
  return `${s.id}.${LAYOUT_EXT[s.layout]}`;
}

export interface Generated {
  world: World;
  bundle: Buffer;
  key: AnswerKey;
}

/** Build the world of a scenario: boots, story, distractors, noise. */
export function buildWorld(s: Scenario, density = 1): World {
  const w = new World(s.seed);
  for (const spec of s.nodes) w.addNode(spec);
  const crashT = parseIso(s.crashAt) + 412_345; // the last line falls inside the named second
  const history = (s.historyHours ?? 27) * 3600 * S;
  const rebootAt = crashT + (s.rebootSeconds ?? 163) * S;
  const captureT = rebootAt + (s.uptimeMinutes ?? 26) * 60 * S + 17 * S;
  w.captureT = captureT;
  for (const spec of s.nodes) {
    if (spec.host === s.crashNode) {
      w.addBoot(spec.host, crashT - history, crashT, true);
      w.addBoot(spec.host, rebootAt, captureT, false);
    } else {
      w.addBoot(spec.host, crashT - history - w.rng.int(1, 5) * 3600 * S, captureT, false);
    }
  }
  const crashNode = w.node(s.crashNode);
  crashNode.kdump = !!s.kdump;
  if (s.truncateLogsSecondsBefore) crashNode.truncateLogsAt = crashT - s.truncateLogsSecondsBefore * S;
  for (const n of w.nodes.values()) for (const b of n.boots) bootSequence(w, n.spec.host, b);
  const ctx: StoryContext = { crashT, before: (sec) => Math.round(crashT - sec * S), host: s.crashNode };
  s.story(w, ctx);
  for (const n of w.nodes.values()) {
    distractors(w, n.spec.host, n.boots[0]!, crashT, s.distractors);
    for (const b of n.boots) {
      const end = b.crashed ? crashT - (s.quietSeconds ?? 2) * S : b.end;
      noise(w, n.spec.host, { ...b, end }, density);
    }
  }
  const lastOfCrashed = Math.max(...w.entries.filter((e) => e.node === s.crashNode && e.t <= crashT).map((e) => e.t));
  if (Math.abs(lastOfCrashed - crashT) > S) {
    throw new Error(`${s.id}: the story's last line (${new Date(lastOfCrashed / 1000).toISOString()}) is not at crashAt ${s.crashAt}`);
  }
  return w;
}

export function render(s: Scenario, w: World): Buffer {
  const ctx: StoryContext = { crashT: parseIso(s.crashAt), before: (sec) => parseIso(s.crashAt) - sec * S, host: s.crashNode };
  switch (s.layout) {
    case 'sosreport': return sosreportTarXz(w, s.crashNode);
    case 'var-log': return varLogTarGz(w, s.crashNode);
    case 'sos-collect': return sosCollectTarXz(w, s.id);
    case 'must-gather': return mustGatherTarGz(w, s.events ? s.events(w, ctx) : 'apiVersion: v1\nitems: []\nkind: EventList\n');
  }
}

export function answerKey(s: Scenario, w: World): AnswerKey {
  return {
    id: s.id,
    title: s.title,
    layout: s.layout,
    bundle: bundleFileName(s),
    cause: { category: s.category, type: s.type },
    crash: { node: s.crashNode, time: isoUtcSeconds(parseIso(s.crashAt)), outcome: s.outcome },
    evidence: [...w.evidence].sort((a, b) => a.ts - b.ts).map((e) => ({ type: e.type, node: e.node, time: new Date(e.ts / 1000).toISOString(), message: e.substring, ...(e.note ? { note: e.note } : {}) })),
    explanation: s.explanation,
  };
}

export function generate(s: Scenario, density = 1): Generated {
  const world = buildWorld(s, density);
  return { world, bundle: render(s, world), key: answerKey(s, world) };
}
