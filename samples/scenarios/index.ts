// Every scenario, in the order `crashlens samples list` shows them.
import type { Scenario } from '../generator/scenario.ts';
import { scenario as conntrackDns } from './conntrack-dns.ts';
import { scenario as diskReadonly } from './disk-readonly.ts';
import { scenario as etcdSlowDisk } from './etcd-slow-disk.ts';
import { scenario as globalOom } from './global-oom-cascade.ts';
import { scenario as hungTaskSysctl } from './hung-task-sysctl.ts';
import { scenario as knownBug } from './known-bug-unregister-netdevice.ts';
import { scenario as lockupHard } from './lockup-hard.ts';
import { scenario as mceEdac } from './mce-edac.ts';
import { scenario as memcgLeak } from './memcg-leak-el7.ts';
import { scenario as multinodeOops } from './multinode-oops.ts';
import { scenario as networkPartition } from './network-partition.ts';
import { scenario as nicFlap } from './nic-flap-tx-timeout.ts';
import { scenario as operatorMistake } from './operator-mistake.ts';
import { scenario as truncatedJournal } from './truncated-journal.ts';

export const SCENARIOS: Scenario[] = [
  globalOom, memcgLeak, lockupHard, hungTaskSysctl, mceEdac, diskReadonly, nicFlap, etcdSlowDisk,
  networkPartition, conntrackDns, knownBug, operatorMistake, multinodeOops, truncatedJournal,
];

export function findScenario(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
