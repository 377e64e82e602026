// What a scenario is: data (nodes, crash instant, layout, the key's words) plus a story function
// that writes the chain of events into the world. The driver (generate.ts) adds boots, noise and
// distractors around the story, renders the layout and derives the answer key from what the story cited.
import type { Category, EventType } from '../../parsers/types.ts';
import type { DistractorOptions } from './noise.ts';
import type { NodeSpec, World } from './world.ts';

export type Layout = 'sosreport' | 'var-log' | 'sos-collect' | 'must-gather';

export interface StoryContext {
  /** The crash instant (UTC µs): the last line the crashed boot wrote. */
  crashT: number;
  /** crashT minus that many seconds. */
  before(seconds: number): number;
  host: string; // the crash node
}

export interface Scenario {
  id: string;
  title: string;
  /** What the trainee is told: the symptom, never the cause. */
  description: string;
  category: Exclude<Category, 'boot'>;
  type: EventType;
  layout: Layout;
  seed: number;
  nodes: NodeSpec[];
  crashNode: string;
  /** ISO UTC, to the second: when the crashed boot wrote its last line. */
  crashAt: string;
  outcome: 'panic' | 'hard_reset';
  kdump?: boolean;
  /** Hours of the crashed boot before the crash (27 by default: room for the day-old distractor). */
  historyHours?: number;
  rebootSeconds?: number; // from the crash to the next boot's first line (POST, firmware)
  uptimeMinutes?: number; // of the new boot when the bundle was captured
  /** The crash node's journal and syslog stop this many seconds before the crash. */
  truncateLogsSecondsBefore?: number;
  /** Noise on the crash node stops this many seconds before the crash (a hung node is quiet). */
  quietSeconds?: number;
  distractors?: DistractorOptions;
  story(w: World, ctx: StoryContext): void;
  /** must-gather: the namespace events file. */
  events?(w: World, ctx: StoryContext): string;
  explanation: string;
}

export interface KeyEvidence {
  type: EventType;
  node: string;
  time: string; // ISO UTC with milliseconds
  message: string; // substring of the line
  note?: string;
}

/** The answer key (samples/keys/<id>.json): kept apart from the bundle. */
export interface AnswerKey {
  id: string;
  title: string;
  layout: Layout;
  bundle: string; // file name in samples/bundles/
  cause: { category: Exclude<Category, 'boot'>; type: EventType };
  crash: { node: string; time: string; outcome: 'panic' | 'hard_reset' };
  evidence: KeyEvidence[];
  explanation: string;
}
