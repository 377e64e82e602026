// innerJson reads flat JSON lines without JSON.parse and leaves their fields unparsed; what a
// reader gets (recordFields) must be what JSON.parse gives.
import { describe, expect, it } from 'vitest';
import { innerJson, parsedJson, recordFields } from './inner.ts';

/** innerJson through JSON.parse, fields and all: the reference. */
function byJsonParse(msg: string) {
  if (!msg.startsWith('{') || !msg.endsWith('}')) return null;
  const r = parsedJson(msg);
  return r && { severity: r.severity, message: r.message, fields: r.fields!, ts: r.ts };
}

/** innerJson's answer with its fields read as a reader reads them. */
function read(line: string, readTs = true) {
  const got = innerJson(line, readTs);
  if (!got) return null;
  const fields = recordFields({ fields: got.fields, fieldsJson: got.fieldsJson });
  return { severity: got.severity, message: got.message, fields, ts: got.ts };
}

const same = (line: string, flat: boolean) => {
  const got = read(line);
  const want = byJsonParse(line);
  expect(got, line).toEqual(want);
  // Key order too: fields are shown and exported in it.
  if (got) expect(Object.keys(got.fields!), line).toEqual(Object.keys(want!.fields));
  // Whether the fields were left unparsed: the fast path is taken where it should be.
  if (want) expect(innerJson(line)?.fieldsJson !== undefined, `${line}: read without JSON.parse`).toBe(flat);
  return got;
};

describe('innerJson', () => {
  it('reads etcd, zap and logrus lines as JSON.parse does, leaving the fields unparsed', () => {
    const etcd = same('{"level":"info","ts":"2026-11-24T10:04:02.229794Z","caller":"mvcc/kvstore_compaction.go:57","msg":"finished scheduled compaction","compact-revision":6450665,"took":"23.592ms"}', true);
    expect(etcd).toMatchObject({ message: 'finished scheduled compaction', severity: 6, fields: { took: '23.592ms', 'compact-revision': '6450665' } });
    // A detail key (error, err, reason): the rules read the fields, which are parsed at once.
    same('{"level":"error","ts":1732442642.1234567,"caller":"x.go:1","msg":"m","error":"etcdserver: mvcc: database space exceeded"}', false);
    same('{"level":"warn","msg":"m","err":"dial tcp: connection refused"}', false);
    same('{"level":"warn","msg":"m","reason":"Evicted"}', false);
    same('{"level":"warn","msg":"m","errors":"2","reasons":"x"}', true);
    same('{"time":"2026-11-24T10:04:02+01:00","level":"info","msg":"cri plugin","pid":42}', true);
    same('{"severity":"WARNING","message":"disk pressure","MESSAGE":"x"}', true);
    same('{"lvl":"eror","timestamp":"2026-11-24T10:04:02Z","MESSAGE":"upper"}', true);
  });

  it('types values as JSON.parse does: numbers written canonically, literals, too-large numbers', () => {
    for (const v of ['1.50', '-0', '0.1', '1e21', '1E+2', '2.5e-3', '1e400', '-12', '123456789012345678', 'true', 'false', 'null']) {
      same(`{"msg":"m","v":${v},"level":"info"}`, true);
    }
    same('{"msg":"m","level":5}', true); // a level that is not a word: no severity
    same('{"msg":"m","ts":1700000000}', true);
    same('{"msg":"m","ts":null,"time":"2026-11-24T10:04:02Z"}', true); // null gives way, as with ??
    same('{"message":"from message","msg":null}', true);
    same('{"msg":"first","msg":"second","1":"one","0":"zero"}', true); // the last of a key wins; index keys first
    same('{"msg":"m","__proto__":"x"}', true);
  });

  it('leaves anything else to JSON.parse: escapes, nesting, spaces', () => {
    same('{"msg":"a \\"quoted\\" word","level":"info"}', false);
    same('{"msg":"tab\\there","k":"\\u00e9"}', false);
    same('{"level":"info","msg":"m","fields":{"a":1,"b":[1,2]}}', false);
    same('{"level":"info","msg":"m","list":[1,2,3]}', false);
    same('{ "msg": "spaced", "level": "info" }', false);
    same('{"msg":"m","v":1 }', false);
  });

  it('refuses what is not a JSON record, as JSON.parse does', () => {
    for (const bad of ['{"msg":5}', '{}', '{"msg":"m","v":tru}', '{"msg":"m","v":01}', '{"msg":"m","v":1.}', '{"msg":"m","v":.5}', '{"msg":"m","v":+1}',
      '{"msg":"m",}', '{"msg":"m"}}', '{"msg":"m" "x":1}', '{"msg":"unclosed}', '{"msg":"m","v":-}', '{"msg":"m"\\}', '{"msg":"m","v":1e}']) {
      expect(read(bad), bad).toEqual(byJsonParse(bad));
    }
  });

  it('puts a record\'s own fields after the JSON\'s, once, and keeps them if the JSON cannot be parsed', () => {
    const rec = { fields: { stream: 'stderr' } as Record<string, string> | undefined, fieldsJson: '{"msg":"m","stream":"json","a":"1"}' as string | undefined };
    expect(recordFields(rec)).toEqual({ stream: 'stderr', a: '1' });
    expect(Object.keys(rec.fields!)).toEqual(['stream', 'a']); // the JSON's place, the record's value
    expect(rec.fieldsJson).toBeUndefined();
    // A raw tab inside a string: read as flat JSON, refused by JSON.parse when the fields are read.
    const tab = innerJson('{"msg":"a\tb","k":"v"}')!;
    expect(tab.message).toBe('a\tb');
    expect(recordFields({ fields: { stream: 'stdout' }, fieldsJson: tab.fieldsJson })).toEqual({ stream: 'stdout' });
  });

  it('does not read the inner stamp when told not to', () => {
    expect(innerJson('{"msg":"m","ts":"2026-11-24T10:04:02Z"}', false)?.ts).toBeNull();
  });
});
