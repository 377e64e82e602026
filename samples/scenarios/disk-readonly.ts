// The data disk under /var/lib/containerd dies: SCSI medium errors, block-layer I/O errors, ext4
// aborts its journal and remounts read-only; containerd and the kubelet fail on every write, the
// node goes NotReady, and when the root disk's controller resets too it hangs for good.
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'wrk-dc2-19';

export const scenario: Scenario = {
  id: 'disk-readonly',
  title: 'Worker went NotReady, then stopped answering',
  description: 'wrk-dc2-19, a RHEL 8 bare-metal worker, went NotReady in the morning; pods on it were stuck. Nobody could log in, so it was reset from the BMC.',
  category: 'hardware',
  type: 'io_error',
  layout: 'sosreport',
  seed: 1006,
  nodes: [rhel8Worker(HOST, { zone: 'America/New_York', ip: '10.12.7.19' })],
  crashNode: HOST,
  crashAt: '2025-04-09T13:22:18Z',
  outcome: 'hard_reset',
  quietSeconds: 200,
  story(w, { before, crashT }) {
    const rng = w.rng.fork('story');
    const sense = (t: number, tag: number, sector: number) => w.kernel(HOST, t, [
      `sd 0:0:1:0: [sdb] tag#${tag} FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE cmd_age=${rng.int(1, 30)}s`,
      `sd 0:0:1:0: [sdb] tag#${tag} Sense Key : Medium Error [current] [descriptor]`,
      `sd 0:0:1:0: [sdb] tag#${tag} Add. Sense: Unrecovered read error - auto reallocate failed`,
      `sd 0:0:1:0: [sdb] tag#${tag} CDB: Read(16) 88 00 00 00 00 00 ${sector.toString(16).padStart(8, '0').replace(/(..)(?=.)/g, '$1 ')} 00 00 00 08 00 00`,
      `blk_update_request: critical medium error, dev sdb, sector ${sector} op 0x0:(READ) flags 0x80700 phys_seg 1 prio class 0`,
    ], 3);
    const first = sense(before(47 * 60), 17, 1937221632);
    w.cite('scsi_error', first[1]!, 'Sense Key : Medium Error', 'the data disk reports unreadable sectors');
    w.cite('io_error', first[4]!, 'critical medium error, dev sdb', 'the block layer gives up on the read');
    for (let i = 1; i < 9; i++) sense(before(47 * 60 - i * 150 - rng.int(0, 60)), rng.int(0, 31), 1937221632 + rng.int(8, 4_000_000) * 8);
    w.kernel(HOST, before(26 * 60 + 5), 'EXT4-fs warning (device sdb1): ext4_end_bio:343: I/O error 10 writing to inode 4587521 starting block 242152960)', 4);
    const err = w.kernel(HOST, before(26 * 60), 'EXT4-fs error (device sdb1): ext4_find_entry:1455: inode #2: comm containerd: reading directory lblock 0', 3);
    w.cite('fs_error', err, 'EXT4-fs error (device sdb1)', 'ext4 cannot read its own metadata');
    w.kernel(HOST, before(26 * 60 - 0.01), 'Aborting journal on device sdb1-8.', 2);
    const ro = w.kernel(HOST, before(26 * 60 - 0.02), 'EXT4-fs (sdb1): Remounting filesystem read-only', 2);
    w.cite('fs_readonly', ro, 'Remounting filesystem read-only', '/var/lib/containerd is now read-only');
    for (let i = 0; i < 5; i++) {
      w.runtime(HOST, before(25 * 60 - i * 130), 'error', `failed to prepare extraction snapshot \\"extract-${rng.int(100000000, 999999999)}-${rng.hex(4)} sha256:${rng.hex(64)}\\"`, 'error="mkdir /var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots/new-' + rng.int(100000, 999999) + ': read-only file system"');
      w.kubelet(HOST, before(25 * 60 - i * 130 - 1), 'E', 'pod_workers.go:1300', `"Error syncing pod, skipping" err="failed to \\"CreatePodSandbox\\" for \\"batch/report-${rng.hex(5)}\\" with CreatePodSandboxError: \\"Failed to create sandbox for pod: rpc error: code = Unknown desc = failed to create containerd container: mkdir /var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/${rng.hex(64)}: read-only file system\\""`);
    }
    const pleg = w.kubelet(HOST, before(11 * 60), 'I', 'kubelet_node_status.go:702', `"Node became not ready" node="${HOST}" condition={"type":"Ready","status":"False","reason":"KubeletNotReady","message":"PLEG is not healthy: pleg was last seen active 3m2.913s ago; threshold is 3m0s"}`);
    w.cite('node_not_ready', pleg, 'Node became not ready', 'the runtime is stuck on the dead disk');
    w.kernel(HOST, before(5 * 60), ['sd 0:0:1:0: [sdb] tag#3 timing out command, waited 180s', 'sd 0:0:1:0: [sdb] tag#3 FAILED Result: hostbyte=DID_TIME_OUT driverbyte=DRIVER_OK cmd_age=180s'], 3);
    w.kernel(HOST, before(4 * 60), ['megaraid_sas 0000:18:00.0: resetting fusion adapter scsi0.', 'megaraid_sas 0000:18:00.0: Waiting for FW to come to ready state'], 3);
    w.kernel(HOST, crashT, `INFO: task xfsaild/dm-0:${rng.int(600, 900)} blocked for more than 120 seconds.`, 3);
  },
  explanation:
    'The second disk (sdb, holding /var/lib/containerd) developed unreadable sectors: the SCSI layer reported Medium Error / "Unrecovered read error - auto reallocate failed" and the block layer "critical medium error" again and again. '
    + 'ext4 on sdb1 then failed to read its metadata, aborted its journal and remounted the filesystem read-only, so containerd could not create snapshots or sandboxes and every pod start failed with "read-only file system". '
    + 'The kubelet\'s PLEG stalled and the node went NotReady; finally commands to sdb timed out, the RAID controller reset itself, the root filesystem (on the same controller) blocked, and the node was reset from the BMC. '
    + 'Action: replace sdb (check SMART / the controller log), fsck before reuse; the memcg OOM in the morning is unrelated.',
};
