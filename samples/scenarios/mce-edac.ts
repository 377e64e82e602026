// A DIMM going bad: corrected ECC errors (EDAC CE) on the same DIMM for a day, faster and faster,
// then an uncorrected one in kernel context: the machine-check handler panics. Debian keeps only
// the journal (no rsyslog), and kdump's vmcore-dmesg has the fatal MCE.
import { kgen, panicLines } from '../generator/kmsg.ts';
import { HW } from '../generator/hardware.ts';
import type { Scenario } from '../generator/scenario.ts';
import { ubuntuWorker } from './common.ts';

const HOST = 'db-wrk-04';

export const scenario: Scenario = {
  id: 'mce-edac',
  title: 'Database worker rebooted without warning',
  description: 'db-wrk-04, a Debian 12 bare-metal worker hosting PostgreSQL pods, rebooted in the middle of the afternoon. The sosreport was taken after it came back.',
  category: 'hardware',
  type: 'mce',
  layout: 'sosreport',
  seed: 1005,
  nodes: [ubuntuWorker(HOST, {
    os: 'debian12', kernel: '6.1.0-25-amd64', zone: 'Europe/London', memKb: 395987412, cpus: 48, vendor: HW.hpe, ip: '10.9.4.14',
    nic: { name: 'eno1np0', driver: 'mlx5_core', pci: '0000:98:00.0', speed: '25000 Mbps' },
    cmdline: 'BOOT_IMAGE=/boot/vmlinuz-6.1.0-25-amd64 root=UUID=4b6c1f0e-77a2-4bb8-a0c5-0f2d6a9e8c31 ro quiet crashkernel=384M-:512M',
  })],
  crashNode: HOST,
  crashAt: '2025-05-21T14:36:02Z',
  outcome: 'panic',
  kdump: true,
  truncateLogsSecondsBefore: 1,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const dimm = 'CPU_SrcID#1_MC#0_Chan#1_DIMM#0';
    // CE storm: hours apart at first, then minutes apart
    let first = true;
    let gap = 3 * 3600;
    for (let t = 22 * 3600; t > 40; t -= gap) {
      const count = Math.max(1, Math.round(22 * 3600 / (t + 600)));
      const es = w.kernel(HOST, before(t), [
        'mce: [Hardware Error]: Machine check events logged',
        `EDAC MC2: ${count} CE memory read error on ${dimm} (channel:1 slot:0 page:0x${rng.hex(7)} offset:0x${rng.hex(3)} grain:32 syndrome:0x0 - err_code:0x0000:0x009f  SystemAddress:0x${rng.hex(10)} ProcessorSocketId:0x1 MemoryControllerId:0x0 ChannelAddress:0x${rng.hex(9)} ChannelId:0x1 RankAddress:0x${rng.hex(8)} PhysicalRankId:0x0 DimmSlotId:0x0 Row:0x${rng.hex(4)} Column:0x${rng.hex(3)} Bank:0x2 BankGroup:0x3 ChipSelect:0x0 ChipId:0x0)`,
      ], 4);
      if (first) { w.cite('edac', es[1]!, `CE memory read error on ${dimm}`, 'first corrected error on this DIMM, a day before'); first = false; }
      gap = Math.max(240, Math.floor(gap * 0.62));
    }
    const storm = w.kernel(HOST, before(35 * 60), `EDAC MC2: 262 CE memory read error on ${dimm} (channel:1 slot:0 page:0x${rng.hex(7)} offset:0x${rng.hex(3)} grain:32 syndrome:0x0 -  OVERFLOW err_code:0x0000:0x009f)`, 4);
    w.cite('edac', storm, '262 CE memory read error', 'the corrected-error rate explodes on the same DIMM: it is failing');
    const mce = w.kernel(HOST, crashT - 2500, [
      'mce: [Hardware Error]: CPU 29: Machine Check Exception: 5 Bank 13: be20000000800090',
      `mce: [Hardware Error]: RIP !INEXACT! 10:<ffffffff${rng.hex(8)}> {copy_page+0x7/0x10}`,
      `mce: [Hardware Error]: TSC ${rng.hex(12)} ADDR ${rng.hex(10)} MISC 200003c0c0086 PPIN ${rng.hex(16)}`,
      `mce: [Hardware Error]: PROCESSOR 0:606a6 TIME ${Math.floor(crashT / 1e6)} SOCKET 1 APIC 3a microcode d0003a5`,
      'mce: [Hardware Error]: Run the above through \'mcelog --ascii\'',
      'mce: [Hardware Error]: Machine check: Data load in unrecoverable area of kernel',
    ], 0);
    w.cite('mce', mce, 'Machine Check Exception: 5 Bank 13', 'uncorrected memory error while the kernel itself was copying a page');
    const p = w.kernel(HOST, crashT - 1000, panicLines('Fatal machine check', g, rng, b.kernel, HW.hpe, 29, 0, 'swapper/29').slice(0, 1).concat(['Kernel Offset: 0x2a000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)']), 0);
    w.cite('kernel_panic', p, 'Kernel panic - not syncing: Fatal machine check', 'the machine-check handler stops the machine');
  },
  explanation:
    'One DIMM (CPU socket 1, memory controller 0, channel 1, slot 0) had been logging corrected ECC errors for a day, rarely at first and then in bursts of hundreds ("262 CE ... OVERFLOW"). '
    + 'Corrected errors are the warning; the fatal event was an uncorrected error hit while the kernel was copying a page (Machine Check Exception, "Data load in unrecoverable area of kernel"), and the machine-check handler panicked. '
    + 'The journal ends a moment before; the MCE itself is in vmcore-dmesg.txt. Action: replace the DIMM named in the EDAC lines, check the BMC/iLO event log, and alert on EDAC CE rates before they turn into UEs.',
};
