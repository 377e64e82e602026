import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBundleInput, openBundleMember, openLogInput } from './member.ts';
import { BOOT, SOS_ROOT, ZONE, writeSosreport } from './testing/sosreport-fixture.ts';

let dir = '';
let bundle = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-member-'));
  writeSosreport(dir);
  bundle = join(dir, 'sos.tar.xz');
  // Facts last: the member's time facts must still come from the whole bundle.
  execFileSync('tar', ['-C', dir, '-cJf', bundle, `${SOS_ROOT}/sos_commands/kernel`, `${SOS_ROOT}/var`, `${SOS_ROOT}/etc`, `${SOS_ROOT}/proc`, `${SOS_ROOT}/sos_commands/date`]);
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('openBundleMember', () => {
  it('finds a source by the end of its path, with the time facts of the whole bundle', async () => {
    const m = (await openBundleMember(bundle, 'sos_commands/kernel/dmesg'))!;
    expect(m.path).toBe(`${SOS_ROOT}/sos_commands/kernel/dmesg`);
    expect(m.time).toMatchObject({ zone: ZONE, bootTs: BOOT, year: 2026 });
    let text = '';
    for await (const c of m.stream) text += c.toString();
    await m.close();
    expect(text.split('\n')[0]).toMatch(/^\[\s+0\.000000\] Linux version/);
  });
  it('an unknown path gives null; an ambiguous ending is refused with the candidates', async () => {
    expect(await openBundleMember(bundle, 'var/log/nothing')).toBeNull();
    await expect(openBundleMember(bundle, 'dmesg_-T')).resolves.toMatchObject({ path: `${SOS_ROOT}/sos_commands/kernel/dmesg_-T` });
    await expect(openBundleMember(bundle, 'log/messages')).resolves.not.toBeNull();
    mkdirSync(join(dir, 'two/a'), { recursive: true });
    mkdirSync(join(dir, 'two/b'), { recursive: true });
    writeFileSync(join(dir, 'two/a/messages'), 'Nov 27 10:00:00 a kernel: x\n');
    writeFileSync(join(dir, 'two/b/messages'), 'Nov 27 10:00:00 b kernel: x\n');
    await expect(openBundleMember(join(dir, 'two'), 'messages')).rejects.toThrow(/a\/messages, b\/messages/);
  });
  it('openLogInput: a lone compressed log needs no path; a bundle of several does', async () => {
    writeFileSync(join(dir, 'messages-20261127.gz'), execFileSync('gzip', ['-c'], { input: 'Nov 27 10:00:00 a kernel: x\n' }));
    expect(await isBundleInput(join(dir, 'messages-20261127.gz'))).toBe(true);
    const m = await openLogInput(join(dir, 'messages-20261127.gz'));
    expect(m.path).toBe('messages-20261127.gz');
    await m.close();
    await expect(openLogInput(bundle)).rejects.toThrow(/holds \d+ log sources: name one/);
    await expect(openLogInput(bundle, 'var/log/nothing')).rejects.toThrow(/no log source 'var\/log\/nothing'/);
  });
});
