// What a detection rule is: one row of data, node-problem-detector style. A rule names the event
// type it reports, the key line that proves it (a regex whose named groups become fields), the
// literal keys that let the detector skip a record cheaply, and the real lines it must and must
// not match (parsers/rules/rules.test.ts runs every sample of every rule).
import type { Category, EventSeverity, EventType, FormatId } from '../types.ts';

/** How a named group becomes a field: 'number' parses digits, 'true' records that the group matched. */
export type FieldCast = 'number' | 'string' | 'true';

/**
 * One happening often spans several lines (hotsos' start / body / end): systemd says
 * `Main process exited` then `Failed with result`; the kernel says `Machine check events logged`
 * then the bank details. Rules of one group share a happening:
 * - `key`: the line the corpus points at; each key line is one event.
 * - `lead`: comes before the key (`invoked oom-killer`, `Task in … killed as a result of limit`);
 *   its fields go to the key that follows, and it stands as the event only when no key follows.
 * - `tail`: comes after the key (MCE bank lines, SCSI sense lines); its fields go to the key,
 *   and it stands alone only when there was no key before it.
 */
export interface RuleGroup {
  name: string;
  role: 'key' | 'lead' | 'tail';
  /** Field that tells happenings of the group apart (`unit`, `device`); absent = one at a time. */
  by?: string;
  /** How many lines after its last line a happening stays open for leads / tails. */
  span: number;
  /** And how many seconds, when both records carry a time (default 10): a machine check 45 s
   *  after the last one is a new happening even two lines later. */
  maxGapSeconds?: number;
  /** false: a lead or tail that never meets its key is no event at all (a user session's
   *  `Reached target Shutdown.` is not the host shutting down). Default true. */
  standalone?: boolean;
}

export interface RuleSample {
  line: string;
  fields?: Record<string, string | number>;
  /** When the sample is a lead or tail whose type depends on its record (e.g. memcg vs global). */
  type?: EventType;
}

export interface Rule {
  id: string;
  type: EventType;
  category: Category;
  severity: EventSeverity;
  /** Literal substrings (case as written) of which every line the pattern matches holds one:
   *  the detector's prefilter. Put both spellings where versions differ in case. */
  keys: string[];
  /** Key-line pattern, applied to every line of the record's message; named groups become fields. */
  pattern: RegExp;
  fields?: Record<string, FieldCast>;
  /** Constant fields (`phase`, `action`, `kind`). */
  set?: Record<string, string | number>;
  /** Fields copied from the record's structured fields or from a JSON message (`took` ← `took`). */
  from?: Record<string, string>;
  /** More fields found anywhere in the record or in the next few records (`CPU: 0 PID: 35943 Comm: webservice`). */
  context?: RegExp[];
  /** The same key line means another type when the record says so (a memcg OOM vs a global one). */
  retype?: { when: RegExp; type: EventType }[];
  group?: RuleGroup;
  /** Take the type of the group's previous event (a bare `Killed process` after a memcg `Kill process`). */
  inheritType?: boolean;
  /** Final check / derivation on the fields; return false to drop the match (e.g. harmless sudo commands). */
  accept?: (fields: Record<string, string | number>) => boolean;
  /** Record's ident must match (records without an ident always qualify, unless identRequired). */
  idents?: RegExp;
  /** The pattern alone is too plain (`Shutting down.`): only records whose ident matches count. */
  identRequired?: boolean;
  formats?: FormatId[];
  /** Add the record's ident and pid as `process` / `pid` (a daemon reporting on itself). */
  identFields?: boolean;
  /** Field that takes the record's host when the line does not name one (kubelet speaks of its own node). */
  hostField?: string;
  /** One line for tables and the report; `{field}` placeholders are filled from the fields. */
  message: string;
  /** The versions / shapes the pattern covers, for the reader who meets a new one. */
  versions: string;
  samples: { match: RuleSample[]; noMatch: string[] };
}
