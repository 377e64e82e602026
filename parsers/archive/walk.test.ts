// walkBundle against archives built here with the real tools (tar, gzip, xz, zstd, bzip2, and
// python3's tarfile / zipfile for what tar will not make: devices, unsafe names, zip symlinks).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warning } from '../types.ts';
import { safeMemberName } from './paths.ts';
import type { WalkOptions } from './types.ts';
import { walkBundle } from './walk.ts';

let dir = '';
const MESSAGES = 'Nov 27 10:00:00 node-a kernel: Linux version 5.14.0-284.el9.x86_64\nNov 27 10:00:01 node-a systemd[1]: Started kubelet.service\n';
const KUBELET = 'I1127 10:00:02.123456    1450 kubelet.go:2155] "SyncLoop ADD" source="api"\n';
const DMESG = '[    0.000000] Linux version 5.14.0-284.el9.x86_64\n[    1.234567] EXT4-fs (sda1): mounted filesystem\n';

function sh(cmd: string, args: string[], cwd = dir): void {
  execFileSync(cmd, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}
function py(code: string): void {
  execFileSync('python3', ['-c', code], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

interface Seen { files: Record<string, string>; warnings: Warning[]; links: Record<string, string> }
async function walk(path: string, opts: WalkOptions = {}, skip: (p: string) => boolean = () => false): Promise<Seen> {
  const seen: Seen = { files: {}, warnings: [], links: {} };
  for await (const e of walkBundle(path, { ...opts, warn: (w) => seen.warnings.push(w), onLink: (p, t) => { seen.links[p] = t; } })) {
    if (skip(e.path)) continue; // not consuming a member must not derail the walk
    const parts: Buffer[] = [];
    for await (const c of e.stream) parts.push(Buffer.from(c));
    seen.files[e.path] = Buffer.concat(parts).toString('utf8');
  }
  return seen;
}
const codes = (s: Seen) => s.warnings.map((w) => `${w.code} ${w.file}`);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-walk-'));
  mkdirSync(join(dir, 'tree/var/log'), { recursive: true });
  mkdirSync(join(dir, 'tree/sos_commands/kernel'), { recursive: true });
  writeFileSync(join(dir, 'tree/var/log/messages'), MESSAGES);
  writeFileSync(join(dir, 'tree/sos_commands/kernel/dmesg'), DMESG);
  writeFileSync(join(dir, 'kubelet.log'), KUBELET);
  sh('gzip', ['-k', 'kubelet.log']);
  sh('xz', ['-k', 'kubelet.log']);
  sh('zstd', ['-q', '-k', 'kubelet.log']);
  sh('bzip2', ['-k', 'kubelet.log']);
  execFileSync('cp', ['kubelet.log.gz', 'tree/var/log/kubelet.log.1.gz'], { cwd: dir });
  sh('tar', ['-C', 'tree', '-cf', 'b.tar', 'var', 'sos_commands']);
  sh('tar', ['-C', 'tree', '-czf', 'b.tar.gz', 'var', 'sos_commands']);
  sh('tar', ['-C', 'tree', '-czf', 'b.tgz', 'var', 'sos_commands']);
  sh('tar', ['-C', 'tree', '-cJf', 'b.tar.xz', 'var', 'sos_commands']);
  sh('tar', ['-C', 'tree', '--zstd', '-cf', 'b.tar.zst', 'var', 'sos_commands']);
  sh('tar', ['-C', 'tree', '-cjf', 'b.tar.bz2', 'var', 'sos_commands']);
  py(`import zipfile\nz=zipfile.ZipFile('b.zip','w',zipfile.ZIP_DEFLATED)\nfor p in ['var/log/messages','var/log/kubelet.log.1.gz','sos_commands/kernel/dmesg']: z.write('tree/'+p, p)\nz.close()`);
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const TREE = {
  'var/log/messages': MESSAGES,
  'var/log/kubelet.log.1.gz': KUBELET,
  'sos_commands/kernel/dmesg': DMESG,
};

describe('containers', () => {
  it('a directory', async () => {
    const s = await walk(join(dir, 'tree'));
    expect(s.files).toEqual(TREE);
    expect(s.warnings).toEqual([]);
  });
  for (const name of ['b.tar', 'b.tar.gz', 'b.tgz', 'b.tar.xz', 'b.tar.zst', 'b.tar.bz2', 'b.zip']) {
    it(name, async () => {
      const s = await walk(join(dir, name));
      expect(s.files).toEqual(TREE);
      expect(s.warnings).toEqual([]);
    });
  }
  for (const name of ['kubelet.log.gz', 'kubelet.log.xz', 'kubelet.log.zst', 'kubelet.log.bz2']) {
    it(`single ${name}`, async () => {
      expect((await walk(join(dir, name))).files).toEqual({ [name]: KUBELET });
    });
  }
  it('the Node decompressors give the same bytes when the CLIs are not used', async () => {
    for (const name of ['b.tar.gz', 'b.tar.xz', 'b.tar.zst']) {
      const s = await walk(join(dir, name), { preferCli: false });
      expect(s.files, name).toEqual(TREE);
    }
  });
  it('members nobody reads are skipped without derailing the walk', async () => {
    const s = await walk(join(dir, 'b.tar.xz'), {}, (p) => p.endsWith('messages'));
    expect(Object.keys(s.files).sort()).toEqual(['sos_commands/kernel/dmesg', 'var/log/kubelet.log.1.gz']);
  });
});

describe('archives inside archives', () => {
  it('a sos collect tarball of sosreports, each with a rotated .gz, opened inline', async () => {
    mkdirSync(join(dir, 'collect'), { recursive: true });
    execFileSync('cp', ['b.tar.xz', 'collect/sosreport-node-a-2026-11-27.tar.xz'], { cwd: dir });
    execFileSync('cp', ['b.tar.gz', 'collect/sosreport-node-b-2026-11-27.tar.gz'], { cwd: dir });
    execFileSync('cp', ['b.zip', 'collect/must-gather.zip'], { cwd: dir });
    sh('tar', ['-C', 'collect', '-cf', 'collect.tar', '.']);
    const s = await walk(join(dir, 'collect.tar'));
    expect(s.files['sosreport-node-a-2026-11-27.tar.xz!/var/log/kubelet.log.1.gz']).toBe(KUBELET);
    expect(s.files['sosreport-node-b-2026-11-27.tar.gz!/sos_commands/kernel/dmesg']).toBe(DMESG);
    expect(s.files['must-gather.zip!/var/log/messages']).toBe(MESSAGES);
    expect(Object.keys(s.files)).toHaveLength(9);
    expect(s.warnings).toEqual([]);
  });
  it('the magic decides, not the name: a gzip called .log, a text file called .gz', async () => {
    mkdirSync(join(dir, 'liars'), { recursive: true });
    execFileSync('cp', ['kubelet.log.gz', 'liars/kubelet.log'], { cwd: dir });
    writeFileSync(join(dir, 'liars/messages-20261127.gz'), MESSAGES);
    const s = await walk(join(dir, 'liars'));
    expect(s.files).toEqual({ 'kubelet.log': KUBELET, 'messages-20261127.gz': MESSAGES });
  });
});

describe('links, devices, unsafe names', () => {
  it('symlinks, hard links, devices and FIFOs are skipped and reported; the localtime target is kept', async () => {
    py(`import tarfile, io
t = tarfile.open('odd.tar', 'w')
def add(name, typ, data=b'', link=''):
    i = tarfile.TarInfo(name); i.type = typ; i.size = len(data); i.linkname = link
    t.addfile(i, io.BytesIO(data) if data else None)
add('etc/localtime', tarfile.SYMTYPE, link='../usr/share/zoneinfo/Europe/Berlin')
add('var/log/messages', tarfile.REGTYPE, ${JSON.stringify(MESSAGES)}.encode())
add('var/log/messages.hard', tarfile.LNKTYPE, link='var/log/messages')
add('dev/sda', tarfile.BLKTYPE)
add('dev/null', tarfile.CHRTYPE)
add('run/initctl', tarfile.FIFOTYPE)
add('var/log/dmesg', tarfile.REGTYPE, ${JSON.stringify(DMESG)}.encode())
t.close()`);
    const s = await walk(join(dir, 'odd.tar'));
    expect(s.files).toEqual({ 'var/log/messages': MESSAGES, 'var/log/dmesg': DMESG });
    expect(codes(s)).toEqual([
      'skipped-link etc/localtime', 'skipped-link var/log/messages.hard',
      'skipped-device dev/sda', 'skipped-device dev/null', 'skipped-device run/initctl',
    ]);
    expect(s.links['etc/localtime']).toBe('../usr/share/zoneinfo/Europe/Berlin');
  });
  it('a symlink in a directory bundle is reported with its target, not followed', async () => {
    mkdirSync(join(dir, 'linked/etc'), { recursive: true });
    symlinkSync('/usr/share/zoneinfo/Asia/Tokyo', join(dir, 'linked/etc/localtime'));
    symlinkSync('/etc/shadow', join(dir, 'linked/evil'));
    const s = await walk(join(dir, 'linked'));
    expect(s.files).toEqual({});
    expect(s.links).toEqual({ 'etc/localtime': '/usr/share/zoneinfo/Asia/Tokyo', evil: '/etc/shadow' });
    expect(codes(s)).toEqual(['skipped-link etc/localtime', 'skipped-link evil']);
  });
  it('absolute and .. names are normalised, over-long ones refused, each with a warning', async () => {
    py(`import tarfile, io
t = tarfile.open('unsafe.tar', 'w', format=tarfile.PAX_FORMAT)
for name in ['/etc/passwd', '../../../root/.ssh/authorized_keys', 'var/log/../../../x', 'a' * 5000, 'var/log/ok']:
    d = ('content of ' + name[:20]).encode(); i = tarfile.TarInfo(name); i.size = len(d); t.addfile(i, io.BytesIO(d))
t.close()`);
    const s = await walk(join(dir, 'unsafe.tar'));
    expect(Object.keys(s.files)).toEqual(['etc/passwd', 'root/.ssh/authorized_keys', 'x', 'var/log/ok']);
    expect(s.warnings.map((w) => w.code)).toEqual(['unsafe-path', 'unsafe-path', 'unsafe-path', 'unsafe-path']);
    expect(s.warnings[0]!.message).toContain('/etc/passwd');
    expect(s.warnings[3]!.message).toContain('longer than');
  });
  it('safeMemberName refuses NUL and control characters cannot reach a terminal', () => {
    expect(safeMemberName('var/log/a\0b').name).toBeNull();
    expect(safeMemberName('var/log/\x1b[2Jx').name).toBe('var/log/?[2Jx');
    expect(safeMemberName('./var//log/./messages')).toEqual({ name: 'var/log/messages', problem: null });
  });
  it('zip: a .. name and a symlink member', async () => {
    py(`import zipfile
z = zipfile.ZipFile('odd.zip', 'w')
z.writestr('../../escape.log', 'escaped')
i = zipfile.ZipInfo('etc/localtime'); i.external_attr = (0o120777 << 16); z.writestr(i, '../usr/share/zoneinfo/America/New_York')
z.writestr('var/log/messages', ${JSON.stringify(MESSAGES)})
z.writestr('logs\\\\kubelet.log', 'from windows')
z.close()`);
    const s = await walk(join(dir, 'odd.zip'));
    expect(s.files).toEqual({ 'escape.log': 'escaped', 'var/log/messages': MESSAGES, 'logs/kubelet.log': 'from windows' });
    expect(s.links['etc/localtime']).toBe('../usr/share/zoneinfo/America/New_York');
    expect(codes(s)).toEqual(['unsafe-path escape.log', 'skipped-link etc/localtime']);
  });
});

describe('broken input', () => {
  it('a truncated .gz member: warning names it, the next members are still read', async () => {
    mkdirSync(join(dir, 'trunc'), { recursive: true });
    const big = Buffer.from(MESSAGES.repeat(2000));
    writeFileSync(join(dir, 'trunc/a-messages'), MESSAGES);
    const gz = execFileSync('gzip', ['-c'], { input: big });
    writeFileSync(join(dir, 'trunc/b-messages.gz'), gz.subarray(0, gz.length >> 1));
    writeFileSync(join(dir, 'trunc/c-dmesg'), DMESG);
    sh('tar', ['-C', 'trunc', '-cf', 'trunc.tar', 'a-messages', 'b-messages.gz', 'c-dmesg']);
    const s = await walk(join(dir, 'trunc.tar'));
    expect(s.files['a-messages']).toBe(MESSAGES);
    expect(s.files['c-dmesg']).toBe(DMESG);
    expect(big.toString().startsWith(s.files['b-messages.gz']!)).toBe(true);
    expect(codes(s)).toEqual(['truncated b-messages.gz']);
  });
  it('corrupt xz data inside a member: warning names it, the next members are still read', async () => {
    mkdirSync(join(dir, 'corrupt'), { recursive: true });
    const xz = execFileSync('xz', ['-c'], { input: Buffer.from(KUBELET.repeat(500)) });
    for (let i = 40; i < 80; i++) xz[i] = xz[i]! ^ 0x5a;
    writeFileSync(join(dir, 'corrupt/a-kubelet.log.xz'), xz);
    writeFileSync(join(dir, 'corrupt/b-dmesg'), DMESG);
    sh('tar', ['-C', 'corrupt', '-czf', 'corrupt.tar.gz', 'a-kubelet.log.xz', 'b-dmesg']);
    for (const preferCli of [true, false]) {
      const s = await walk(join(dir, 'corrupt.tar.gz'), { preferCli });
      expect(s.files['b-dmesg']).toBe(DMESG);
      expect(codes(s)).toEqual(['corrupt-compression a-kubelet.log.xz']);
    }
  });
  it('a truncated .tar.xz: the members before the cut are read, then a warning names where it stopped', async () => {
    mkdirSync(join(dir, 'cut'), { recursive: true });
    writeFileSync(join(dir, 'cut/a'), MESSAGES);
    // Incompressible bytes, so the cut lands inside b's body.
    writeFileSync(join(dir, 'cut/b'), execFileSync('head', ['-c', '200000', '/dev/urandom']));
    sh('tar', ['-C', 'cut', '-cJf', 'cut.tar.xz', 'a', 'b']);
    truncateSync(join(dir, 'cut.tar.xz'), Math.floor(statSync(join(dir, 'cut.tar.xz')).size / 2));
    const s = await walk(join(dir, 'cut.tar.xz'));
    expect(s.files.a).toBe(MESSAGES);
    expect(s.warnings.map((w) => w.code)).toEqual(['truncated']);
    expect(s.warnings[0]!.file).toBe('b');
  });
  it('a zip member with corrupt deflate data: named, the other members still read', async () => {
    py(`import zipfile
z = zipfile.ZipFile('bad.zip', 'w', zipfile.ZIP_DEFLATED)
z.writestr('a.log', 'x' * 50000 + 'y' * 50000)
z.writestr('b.log', ${JSON.stringify(MESSAGES)})
z.close()`);
    const buf = readFileSync(join(dir, 'bad.zip'));
    const at = buf.indexOf('a.log') + 5; // local header's name, then deflate data
    for (let i = at + 10; i < at + 60; i++) buf[i] = buf[i]! ^ 0xff;
    writeFileSync(join(dir, 'bad.zip'), buf);
    const s = await walk(join(dir, 'bad.zip'));
    expect(s.files['b.log']).toBe(MESSAGES);
    expect(codes(s)).toContain('corrupt-compression a.log');
  });
  it('a file with an xz magic and garbage after it: a warning, no empty member', async () => {
    writeFileSync(join(dir, 'fake.tar.xz'), Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), Buffer.alloc(100, 7)]));
    const s = await walk(join(dir, 'fake.tar.xz'));
    expect(s.files).toEqual({});
    expect(s.warnings.map((x) => x.file)).toEqual(['fake.tar.xz']);
    expect(s.warnings[0]!.code).toMatch(/corrupt-compression|truncated/);
  });
  it('garbage that is not an archive is read as a plain file', async () => {
    writeFileSync(join(dir, 'garbage.bin'), Buffer.from([0x1f, 0x8c, 0, 1, 2, 3]));
    const s = await walk(join(dir, 'garbage.bin'));
    expect(Object.keys(s.files)).toEqual(['garbage.bin']);
  });
});

describe('limits', () => {
  it('cancel: an aborted walk stops at the next member', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    for await (const e of walkBundle(join(dir, 'b.tar.xz'), { signal: ac.signal })) {
      seen.push(e.path);
      ac.abort();
    }
    expect(seen).toHaveLength(1);
  });
  it('a zip inside a tar larger than the buffer bound is named and skipped, its siblings read', async () => {
    mkdirSync(join(dir, 'zipintar'), { recursive: true });
    execFileSync('cp', ['b.zip', 'zipintar/inner.zip'], { cwd: dir });
    writeFileSync(join(dir, 'zipintar/z.log'), MESSAGES);
    sh('tar', ['-C', 'zipintar', '-cf', 'zipintar.tar', 'inner.zip', 'z.log']);
    const ok = await walk(join(dir, 'zipintar.tar'));
    expect(ok.files['inner.zip!/sos_commands/kernel/dmesg']).toBe(DMESG);
    const s = await walk(join(dir, 'zipintar.tar'), { maxZipBufferBytes: 100 });
    expect(s.files).toEqual({ 'z.log': MESSAGES });
    expect(codes(s)).toEqual(['limit-zip-buffer inner.zip']);
  });
  it('file count: the member over the limit is named and the walk stops', async () => {
    const s = await walk(join(dir, 'b.tar'), { limits: { maxFiles: 2 } });
    expect(Object.keys(s.files)).toHaveLength(2);
    expect(codes(s)).toEqual(['limit-files sos_commands/kernel/dmesg']);
  });
  it('decompressed bytes: a gzip bomb is cut at the budget, naming the member', async () => {
    mkdirSync(join(dir, 'bomb'), { recursive: true });
    writeFileSync(join(dir, 'bomb/zeros.log.gz'), execFileSync('gzip', ['-c'], { input: Buffer.alloc(20 << 20) }));
    writeFileSync(join(dir, 'bomb/z-after'), DMESG);
    sh('tar', ['-C', 'bomb', '-cf', 'bomb.tar', 'zeros.log.gz', 'z-after']);
    const s = await walk(join(dir, 'bomb.tar'), { limits: { maxDecompressedBytes: 1 << 20 } });
    expect(s.files['zeros.log.gz']).toHaveLength(1 << 20);
    expect(codes(s)).toEqual(['limit-bytes zeros.log.gz']);
    expect(s.files['z-after']).toBeUndefined(); // the budget is for the whole bundle
  });
  it('nesting: an archive deeper than the limit is named and skipped, its siblings read', async () => {
    mkdirSync(join(dir, 'nest/l2'), { recursive: true });
    execFileSync('cp', ['b.tar.gz', 'nest/l2/l3.tar.gz'], { cwd: dir });
    sh('tar', ['-C', 'nest/l2', '-cf', 'nest/l2.tar', '.']);
    writeFileSync(join(dir, 'nest/top.log'), MESSAGES);
    sh('tar', ['-C', 'nest', '-cf', 'nest.tar', 'l2.tar', 'top.log']);
    const s = await walk(join(dir, 'nest.tar'), { limits: { maxNesting: 1 } });
    expect(Object.keys(s.files)).toEqual(['top.log']);
    expect(codes(s)).toEqual(['limit-nesting l2.tar!/l3.tar.gz']);
    const deep = await walk(join(dir, 'nest.tar'), { limits: { maxNesting: 2 } });
    expect(deep.files['l2.tar!/l3.tar.gz!/var/log/messages']).toBe(MESSAGES);
  });
});
