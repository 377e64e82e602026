// Hardware: machine checks, EDAC, disks (block layer, SCSI, NVMe, ATA), filesystems, NICs, bonding.
// Disk errors come as a burst of lines per failed command; the group roles keep one event per
// command (the `exception Emask` / `FAILED Result` line) and fold the detail lines into it.
import type { Rule } from '../rule.ts';

const KERNEL = /^(kernel|vmunix)$/;
const PCI = '[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2}\\.\\d';
const flagIf = (name: string, from: string, when: RegExp) => (f: Record<string, string | number>) => {
  if (when.test(String(f[from] ?? ''))) f[name] = 'true';
  return true;
};

export const HARDWARE_RULES: Rule[] = [
  // ── machine checks ──────────────────────────────────────────────────────────────────────────
  {
    id: 'hardware.mce.logged',
    type: 'mce', category: 'hardware', severity: 'error',
    keys: ['Machine check events logged'],
    pattern: /Machine check events logged/,
    group: { name: 'mce', role: 'key', span: 8 },
    idents: KERNEL,
    message: 'machine check (hardware error) logged',
    versions: 'Linux 2.6.32–6.x (`mce: [Hardware Error]: ` prefix since 3.x)',
    samples: {
      match: [{ line: 'mce: [Hardware Error]: Machine check events logged' }, { line: '[Hardware Error]: Machine check events logged' }],
      noMatch: ['Machine check injector initialized', 'Starting machine check poll CPU 0', 'MCE: In-kernel MCE decoding enabled.', 'mce: CPU supports 9 MCE banks'],
    },
  },
  {
    id: 'hardware.mce.bank',
    type: 'mce', category: 'hardware', severity: 'error',
    keys: ['[Hardware Error]: CPU'],
    pattern: /\[Hardware Error\]: CPU (?<cpu>\d+): Machine Check(?: Exception)?: (?<mcg_status>\w+) Bank (?<bank>\d+): (?<status>[0-9a-f]+)/,
    fields: { cpu: 'number', bank: 'number' },
    group: { name: 'mce', role: 'tail', span: 8 },
    idents: KERNEL,
    message: 'machine check on CPU {cpu} bank {bank}',
    versions: 'Linux 3.x–6.x (Intel and AMD)',
    samples: {
      match: [
        { line: 'mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 17: dc2040000000011b', fields: { cpu: 0, bank: 17 } },
        { line: 'mce: [Hardware Error]: CPU 2: Machine Check Exception: 5 Bank 4: b200000000070f0f', fields: { cpu: 2, bank: 4 } },
      ],
      noMatch: ['EDAC sbridge MC1: CPU 0: Machine Check Event: 0 Bank 7: cc00418000010091'],
    },
  },
  {
    // hwpoison: the kernel took a page with an uncorrectable error out of service (or killed its user).
    id: 'hardware.mce.memory-failure',
    type: 'mce', category: 'hardware', severity: 'critical',
    keys: ['Memory failure: 0x', 'due to hardware memory corruption'],
    pattern: /(?:Memory failure: (?<pfn>0x[0-9a-f]+): (?<action>[^\n]+)|MCE: Killing (?<process>[^:\s]+):(?<pid>\d+) due to hardware memory corruption)/,
    fields: { pid: 'number' },
    group: { name: 'mce', role: 'key', span: 8 },
    idents: KERNEL,
    message: 'hardware memory error: {action}{process}',
    versions: 'Linux 2.6.32–6.x memory-failure (hwpoison)',
    samples: {
      match: [
        { line: 'Memory failure: 0x2d9b1f: recovery action for dirty LRU page: Recovered', fields: { pfn: '0x2d9b1f', action: 'recovery action for dirty LRU page: Recovered' } },
        { line: 'MCE: Killing java:31337 due to hardware memory corruption fault at 7f0c3a2b1000', fields: { process: 'java', pid: 31337 } },
      ],
      noMatch: ['Memory: 16318324K/16776756K available (12293K kernel code, 2452K rwdata)'],
    },
  },
  {
    id: 'hardware.mce.amd-decoded',
    type: 'mce', category: 'hardware', severity: 'error',
    keys: ['[Hardware Error]: Corrected error', '[Hardware Error]: Uncorrected'],
    pattern: /\[Hardware Error\]: (?<error_severity>Corrected error|Uncorrected[^,\n]*)/,
    group: { name: 'mce', role: 'tail', span: 8 },
    idents: KERNEL,
    message: 'machine check: {error_severity}',
    versions: 'Linux 3.x–6.x mce_amd decoder',
    samples: {
      match: [{ line: '[Hardware Error]: Corrected error, no action required.', fields: { error_severity: 'Corrected error' } }],
      noMatch: ['[Hardware Error]: CPU:0 (17:71:0) MC17_STATUS[-|CE|MiscV|AddrV|-|-|SyndV|CECC|-|-|-]: 0xdc2040000000011b'],
    },
  },
  {
    id: 'hardware.mce.ghes',
    type: 'mce', category: 'hardware', severity: 'error',
    keys: ['[Hardware Error]: Hardware error from APEI'],
    pattern: /\{\d+\}\[Hardware Error\]: Hardware error from APEI Generic Hardware Error Source: (?<source>\d+)/,
    set: { reporter: 'ghes' },
    group: { name: 'mce', role: 'key', span: 8 },
    idents: KERNEL,
    message: 'firmware (APEI/GHES) reported a hardware error',
    versions: 'Linux 3.x–6.x GHES',
    samples: {
      match: [{ line: '{1}[Hardware Error]: Hardware error from APEI Generic Hardware Error Source: 0', fields: { source: '0' } }],
      noMatch: ['{1}[Hardware Error]: event severity: corrected'],
    },
  },
  {
    id: 'hardware.mce.ghes-severity',
    type: 'mce', category: 'hardware', severity: 'error',
    keys: ['[Hardware Error]: event severity'],
    pattern: /\{\d+\}\[Hardware Error\]: event severity: (?<error_severity>\w+)/,
    group: { name: 'mce', role: 'tail', span: 8 },
    idents: KERNEL,
    message: 'hardware error, severity {error_severity}',
    versions: 'Linux 3.x–6.x GHES',
    samples: { match: [{ line: '{1}[Hardware Error]: event severity: corrected', fields: { error_severity: 'corrected' } }], noMatch: ['GHES: APEI firmware first mode is enabled by APEI bit and WHEA _OSC.'] },
  },
  {
    id: 'hardware.edac.error',
    type: 'edac', category: 'hardware', severity: 'error',
    keys: ['HANDLING MCE', ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `EDAC MC${d}:`), ' CE memory', ' UE memory', ' CE Unknown', ' UE Unknown'],
    pattern: /EDAC (?:\w+ )?MC(?<mc>\d+): (?:(?<count>\d+) (?<severity>CE|UE)(?: (?<what>[^\n]*?))? on (?<dimm>\S+)(?<detail> \([^\n]*\))?|(?<severity2>CE|UE) (?:page|row)\b|HANDLING MCE MEMORY ERROR)/,
    fields: { mc: 'number', count: 'number' },
    accept: (f) => {
      if (f.severity2 !== undefined) { f.severity = f.severity2; delete f.severity2; }
      if (/OVERFLOW/.test(String(f.detail ?? ''))) f.overflow = 'true';
      delete f.detail;
      return true;
    },
    group: { name: 'edac', role: 'key', span: 8 },
    idents: KERNEL,
    message: 'memory error (EDAC MC{mc}) {count} {severity} on {dimm}',
    versions: 'Linux 2.6.x `EDAC MC0: CE page 0x…`; 3.5–6.x `EDAC MC0: 1 CE memory read error on …`; sb_edac `HANDLING MCE MEMORY ERROR`',
    samples: {
      match: [
        { line: 'EDAC MC1: 262 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x2031c14 offset:0x940 grain:32 syndrome:0x0 -  OVERFLOW area:DRAM err_code:0001:0091 socket:0 ha:0 channel_mask:2 rank:1)', fields: { mc: 1, count: 262, severity: 'CE', dimm: 'CPU_SrcID#0_Ha#0_Chan#1_DIMM#0', overflow: 'true' } },
        { line: 'EDAC sbridge MC1: HANDLING MCE MEMORY ERROR', fields: { mc: 1 } },
        { line: 'EDAC MC0: 1 UE memory read error on CPU_SrcID#0_MC#0_Chan#0_DIMM#0 (channel:0 slot:0 page:0x0 offset:0x0 grain:32 syndrome:0x0)', fields: { severity: 'UE' } },
        { line: 'EDAC MC0: CE page 0x7d5dc, offset 0x110, grain 64, syndrome 0x7, row 3, channel 0, label "": i5000 CE', fields: { mc: 0, severity: 'CE' } },
        { line: 'EDAC MC0: 1 CE on mc#0csrow#2channel#0 (csrow:2 channel:0 page:0x1e6c8d offset:0x40 grain:64 syndrome:0x5b2)', fields: { mc: 0, count: 1, severity: 'CE', dimm: 'mc#0csrow#2channel#0' } },
      ],
      noMatch: [
        'EDAC MC: Ver: 3.0.0',
        'EDAC MC0: Giving out device to module sb_edac controller Haswell SrcID#0_Ha#0: DEV 0000:7f:12.0 (INTERRUPT)',
        'EDAC sbridge MC1: TSC 0 ',
        'EDAC amd64: F17h detected (node 0).',
      ],
    },
  },
  {
    id: 'hardware.edac.bank',
    type: 'edac', category: 'hardware', severity: 'error',
    keys: ['Machine Check Event'],
    pattern: /EDAC \w+ MC(?<mc>\d+): CPU (?<cpu>\d+): Machine Check Event: \w+ Bank (?<bank>\d+)/,
    fields: { mc: 'number', cpu: 'number', bank: 'number' },
    group: { name: 'edac', role: 'tail', span: 8 },
    idents: KERNEL,
    message: 'memory error (EDAC MC{mc}) bank {bank}',
    versions: 'Linux 3.x–6.x sb_edac / skx_edac',
    samples: { match: [{ line: 'EDAC sbridge MC1: CPU 0: Machine Check Event: 0 Bank 7: cc00418000010091', fields: { mc: 1, cpu: 0, bank: 7 } }], noMatch: ['EDAC sbridge MC1: ADDR 2031c14940 '] },
  },
  // ── disks ───────────────────────────────────────────────────────────────────────────────────
  {
    id: 'hardware.block.io-error',
    type: 'io_error', category: 'hardware', severity: 'error',
    keys: [' error, dev '],
    pattern: /(?<kind>I\/O|critical medium|critical target|critical nexus|critical space allocation|medium|recoverable transport|timeout) error, dev (?<device>[\w-]+), sector (?<sector>\d+)/,
    fields: { sector: 'number' },
    idents: KERNEL,
    message: 'disk I/O error on {device} at sector {sector}',
    versions: 'Linux ≤ 3.x `end_request:`; 4.x–5.15 `blk_update_request:`; 4.17–5.x `print_req_error:`; 5.16+ bare `I/O error, dev … op 0x0:(READ)`',
    samples: {
      match: [
        { line: 'blk_update_request: I/O error, dev sda, sector 28751848', fields: { device: 'sda', sector: 28751848 } },
        { line: 'end_request: I/O error, dev sdb, sector 1953525160', fields: { device: 'sdb' } },
        { line: 'print_req_error: I/O error, dev nvme0n1, sector 2048', fields: { device: 'nvme0n1', sector: 2048 } },
        { line: 'I/O error, dev sda, sector 1234 op 0x0:(READ) flags 0x0 phys_seg 1 prio class 0', fields: { device: 'sda' } },
        { line: 'critical medium error, dev sdb, sector 2062 op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0', fields: { kind: 'critical medium' } },
      ],
      noMatch: ['XFS (dm-4): I/O Error Detected. Shutting down filesystem'],
    },
  },
  {
    id: 'hardware.block.buffer-io-error',
    type: 'io_error', category: 'hardware', severity: 'error',
    keys: ['Buffer I/O error'],
    pattern: /Buffer I\/O error on (?:device|dev) (?<device>[\w-]+), logical block (?<logical_block>\d+)/,
    fields: { logical_block: 'number' },
    idents: KERNEL,
    message: 'buffer I/O error on {device}, logical block {logical_block}',
    versions: 'Linux 2.6–6.x (`on dev …, async page read` since 4.x)',
    samples: {
      match: [
        { line: 'Buffer I/O error on device dm-0, logical block 2477053', fields: { device: 'dm-0', logical_block: 2477053 } },
        { line: 'Buffer I/O error on dev sda1, logical block 0, async page read', fields: { device: 'sda1', logical_block: 0 } },
      ],
      noMatch: ['lost page write due to I/O error on dm-0'],
    },
  },
  {
    id: 'hardware.scsi.failed',
    type: 'scsi_error', category: 'hardware', severity: 'error',
    keys: ['Result: hostbyte', 'Unhandled error code', 'Unhandled sense code'],
    pattern: /(?:sd|scsi) (?<scsi_addr>\d+:\d+:\d+:\d+): \[(?<device>\w+)\] (?:tag#\d+ )?(?:(?:FAILED |[^\n]*failed: )?Result: hostbyte=(?<hostbyte>\w+) driverbyte=(?<driverbyte>\w+)|Unhandled (?:error|sense) code)/,
    group: { name: 'scsi', role: 'key', by: 'device', span: 8 },
    idents: KERNEL,
    message: 'SCSI command failed on {device} ({scsi_addr}) {sense_key}',
    versions: 'Linux 3.x `Unhandled error code` + `Result:`; 4.x–6.x `[sda] tag#N FAILED Result: hostbyte=… driverbyte=…`',
    samples: {
      match: [
        { line: 'sd 0:0:0:0: [sda] FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE', fields: { scsi_addr: '0:0:0:0', device: 'sda', driverbyte: 'DRIVER_SENSE' } },
        { line: 'sd 2:0:0:0: [sdb] tag#27 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_OK cmd_age=3s', fields: { device: 'sdb' } },
        { line: 'sd 1:0:0:0: [sdc] Unhandled error code', fields: { device: 'sdc' } },
      ],
      noMatch: ['sd 0:0:0:0: [sda] 1953525168 512-byte logical blocks: (1.00 TB/931 GiB)', 'sd 0:0:0:0: [sda] Attached SCSI disk'],
    },
  },
  {
    id: 'hardware.scsi.sense',
    type: 'scsi_error', category: 'hardware', severity: 'error',
    keys: ['Sense Key'],
    pattern: /\[(?<device>\w+)\] (?:tag#\d+ )?Sense Key ?: (?<sense_key>[\w ]+?) \[(?:current|deferred)\]/,
    group: { name: 'scsi', role: 'tail', by: 'device', span: 8 },
    idents: KERNEL,
    message: 'SCSI sense on {device}: {sense_key}',
    versions: 'Linux 2.6–6.x',
    samples: {
      match: [
        { line: 'sd 0:0:0:0: [sda] Sense Key : Aborted Command [current]', fields: { device: 'sda', sense_key: 'Aborted Command' } },
        { line: 'sd 2:0:0:0: [sdb] tag#3 Sense Key : Medium Error [current] [descriptor]', fields: { sense_key: 'Medium Error' } },
      ],
      noMatch: ['sd 0:0:0:0: [sda] Add. Sense: I/O process terminated'],
    },
  },
  {
    id: 'hardware.scsi.add-sense',
    type: 'scsi_error', category: 'hardware', severity: 'error',
    keys: ['Add. Sense'],
    pattern: /\[(?<device>\w+)\] (?:tag#\d+ )?Add\. Sense: (?<add_sense>[^\n]+)/,
    group: { name: 'scsi', role: 'tail', by: 'device', span: 8 },
    idents: KERNEL,
    message: 'SCSI sense on {device}: {add_sense}',
    versions: 'Linux 2.6–6.x',
    samples: { match: [{ line: 'sd 0:0:0:0: [sda] Add. Sense: Unrecovered read error - auto reallocate failed', fields: { add_sense: 'Unrecovered read error - auto reallocate failed' } }], noMatch: ['sd 0:0:0:0: [sda] CDB: Write(10) 2a 00 01 b6 b7 e8 00 00 08 00'] },
  },
  {
    id: 'hardware.scsi.offline',
    type: 'scsi_error', category: 'hardware', severity: 'error',
    keys: ['rejecting I/O to', 'timing out command'],
    pattern: /(?:sd|scsi) (?<scsi_addr>\d+:\d+:\d+:\d+): (?:\[(?<device>\w+)\] )?(?<what>rejecting I\/O to (?:offline|dead) device|timing out command, waited \d+s)/,
    idents: KERNEL,
    message: 'SCSI device {scsi_addr}: {what}',
    versions: 'Linux 2.6–6.x',
    samples: {
      match: [
        { line: 'sd 0:0:1:0: rejecting I/O to offline device', fields: { scsi_addr: '0:0:1:0', what: 'rejecting I/O to offline device' } },
        { line: 'sd 2:0:0:0: timing out command, waited 180s', fields: { scsi_addr: '2:0:0:0' } },
      ],
      noMatch: ['scsi 0:0:0:0: Direct-Access     ATA      Samsung SSD 860  4B6Q PQ: 0 ANSI: 5'],
    },
  },
  {
    id: 'hardware.nvme.timeout',
    type: 'nvme_error', category: 'hardware', severity: 'error',
    keys: [' timeout, '],
    pattern: /nvme (?<device>nvme\d+): I\/O (?:tag )?(?<command_id>\d+) (?:\(\w+\) )?(?:opcode \S+ \([^)\n]*\) )?QID (?<qid>\d+) timeout, (?<action>[\w ]+)/,
    fields: { command_id: 'number', qid: 'number' },
    idents: KERNEL,
    message: 'NVMe {device}: command {command_id} on queue {qid} timed out, {action}',
    versions: 'Linux 4.x–6.2 `I/O 12 QID 5 timeout, aborting`; 6.3+ `I/O tag 12 (900c) opcode 0x1 (Write) QID 5 timeout`',
    samples: {
      match: [
        { line: 'nvme nvme0: I/O 12 QID 5 timeout, aborting', fields: { device: 'nvme0', command_id: 12, qid: 5, action: 'aborting' } },
        { line: 'nvme nvme1: I/O 833 QID 0 timeout, reset controller', fields: { device: 'nvme1', action: 'reset controller' } },
        { line: 'nvme nvme0: I/O tag 12 (900c) opcode 0x1 (Write) QID 5 timeout, aborting req_op:WRITE(1) size:4096', fields: { command_id: 12, qid: 5 } },
      ],
      noMatch: ['nvme nvme0: Abort status: 0x0', 'nvme nvme0: 8/0/0 default/read/poll queues'],
    },
  },
  {
    id: 'hardware.nvme.controller',
    type: 'nvme_error', category: 'hardware', severity: 'critical',
    keys: ['controller is down', 'Removing after probe failure', 'Device not ready', 'I/O Cmd('],
    pattern: /(?:nvme (?<device>nvme\d+): (?<what>controller is down; will reset|Removing after probe failure|Device not ready; aborting \w+)|(?<ns>nvme\d+n\d+): I\/O Cmd\((?<opcode>0x[0-9a-f]+)\) @ LBA (?<lba>\d+), \d+ blocks, (?<status>[^\n(]+?) \()/,
    fields: { lba: 'number' },
    idents: KERNEL,
    message: 'NVMe {device}{ns}: {what}{status}',
    versions: 'Linux 4.x–6.x; 5.15+ verbose errors `nvme0n1: I/O Cmd(0x2) @ LBA …`',
    samples: {
      match: [
        { line: 'nvme nvme0: controller is down; will reset: CSTS=0xffffffff, PCI_STATUS=0xffff', fields: { device: 'nvme0' } },
        { line: 'nvme nvme0: Removing after probe failure status: -19', fields: { what: 'Removing after probe failure' } },
        { line: 'nvme0n1: I/O Cmd(0x2) @ LBA 1950203664, 8 blocks, I/O Error (sct 0x2 / sc 0x81) ', fields: { ns: 'nvme0n1', lba: 1950203664, status: 'I/O Error' } },
      ],
      noMatch: ['nvme nvme0: pci function 0000:01:00.0'],
    },
  },
  {
    id: 'hardware.ata.exception',
    type: 'ata_error', category: 'hardware', severity: 'error',
    keys: ['exception Emask'],
    pattern: /(?<device>ata\d+(?:\.\d+)?): exception Emask (?<emask>0x[0-9a-f]+) SAct (?<sact>0x[0-9a-f]+) SErr (?<serr>0x[0-9a-f]+) action (?<action>0x[0-9a-f]+)(?: (?<frozen>frozen))?/,
    fields: { frozen: 'true' },
    group: { name: 'ata', role: 'key', span: 10 },
    idents: KERNEL,
    message: 'ATA error on {device}: {command}',
    versions: 'libata, Linux 2.6.18–6.x',
    samples: {
      match: [
        { line: 'ata1.00: exception Emask 0x0 SAct 0x1 SErr 0x0 action 0x6 frozen', fields: { device: 'ata1.00', action: '0x6', frozen: 'true' } },
        { line: 'ata3.00: exception Emask 0x0 SAct 0x3 SErr 0x0 action 0x0', fields: { device: 'ata3.00' } },
        { line: 'ata2: exception Emask 0x10 SAct 0x0 SErr 0x4050000 action 0xe frozen', fields: { device: 'ata2' } },
      ],
      noMatch: ['ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)', 'ata1.00: configured for UDMA/133'],
    },
  },
  {
    id: 'hardware.ata.failed-command',
    type: 'ata_error', category: 'hardware', severity: 'error',
    keys: ['failed command:'],
    pattern: /(?<device>ata\d+\.\d+): failed command: (?<command>[^\n]+?)\s*$/m,
    group: { name: 'ata', role: 'tail', span: 10 },
    idents: KERNEL,
    message: 'ATA command failed on {device}: {command}',
    versions: 'libata, Linux 2.6.26–6.x',
    samples: { match: [{ line: 'ata1.00: failed command: WRITE FPDMA QUEUED', fields: { device: 'ata1.00', command: 'WRITE FPDMA QUEUED' } }], noMatch: ['ata1.00: cmd 60/08:00:00:e1:59/00:00:a2:00:00/40 tag 0 ncq 4096 in'] },
  },
  {
    id: 'hardware.ata.result',
    type: 'ata_error', category: 'hardware', severity: 'error',
    keys: ['Emask 0x'],
    pattern: /res [0-9a-f]{2}\/[0-9a-f:/]+ Emask 0x[0-9a-f]+ \((?<reason>timeout|media error|ATA bus error|device error|HSM violation)\)/,
    accept: (f) => { flagIf('timeout', 'reason', /timeout/)(f); flagIf('media_error', 'reason', /media error/)(f); return true; },
    group: { name: 'ata', role: 'tail', span: 10 },
    idents: KERNEL,
    message: 'ATA command result: {reason}',
    versions: 'libata, Linux 2.6.26–6.x',
    samples: {
      match: [
        { line: 'res 40/00:10:d0:5d:a8/00:00:b2:00:00/40 Emask 0x4 (timeout)', fields: { reason: 'timeout', timeout: 'true' } },
        { line: '         res 41/40:00:b1:4b:1c/00:00:14:00:00/40 Emask 0x409 (media error) <F>', fields: { media_error: 'true' } },
      ],
      noMatch: ['ata1.00: exception Emask 0x0 SAct 0x1 SErr 0x0 action 0x6 frozen'],
    },
  },
  {
    id: 'hardware.ata.link',
    type: 'ata_error', category: 'hardware', severity: 'error',
    keys: ['COMRESET failed', ': disabled'],
    pattern: /(?<device>ata\d+(?:\.\d+)?): (?<what>COMRESET failed \(errno=-?\d+\)|disabled)\s*$/m,
    idents: KERNEL,
    message: 'ATA {device}: {what}',
    versions: 'libata, Linux 2.6–6.x',
    samples: { match: [{ line: 'ata4: COMRESET failed (errno=-16)', fields: { device: 'ata4' } }, { line: 'ata4.00: disabled', fields: { what: 'disabled' } }], noMatch: ['ata1: hard resetting link'] },
  },
  // ── filesystems ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'hardware.fs.ext-error',
    type: 'fs_error', category: 'hardware', severity: 'error',
    keys: ['-fs error', 'Aborting journal', 'I/O error while writing superblock', 'JBD2: Detected IO errors'],
    pattern: /(?:EXT(?<ver>[234])-fs error \(device (?<device>[\w-]+)\)(?:: (?<function>\w+))?|EXT(?<ver2>[234])-fs \((?<device2>[\w-]+)\): I\/O error while writing superblock|Aborting journal on device (?<device3>[\w-]+?)(?:-\d+)?\.|JBD2: Detected IO errors while flushing file data on (?<device4>[\w-]+?)(?:-\d+)?$)/m,
    accept: (f) => {
      f.device = f.device ?? f.device2 ?? f.device3 ?? f.device4 ?? '';
      const ver = f.ver ?? f.ver2;
      f.fs = ver ? `ext${ver}` : 'ext4';
      for (const k of ['device2', 'device3', 'device4', 'ver', 'ver2']) delete f[k];
      return true;
    },
    idents: KERNEL,
    message: '{fs} filesystem error on {device} {function}',
    versions: 'Linux 2.6–6.x ext3/ext4, jbd2',
    samples: {
      match: [
        { line: 'EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0', fields: { device: 'sda1', fs: 'ext4', function: 'ext4_find_entry' } },
        { line: 'EXT4-fs (dm-0): I/O error while writing superblock', fields: { device: 'dm-0' } },
        { line: 'Aborting journal on device sda1-8.', fields: { device: 'sda1' } },
        { line: 'EXT3-fs error (device sdb1): ext3_journal_start_sb: Detected aborted journal', fields: { fs: 'ext3' } },
      ],
      noMatch: ['EXT4-fs (sda1): mounted filesystem with ordered data mode. Opts: (null)', 'EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro', 'EXT4-fs (sda1): error count since last fsck: 3'],
    },
  },
  {
    id: 'hardware.fs.xfs-error',
    type: 'fs_error', category: 'hardware', severity: 'error',
    keys: ['Internal error', 'Corruption', 'Metadata ', 'metadata I/O error', 'I/O Error Detected', 'log I/O error', 'has been shut down', 'xfs_log_force'],
    pattern: /XFS \((?<device>[\w-]+)\): (?<what>Internal error (?<function>\w+) at line \d+|Corruption (?:of in-memory data )?detected|Metadata (?:corruption|CRC error) detected|metadata I\/O error|(?:Log )?I\/O Error Detected|log I\/O error|Filesystem has been shut down due to log error|xfs_log_force: error -?\d+ returned)(?<shutdown>[^\n]*?Shutting down filesystem)?/,
    accept: (f) => {
      f.fs = 'xfs';
      if (f.shutdown !== undefined || /Error Detected|shut down/.test(String(f.what))) f.action = 'shutdown';
      delete f.shutdown;
      return true;
    },
    idents: KERNEL,
    message: 'XFS error on {device}: {what}',
    versions: 'Linux 2.6–6.x XFS',
    samples: {
      match: [
        { line: 'XFS (dm-4): Internal error xfs_iunlink_remove at line 2038 of file fs/xfs/xfs_inode.c.  Caller xfs_ifree+0x33/0x130 [xfs]', fields: { device: 'dm-4', fs: 'xfs', function: 'xfs_iunlink_remove' } },
        { line: 'XFS (dm-4): Corruption detected. Unmount and run xfs_repair', fields: { device: 'dm-4' } },
        { line: 'XFS (xvdb): Log I/O Error Detected.  Shutting down filesystem', fields: { device: 'xvdb', action: 'shutdown' } },
        { line: 'XFS (dm-4): I/O Error Detected. Shutting down filesystem', fields: { action: 'shutdown' } },
        { line: 'XFS (sdb1): metadata I/O error in "xfs_trans_read_buf_map" at daddr 0x3a8e0 len 8 error 5', fields: { device: 'sdb1' } },
        { line: 'XFS (sda2): Corruption of in-memory data detected.  Shutting down filesystem', fields: { action: 'shutdown' } },
      ],
      noMatch: [
        'XFS (dm-4): xfs_inactive_ifree: xfs_ifree returned error -117',
        'XFS (dm-4): Please umount the filesystem and rectify the problem(s)',
        'XFS (sda1): Mounting V5 Filesystem',
        'XFS (dm-4): xfs_do_force_shutdown(0x1) called from line 1788 of file fs/xfs/xfs_inode.c.  Return address = 000000009d022bf1',
      ],
    },
  },
  {
    id: 'hardware.fs.xfs-shutdown',
    type: 'xfs_shutdown', category: 'hardware', severity: 'critical',
    keys: ['xfs_do_force_shutdown'],
    pattern: /XFS \((?<device>[\w-]+)\): xfs_do_force_shutdown\((?<flags>0x[0-9a-f]+)\) called from line (?<src_line>\d+) of file (?<src_file>[\w/.]+?)\.?\s/,
    fields: { src_line: 'number' },
    set: { fs: 'xfs' },
    idents: KERNEL,
    message: 'XFS forced shutdown of {device} (from {src_file})',
    versions: 'Linux 2.6–6.x XFS',
    samples: {
      match: [{ line: 'XFS (dm-4): xfs_do_force_shutdown(0x1) called from line 1788 of file fs/xfs/xfs_inode.c.  Return address = 000000009d022bf1', fields: { device: 'dm-4', flags: '0x1', src_file: 'fs/xfs/xfs_inode.c' } }],
      noMatch: ['XFS (dm-4): I/O Error Detected. Shutting down filesystem'],
    },
  },
  {
    id: 'hardware.fs.btrfs-error',
    type: 'fs_error', category: 'hardware', severity: 'error',
    keys: ['BTRFS error', 'BTRFS critical', 'BTRFS: error'],
    pattern: /BTRFS(?: (?:error|critical) \(device (?<device>[\w-]+)[^)\n]*\)|: error \(device (?<device2>[\w-]+)\))/,
    accept: (f) => { f.device = f.device ?? f.device2 ?? ''; delete f.device2; f.fs = 'btrfs'; return true; },
    idents: KERNEL,
    message: 'btrfs error on {device}',
    versions: 'Linux 3.x–6.x btrfs',
    samples: {
      match: [
        { line: 'BTRFS error (device sda1): bdev /dev/sda1 errs: wr 1, rd 0, flush 0, corrupt 0, gen 0', fields: { device: 'sda1', fs: 'btrfs' } },
        { line: 'BTRFS: error (device dm-0) in btrfs_commit_transaction:2275: errno=-5 IO failure (Error while writing out transaction)', fields: { device: 'dm-0' } },
      ],
      noMatch: ['BTRFS info (device sda1): disk space caching is enabled'],
    },
  },
  {
    id: 'hardware.fs.readonly',
    type: 'fs_readonly', category: 'hardware', severity: 'critical',
    keys: ['read-only', 'forced readonly'],
    pattern: /(?:(?<fsname>EXT[234]|[A-Z]\w*)-fs \((?<device>[\w-]+)\): Remounting filesystem read-only|BTRFS \w* ?\(device (?<device2>[\w-]+)[^)\n]*\):? forced readonly)/,
    accept: (f) => {
      if (f.device2 !== undefined) { f.device = f.device2; f.fs = 'btrfs'; delete f.device2; } else f.fs = String(f.fsname).toLowerCase();
      delete f.fsname;
      return true;
    },
    idents: KERNEL,
    message: '{fs} filesystem on {device} remounted read-only',
    versions: 'Linux 2.6–6.x ext3/ext4, btrfs',
    samples: {
      match: [
        { line: 'EXT4-fs (sda1): Remounting filesystem read-only', fields: { device: 'sda1', fs: 'ext4' } },
        { line: 'BTRFS info (device sdb1): forced readonly', fields: { device: 'sdb1', fs: 'btrfs' } },
      ],
      noMatch: ['EXT4-fs (sda1): re-mounted. Opts: errors=remount-ro', 'Write protecting the kernel read-only data: 12288k'],
    },
  },
  // ── network interfaces ──────────────────────────────────────────────────────────────────────
  {
    id: 'hardware.nic.up',
    type: 'nic_up', category: 'hardware', severity: 'info',
    keys: ['Link is Up', 'Link is up', ': Link up', 'link status definitely up'],
    pattern: new RegExp(`(?:(?<driver>[\\w-]+) (?<pci>${PCI}) (?<iface>[\\w.@-]+): (?:\\w+: \\S+ )?(?:NIC )?Link (?:is )?[Uu]p\\b,?(?: (?:at )?(?<speed>\\d+ ?[MG]bps))?|(?<driver2>e1000e?): (?<iface2>[\\w.@-]+) NIC Link is Up (?<speed2>\\d+ [MG]bps)|(?<bond>bond\\w*): (?:link status definitely up for interface (?<iface3>[\\w.@-]+)|\\(slave (?<iface4>[\\w.@-]+)\\): link status definitely up))`),
    accept: normaliseNic,
    idents: KERNEL,
    message: 'link up on {iface} {speed}',
    versions: 'ixgbe/igb/i40e/ice/bnx2x/vmxnet3 `NIC Link is Up`, tg3/r8169 `Link is up`, mlx5 `Link up`, e1000e, bonding 2.6–6.x',
    samples: {
      match: [
        { line: 'ixgbe 0000:08:00.0 eth11: NIC Link is Up 10 Gbps, Flow Control: RX', fields: { iface: 'eth11', driver: 'ixgbe', pci: '0000:08:00.0', speed: '10 Gbps' } },
        { line: 'igb 0000:01:00.0 eth0: igb: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: RX', fields: { iface: 'eth0', speed: '1000 Mbps' } },
        { line: 'i40e 0000:3b:00.0 ens1f0: NIC Link is Up, 10 Gbps Full Duplex, Flow Control: None', fields: { iface: 'ens1f0', speed: '10 Gbps' } },
        { line: 'mlx5_core 0000:3b:00.1 ens1f1: Link up', fields: { iface: 'ens1f1', driver: 'mlx5_core' } },
        { line: 'e1000e: eth0 NIC Link is Up 1000 Mbps Full Duplex, Flow Control: Rx/Tx', fields: { iface: 'eth0', driver: 'e1000e', speed: '1000 Mbps' } },
        { line: 'bond0: link status definitely up for interface eth1, 1000 Mbps full duplex', fields: { bond: 'bond0', iface: 'eth1' } },
      ],
      noMatch: ['ata1: SATA link up 6.0 Gbps (SStatus 133 SControl 300)', 'IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready', 'cni0: port 1(veth1c2d) entered forwarding state'],
    },
  },
  {
    id: 'hardware.nic.down',
    type: 'nic_down', category: 'hardware', severity: 'warning',
    keys: ['Link is Down', 'Link is down', 'Link down', 'link status definitely down'],
    pattern: new RegExp(`(?:(?<driver>[\\w-]+) (?<pci>${PCI}) (?<iface>[\\w.@-]+): (?:\\w+: \\S+ )?(?:NIC )?Link (?:is )?[Dd]own\\b|(?<driver2>e1000e?): (?<iface2>[\\w.@-]+) NIC Link is Down|(?<bond>bond\\w*): (?:link status definitely down for interface (?<iface3>[\\w.@-]+)|\\(slave (?<iface4>[\\w.@-]+)\\): link status definitely down))`),
    accept: normaliseNic,
    idents: KERNEL,
    message: 'link down on {iface}',
    versions: 'ixgbe/igb/i40e/ice/bnx2x `NIC Link is Down`, tg3/r8169 `Link is down`, mlx5 `Link down`, e1000e, bonding 2.6–6.x (`(slave X)` form since 5.x)',
    samples: {
      match: [
        { line: 'ixgbe 0000:08:00.0 eth11: NIC Link is Down', fields: { iface: 'eth11', driver: 'ixgbe', pci: '0000:08:00.0' } },
        { line: 'bond0: link status definitely down for interface ens4f0, disabling it', fields: { bond: 'bond0', iface: 'ens4f0' } },
        { line: 'bond0: (slave ens4f1): link status definitely down, disabling slave', fields: { bond: 'bond0', iface: 'ens4f1' } },
        { line: 'tg3 0000:03:00.0 eth0: Link is down', fields: { iface: 'eth0', driver: 'tg3' } },
        { line: 'e1000e: eth1 NIC Link is Down', fields: { iface: 'eth1' } },
      ],
      noMatch: ['bpmod: eth11 is in the Bypass mode now.', 'IPv6: ADDRCONF(NETDEV_UP): eth0: link is not ready'],
    },
  },
  {
    id: 'hardware.bond.failover',
    type: 'bond_failover', category: 'hardware', severity: 'warning',
    keys: ['the new active one', 'without any active interface'],
    pattern: /(?<bond>bond\w*): (?:making interface (?<to>[\w.@-]+) the new active one|\(slave (?<to2>[\w.@-]+)\): making interface the new active one|now running without any active (?<none>interface)!)/,
    accept: (f) => {
      if (f.to2 !== undefined) { f.to = f.to2; delete f.to2; }
      if (f.none !== undefined) { f.all_slaves_down = 'true'; delete f.none; }
      f.state = f.to !== undefined ? `new active interface ${f.to}` : 'no active interface left';
      return true;
    },
    idents: KERNEL,
    message: 'bond {bond} failover: {state}',
    versions: 'bonding 2.6–6.x (`bonding: bond0:` prefix before 3.x, `(slave X)` form since 5.x)',
    samples: {
      match: [
        { line: 'bond0: making interface ens4f1 the new active one', fields: { bond: 'bond0', to: 'ens4f1' } },
        { line: 'bond0: now running without any active interface!', fields: { bond: 'bond0', all_slaves_down: 'true' } },
        { line: 'bond0: (slave eth1): making interface the new active one', fields: { bond: 'bond0', to: 'eth1' } },
      ],
      noMatch: ['bond0: Setting arp_validate to none (0)', 'bond0: bond_should_notify_peers: slave ens4f0'],
    },
  },
  {
    id: 'hardware.netdev-watchdog',
    type: 'netdev_watchdog', category: 'hardware', severity: 'error',
    keys: ['NETDEV WATCHDOG'],
    pattern: /NETDEV WATCHDOG: (?<iface>[\w.@-]+) \((?<driver>[^)\n]+)\): transmit queue (?<queue>\d+) timed out/,
    fields: { queue: 'number' },
    idents: KERNEL,
    message: 'transmit queue {queue} of {iface} ({driver}) timed out',
    versions: 'Linux 2.6–6.x (6.8+ appends the time in ms)',
    samples: {
      match: [
        { line: 'NETDEV WATCHDOG: eth0 (igb): transmit queue 0 timed out', fields: { iface: 'eth0', driver: 'igb', queue: 0 } },
        { line: 'NETDEV WATCHDOG: enp1s0 (r8169): transmit queue 0 timed out 5088 ms', fields: { iface: 'enp1s0', driver: 'r8169' } },
      ],
      noMatch: ['WARNING: CPU: 10 PID: 74 at net/sched/sch_generic.c:448 dev_watchdog+0x253/0x260'],
    },
  },
  {
    id: 'hardware.unregister-netdevice',
    type: 'unregister_netdevice', category: 'hardware', severity: 'warning',
    keys: ['unregister_netdevice: waiting'],
    pattern: /unregister_netdevice: waiting for (?<iface>\S+) to become free\. Usage count = (?<usage_count>-?\d+)/,
    fields: { usage_count: 'number' },
    idents: KERNEL,
    message: 'network device {iface} stuck unregistering (usage count {usage_count})',
    versions: 'Linux 3.x–6.x',
    samples: { match: [{ line: 'unregister_netdevice: waiting for lo to become free. Usage count = 1', fields: { iface: 'lo', usage_count: 1 } }], noMatch: ['device veth1c2d left promiscuous mode'] },
  },
];

function normaliseNic(f: Record<string, string | number>): boolean {
  f.iface = f.iface ?? f.iface2 ?? f.iface3 ?? f.iface4 ?? '';
  if (f.driver2 !== undefined) f.driver = f.driver2;
  if (f.speed2 !== undefined) f.speed = f.speed2;
  for (const k of ['iface2', 'iface3', 'iface4', 'driver2', 'speed2']) delete f[k];
  return f.iface !== '';
}
