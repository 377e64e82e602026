// kdump's vmcore-dmesg.txt: the dead kernel's ring buffer read from the crash dump. Same lines
// as dmesg (older kexec-tools print no caller ids), so only the path tells it apart; its last
// lines are the crash itself, stamped in seconds since *that* boot.
import type { FormatSpec } from './format.ts';
import { DmesgParser, dmesgSniff } from './dmesg.ts';

export const vmcoreDmesg: FormatSpec = {
  id: 'vmcore-dmesg',
  title: 'kdump vmcore-dmesg.txt',
  pathHints: [/(?:^|\/)vmcore[^/]*$/, /var\/crash\//, /(?:^|\/)pstore\//],
  // Content alone cannot tell it from dmesg: a little below dmesg, so the path hint decides.
  sniff: (lines) => dmesgSniff(lines) * 0.9,
  open: (time, sink) => new DmesgParser(time, sink),
  samples: [
    {
      lines: '[  345.726870] BUG: unable to handle kernel NULL pointer dereference at 00000000000005ec\n[  345.727782] IP: [<ffffffffc0852ffb>] read_balance+0x1db/0x4e0 [raid1]\n[  345.728570] PGD 0\n[  345.729279] Oops: 0000 [#1] SMP',
      expect: { line: 1, endLine: 3, mono: 345.72687, tsKind: 'monotonic', ident: 'kernel' },
    },
  ],
};
