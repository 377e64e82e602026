// The generator's building blocks: stamps in the node's zone (DST included), the tar writer's
// long names and links as the system tar reads them, the seeded PRNG, capnslog for old etcd.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dateOutput, journalStamp, klogPrefix, monoStamp, rfc3339Local, syslogStamp, zapStamp, zoneAbbrev } from './clock.ts';
import { Rng } from './prng.ts';
import { withParentDirs, writeTar } from './tar.ts';
import { readTar } from './untar.ts';
import { World } from './world.ts';
import { rhel8Worker } from '../scenarios/common.ts';

const us = (iso: string) => Date.parse(iso) * 1000;

describe('stamps', () => {
  it('prints local wall time the way each program does, across a DST change', () => {
    // New York moved to EDT at 07:00Z on 2025-03-09: half an hour before it is 01:30 EST, half an hour after 03:30 EDT
    expect(syslogStamp(us('2025-03-09T07:30:00Z'), 'America/New_York')).toBe('Mar  9 03:30:00');
    expect(syslogStamp(us('2025-03-09T06:30:00Z'), 'America/New_York')).toBe('Mar  9 01:30:00');
    expect(journalStamp(us('2025-03-09T06:30:00Z'), 'America/New_York')).toBe('Mar 09 01:30:00');
    expect(zoneAbbrev(us('2025-03-09T06:30:00Z'), 'America/New_York')).toBe('EST');
    expect(zoneAbbrev(us('2025-03-09T07:30:00Z'), 'America/New_York')).toBe('EDT');
    expect(dateOutput(us('2025-07-30T11:48:40Z'), 'Europe/Berlin')).toBe('Wed Jul 30 13:48:40 CEST 2025');
  });

  it('formats klog, RFC 3339 with offset, zap, dmesg', () => {
    const t = us('2025-03-14T02:41:09.123Z') + 456;
    expect(klogPrefix('E', t, 'Europe/Berlin', 2270)).toBe('E0314 03:41:09.123456    2270');
    expect(rfc3339Local(t, 'Asia/Tokyo', 789)).toBe('2025-03-14T11:41:09.123456789+09:00');
    expect(rfc3339Local(t, 'UTC', 0)).toBe('2025-03-14T02:41:09.123456000Z');
    expect(zapStamp(t)).toBe('2025-03-14T02:41:09.123Z');
    expect(monoStamp(t, t - 1234_567890)).toBe('[ 1234.567890]');
  });
});

describe('tar writer', () => {
  it('keeps long paths and long link targets (PAX) as GNU tar reads them', () => {
    const long = `must-gather.local.1/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-${'a'.repeat(64)}/namespaces/openshift-etcd/pods/etcd-master-1/etcd/etcd/logs/current.log`;
    const target = `/var/log/pods/${'b'.repeat(120)}/etcd/0.log`;
    const tar = writeTar(withParentDirs([
      { path: long, kind: 'file', data: 'x\n' },
      { path: 'r/var/log/containers/etcd.log', kind: 'symlink', target },
    ]), Date.UTC(2025, 2, 14) );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-tar-'));
    try {
      const file = path.join(dir, 't.tar');
      fs.writeFileSync(file, tar);
      const listing = execFileSync('tar', ['tvf', file], { encoding: 'utf8' });
      expect(listing).toContain(long);
      expect(listing).toContain(`etcd.log -> ${target}`);
      expect(listing).toContain('root/root');
      const back = readTar(tar);
      expect(back.find((m) => m.type === '0')!.path).toBe(long);
      expect(back.find((m) => m.type === '2')!.link).toBe(target);
    } finally { fs.rmSync(dir, { recursive: true, force: true }); }
  });
});

describe('world', () => {
  it('draws the same numbers from the same seed', () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const xs = Array.from({ length: 5 }, () => a.int(0, 1e9));
    expect(Array.from({ length: 5 }, () => b.int(0, 1e9))).toEqual(xs);
    expect(new Rng(43).int(0, 1e9)).not.toBe(xs[0]);
  });

  it('writes etcd 3.3 in capnslog and 3.5 in zap JSON, and drops lines outside every boot', () => {
    const w = new World(1);
    w.addNode(rhel8Worker('old', { etcd: '3.3.15', zone: 'UTC' }));
    w.addNode(rhel8Worker('new', { etcd: '3.5.12', zone: 'UTC' }));
    for (const h of ['old', 'new']) w.addBoot(h, us('2025-01-01T00:00:00Z'), us('2025-01-02T00:00:00Z'), false);
    const t = us('2025-01-01T12:00:00Z');
    const f = { took: '1.2s', 'expected-duration': '100ms', prefix: 'read-only range ', request: 'key:"/registry/events/"', response: 'size:9' };
    expect(w.etcd('old', t, 'warn', 'etcdserver/util.go:170', 'apply request took too long', f)!.msg)
      .toBe('2025-01-01 12:00:00.000000 W | etcdserver: read-only range request "key:\\"/registry/events/\\"" with result "size:9" took too long (1.2s) to execute');
    expect(JSON.parse(w.etcd('new', t, 'warn', 'etcdserver/util.go:170', 'apply request took too long', f)!.msg)).toMatchObject({ level: 'warn', msg: 'apply request took too long', took: '1.2s' });
    expect(w.kernel('old', us('2025-01-03T00:00:00Z'), 'after the end')).toEqual([]);
  });
});
