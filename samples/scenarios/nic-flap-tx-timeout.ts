// An ixgbe port with a bad optic/firmware: transmit queues time out, the driver resets the
// adapter, the link bounces again and again; the node loses the API server in every gap, goes
// NotReady, and finally the adapter reset hangs with the RTNL lock held. The node is reset.
import { linkDown, linkUp } from '../generator/hardware.ts';
import { kgen } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'edge-wrk-02';
const NIC = { name: 'ens2f0', driver: 'ixgbe', pci: '0000:5e:00.0', speed: '10 Gbps' };

export const scenario: Scenario = {
  id: 'nic-flap-tx-timeout',
  title: 'Edge worker kept dropping off the network',
  description: 'edge-wrk-02 (RHEL 9) flapped between Ready and NotReady for twenty minutes in the evening, then stopped answering and was reset remotely.',
  category: 'hardware',
  type: 'netdev_watchdog',
  layout: 'sosreport',
  seed: 1007,
  nodes: [rhel8Worker(HOST, { os: 'rhel9', kernel: '5.14.0-427.13.1.el9_4.x86_64', zone: 'Asia/Tokyo', ip: '10.70.0.32', nic: NIC })],
  crashNode: HOST,
  crashAt: '2025-07-30T11:48:40Z',
  outcome: 'hard_reset',
  quietSeconds: 100,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    for (let i = 0; i < 9; i++) {
      const t = before(23 * 60 - i * 140 - rng.int(0, 30));
      const q = rng.int(0, 15);
      const wd = w.kernel(HOST, t, [
        `NETDEV WATCHDOG: ${NIC.name} (${NIC.driver}): transmit queue ${q} timed out ${rng.int(5000, 9000)} ms`,
        `WARNING: CPU: ${rng.int(0, 7)} PID: 0 at net/sched/sch_generic.c:525 dev_watchdog+0x1f9/0x200`,
        `CPU: 3 PID: 0 Comm: swapper/3 Kdump: loaded Not tainted ${b.kernel} #1`,
        'RIP: 0010:dev_watchdog+0x1f9/0x200',
        ...(g.task ? ['Call Trace:', ' <IRQ>', ' call_timer_fn+0x24/0x130', ' __run_timers.part.0+0x1ee/0x280', ' run_timer_softirq+0x26/0x50', ' __do_softirq+0xc7/0x2ac', ' </IRQ>'] : []),
        '---[ end trace ' + rng.hex(16) + ' ]---',
        `${NIC.driver} ${NIC.pci} ${NIC.name}: initiating reset due to tx timeout`,
        `${NIC.driver} ${NIC.pci} ${NIC.name}: Reset adapter`,
      ], 4);
      if (i === 0) w.cite('netdev_watchdog', wd, `NETDEV WATCHDOG: ${NIC.name} (${NIC.driver}): transmit queue`, 'the NIC stops transmitting: the first tx timeout');
      const down = w.kernel(HOST, t + 1.2e6, linkDown(NIC), 4);
      const upT = t + rng.int(4, 40) * 1e6;
      w.kernel(HOST, upT, linkUp(NIC), 6);
      if (i === 2) w.cite('nic_down', down, 'NIC Link is Down', 'each reset drops the link: the node is cut off for seconds to minutes');
      w.log(HOST, t + 1.3e6, 'NetworkManager', `<info>  [${(t / 1e6).toFixed(4)}] device (${NIC.name}): state change: activated -> unavailable (reason 'carrier-changed', sys-iface-state: 'managed')`);
      w.kubelet(HOST, t + 9e6, 'E', 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${HOST}\\": Get \\"https://10.70.0.5:6443/api/v1/nodes/${HOST}?timeout=10s\\": net/http: request canceled (Client.Timeout exceeded while awaiting headers)"`);
    }
    const nr = w.kubelet(HOST, before(9 * 60), 'I', 'kubelet_node_status.go:702', `"Node became not ready" node="${HOST}" condition={"type":"Ready","status":"False","reason":"KubeletNotReady","message":"container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized"}`);
    void nr;
    w.kernel(HOST, before(3 * 60), [`${NIC.driver} ${NIC.pci} ${NIC.name}: Detected Tx Unit Hang`, `  Tx Queue             <${rng.int(0, 15)}>`, `  TDH, TDT             <${rng.hex(3)}>, <${rng.hex(3)}>`, `${NIC.driver} ${NIC.pci} ${NIC.name}: tx hang 1 detected on queue 7, resetting adapter`], 3);
    const hung = w.kernel(HOST, crashT, `INFO: task kworker/u96:2:${rng.int(10000, 20000)} blocked for more than 122 seconds.`, 3);
    w.cite('hung_task', hung, 'blocked for more than 122 seconds', 'the adapter reset never completes (RTNL held): networking is frozen');
  },
  explanation:
    'The ixgbe port ens2f0 stopped transmitting: the kernel\'s NETDEV WATCHDOG reported a transmit-queue timeout, the driver reset the adapter, and the link went down and up again. '
    + 'This repeated nine times in twenty minutes; in each gap the kubelet could not reach the API server and the node flapped NotReady. A last "Detected Tx Unit Hang" reset never completed and left a kworker blocked holding the network lock, so the node was unreachable until it was reset. '
    + 'The link-up lines at boot are normal. Action: check the optic/cable and switch port, update the NIC firmware and the ixgbe driver, look for the port\'s errors on the switch.',
};
