// The parser workers leave JSON fields unparsed (lazyFields) and the rules parse the few they
// read; every other path parses them all. Both must find the same events: the corpus (when
// ../shared is here) and JSON lines of our own are run through both.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSourceParse } from './parse-source.ts';
import { createSourceParser } from '../../parsers/source.ts';
import { createDetector } from '../../parsers/rules/detector.ts';
import type { DetectedEvent, FormatId, TimeContext } from '../../parsers/types.ts';
import { corpusPresent, defaultCorpusDir } from '../eval/corpus.ts';

const TIME: TimeContext = { year: 2026, refTs: Date.UTC(2026, 10, 28) * 1000, zone: null, bootTs: null };

const summary = (evs: DetectedEvent[]) => evs.map((e) => `${e.line} ${e.ruleId} ${e.type} ${e.message} ${JSON.stringify(e.fields)}`).sort();

/** Events as the workers find them: fields left unparsed. */
function lazily(path: string, bytes: Buffer): DetectedEvent[] {
  const events: DetectedEvent[] = [];
  const p = openSourceParse({ sid: 1, path, role: 'log', node: null, time: TIME, format: null, pairing: null }, {
    record() {}, events(evs) { events.push(...evs); }, warn() {},
  });
  p.write(bytes);
  p.end();
  return events;
}

/** Events with every record's fields parsed (createSourceParser's default, as scan and read use it). */
function eagerly(path: string, bytes: Buffer): DetectedEvent[] {
  const events: DetectedEvent[] = [];
  let format: FormatId = 'plain';
  let det: ReturnType<typeof createDetector> | null = null;
  const p = createSourceParser({ path, time: TIME }, {
    record(rec) {
      expect(rec.fieldsJson, 'fields parsed').toBeUndefined();
      det ??= createDetector({ path, format });
      events.push(...det.onRecord(rec));
    },
    warn() {},
    detected(f) { format = f; },
  });
  p.write(bytes);
  p.end();
  if (det) events.push(...(det as ReturnType<typeof createDetector>).end());
  return events;
}

describe('fields left unparsed by the workers', () => {
  it('find the events of JSON lines whose rules read their fields (error, took)', () => {
    const lines = [
      '2026-11-27T10:00:00.000001Z stderr F {"level":"warn","ts":"2026-11-27T10:00:00.000001Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"2.5s","expected-duration":"100ms","prefix":"read-only range ","request":"key:/registry/pods","response":"range_response_count:1 size:2841"}',
      '2026-11-27T10:00:01.000001Z stderr F {"level":"error","ts":"2026-11-27T10:00:01.000001Z","caller":"etcdserver/server.go:1","msg":"failed to apply","error":"etcdserver: mvcc: database space exceeded"}',
      '2026-11-27T10:00:02.000001Z stderr F {"level":"warn","ts":"2026-11-27T10:00:02.000001Z","caller":"rafthttp/probing_status.go:82","msg":"prober detected unhealthy status","round-tripper-name":"ROUND_TRIPPER_RAFT_MESSAGE","remote-peer-id":"a1b2","rtt":"0s","error":"dial tcp 10.0.0.2:2380: connect: connection refused"}',
      '2026-11-27T10:00:03.000001Z stdout F {"level":"info","ts":"2026-11-27T10:00:03.000001Z","caller":"mvcc/index.go:214","msg":"compact tree index","revision":3196544}',
    ].join('\n') + '\n';
    const path = 'var/log/pods/kube-system_etcd-n1_x/etcd/0.log';
    const lazy = lazily(path, Buffer.from(lines));
    expect(lazy.map((e) => e.type)).toEqual(['etcd_slow_apply', 'etcd_db_space', 'etcd_peer_lost']);
    expect(summary(lazy)).toEqual(summary(eagerly(path, Buffer.from(lines))));
  });

  it.skipIf(!corpusPresent())('find the same events as parsed fields on every corpus file', () => {
    const dir = defaultCorpusDir();
    const files = readdirSync(dir).filter((f) => f.endsWith('.log') || (f.endsWith('.json') && f !== 'expected.json'));
    expect(files.length).toBeGreaterThan(20);
    let events = 0;
    for (const f of files) {
      const bytes = readFileSync(join(dir, f));
      const lazy = lazily(f, bytes);
      events += lazy.length;
      expect(summary(lazy), f).toEqual(summary(eagerly(f, bytes)));
    }
    expect(events).toBeGreaterThan(50);
  });
});
