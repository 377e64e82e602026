// What a file in a bundle is, from its path alone: a log (with its role and a format hint), a fact
// about the node (date, uname, localtime…), or noise to skip. One table, first match wins, each
// row with real sample paths (sos 4.x, OpenShift must-gather, eks-log-collector, AKS, /var/log)
// that classify.test.ts checks. The format hint only breaks ties: content sniffing decides.
import type { FormatId, SourceRole } from '../types.ts';

export type EntryKind = 'log' | 'facts' | 'ignore';

/** Which boot a kernel ring buffer belongs to: dmesg captured now is the current boot (its
 *  monotonic stamps map through the node's boot time); a vmcore-dmesg or pstore is the crashed one. */
export type BootOf = 'current' | 'previous';

/** Fact files, by what they tell (parsers/bundle/facts.ts reads each). */
export type FactId =
  | 'hostname' | 'hostname-fqdn' | 'uname' | 'os-release' | 'redhat-release' | 'localtime' | 'timezone-name'
  | 'date' | 'date-utc' | 'timedatectl' | 'proc-stat' | 'proc-uptime' | 'uptime' | 'meminfo' | 'slabinfo'
  | 'sysctl' | 'sos-manifest' | 'packages-rpm' | 'packages-dpkg' | 'runtime-version' | 'k8s-node'
  | 'must-gather-timestamp' | 'instance-id';

export interface Classification {
  role: SourceRole;
  kind: EntryKind;
  formatHint?: FormatId;
  /** The node this path belongs to when the path itself names it (a sosreport-<host>-… folder). */
  node?: string;
  fact?: FactId;
  boot?: BootOf;
}

interface Row {
  /** Matched against the path with its compression suffix removed; anchor with (?:^|/). */
  pattern: RegExp;
  is: Omit<Classification, 'node'>;
  samples: string[];
}

const P = '(?:^|/)';
const VARLOG = `${P}(?:var/log/|var_log/)?`; // a sosreport's var/log, EKS's var_log, or a /var/log tree given as is
const ROTATED = '(?:[.-]\\d{8}(?:-\\d{6})?|\\.\\d+)?'; // messages-20261127, kubelet.log.1, pods' 0.log.20261127-101010

export const ROWS: Row[] = [
  // --- facts: small files that say who and when the node is ---------------------------------
  { pattern: re(`${P}sos_reports/manifest\\.json$`), is: { role: 'facts', kind: 'facts', fact: 'sos-manifest' }, samples: ['sosreport-node-a-2026-11-27-xkqbbyz/sos_reports/manifest.json'] },
  { pattern: re(`${P}sos_commands/date/date_--utc$`), is: { role: 'facts', kind: 'facts', fact: 'date-utc' }, samples: ['sos_commands/date/date_--utc'] },
  { pattern: re(`${P}sos_commands/date/date$|^date$`), is: { role: 'facts', kind: 'facts', fact: 'date' }, samples: ['sos_commands/date/date', 'date'] },
  { pattern: re(`${P}sos_commands/(?:date|systemd|general)/timedatectl(?:_status)?$`), is: { role: 'facts', kind: 'facts', fact: 'timedatectl' }, samples: ['sos_commands/date/timedatectl', 'sos_commands/systemd/timedatectl'] },
  { pattern: re(`${P}sos_commands/(?:host|general)/hostname$|^hostname$|${P}etc/hostname$|${P}system/hostname(?:\\.txt)?$`), is: { role: 'facts', kind: 'facts', fact: 'hostname' }, samples: ['sos_commands/host/hostname', 'etc/hostname', 'hostname'] },
  { pattern: re(`${P}sos_commands/(?:host|general)/hostname_-f$`), is: { role: 'facts', kind: 'facts', fact: 'hostname-fqdn' }, samples: ['sos_commands/host/hostname_-f'] },
  { pattern: re(`${P}sos_commands/kernel/uname_-a$|^uname$|${P}kernel/uname(?:\\.txt)?$`), is: { role: 'facts', kind: 'facts', fact: 'uname' }, samples: ['sos_commands/kernel/uname_-a', 'eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kernel/uname.txt'] },
  { pattern: re(`${P}(?:etc|usr/lib)/os-release$`), is: { role: 'facts', kind: 'facts', fact: 'os-release' }, samples: ['etc/os-release', 'usr/lib/os-release'] },
  { pattern: re(`${P}etc/(?:redhat|system|centos|fedora)-release$`), is: { role: 'facts', kind: 'facts', fact: 'redhat-release' }, samples: ['etc/redhat-release'] },
  { pattern: re(`${P}etc/localtime$`), is: { role: 'facts', kind: 'facts', fact: 'localtime' }, samples: ['etc/localtime'] },
  { pattern: re(`${P}etc/timezone$|${P}etc/sysconfig/clock$`), is: { role: 'facts', kind: 'facts', fact: 'timezone-name' }, samples: ['etc/timezone', 'etc/sysconfig/clock'] },
  { pattern: re(`${P}proc/stat$`), is: { role: 'facts', kind: 'facts', fact: 'proc-stat' }, samples: ['proc/stat'] },
  { pattern: re(`${P}proc/uptime$`), is: { role: 'facts', kind: 'facts', fact: 'proc-uptime' }, samples: ['proc/uptime'] },
  { pattern: re(`${P}sos_commands/(?:host|general)/uptime$|^uptime$`), is: { role: 'facts', kind: 'facts', fact: 'uptime' }, samples: ['sos_commands/host/uptime', 'uptime'] },
  { pattern: re(`${P}proc/meminfo$|${P}system/meminfo(?:\\.txt)?$`), is: { role: 'facts', kind: 'facts', fact: 'meminfo' }, samples: ['proc/meminfo'] },
  { pattern: re(`${P}proc/slabinfo$`), is: { role: 'facts', kind: 'facts', fact: 'slabinfo' }, samples: ['proc/slabinfo'] },
  { pattern: re(`${P}sos_commands/kernel/sysctl_-a$|${P}sysctls/sysctl_all\\.txt$`), is: { role: 'facts', kind: 'facts', fact: 'sysctl' }, samples: ['sos_commands/kernel/sysctl_-a', 'eks_i-0abc_2026-11-27_1000-UTC_0.7.6/sysctls/sysctl_all.txt'] },
  { pattern: re(`${P}installed-rpms$|${P}sos_commands/rpm/package-data$`), is: { role: 'facts', kind: 'facts', fact: 'packages-rpm' }, samples: ['installed-rpms', 'sos_commands/rpm/package-data'] },
  { pattern: re(`${P}sos_commands/dpkg/dpkg_-l$|^installed-debs$`), is: { role: 'facts', kind: 'facts', fact: 'packages-dpkg' }, samples: ['sos_commands/dpkg/dpkg_-l'] },
  { pattern: re(`${P}(?:containerd|docker)/(?:containerd|docker)-version\\.txt$|${P}sos_commands/(?:containerd|crio|docker)/(?:containerd|crio|docker)_(?:--)?version$`), is: { role: 'facts', kind: 'facts', fact: 'runtime-version' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/containerd/containerd-version.txt', 'sos_commands/crio/crio_version'] },
  { pattern: re(`${P}cluster-scoped-resources/core/nodes/[^/]+\\.yaml$`), is: { role: 'facts', kind: 'facts', fact: 'k8s-node' }, samples: ['must-gather.local.5577/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-1a2b/cluster-scoped-resources/core/nodes/master-0.yaml'] },
  { pattern: re(`${P}must-gather[^/]*/(?:[^/]+/)?timestamp$`), is: { role: 'facts', kind: 'facts', fact: 'must-gather-timestamp' }, samples: ['must-gather.local.5577/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-1a2b/timestamp'] },
  { pattern: re(`${P}system/instance-id\\.txt$`), is: { role: 'facts', kind: 'facts', fact: 'instance-id' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/system/instance-id.txt'] },

  // --- kernel ring buffers and crash dumps ----------------------------------------------------
  { pattern: re(`${P}var/crash/[^/]+/vmcore-dmesg\\.txt$`), is: { role: 'crash', kind: 'log', formatHint: 'vmcore-dmesg', boot: 'previous' }, samples: ['var/crash/127.0.0.1-2026-11-27-09:58:12/vmcore-dmesg.txt'] },
  { pattern: re(`${P}var/crash/[^/]+/kexec-dmesg\\.log$`), is: { role: 'crash', kind: 'log', formatHint: 'dmesg' }, samples: ['var/crash/127.0.0.1-2026-11-27-09:58:12/kexec-dmesg.log'] },
  { pattern: re(`${P}var/crash/`), is: { role: 'crash', kind: 'ignore' }, samples: ['var/crash/127.0.0.1-2026-11-27-09:58:12/vmcore'] },
  { pattern: re(`${P}(?:sys/fs/pstore|var/lib/systemd/pstore)/(?:[^/]+/)*dmesg-[^/]+$`), is: { role: 'crash', kind: 'log', formatHint: 'dmesg', boot: 'previous' }, samples: ['sys/fs/pstore/dmesg-efi-166012345601001', 'var/lib/systemd/pstore/1666012345/dmesg-ramoops-0'] },
  { pattern: re(`${P}sos_commands/kernel/dmesg_-T$`), is: { role: 'kernel', kind: 'log', formatHint: 'dmesg', boot: 'current' }, samples: ['sos_commands/kernel/dmesg_-T'] },
  { pattern: re(`${P}sos_commands/kernel/dmesg(?:_[^/]*)?$`), is: { role: 'kernel', kind: 'log', formatHint: 'dmesg', boot: 'current' }, samples: ['sos_commands/kernel/dmesg', 'sos_commands/kernel/dmesg_--time-format_iso'] },
  { pattern: re(`${P}kernel/dmesg\\.(?:current|human)$`), is: { role: 'kernel', kind: 'log', formatHint: 'dmesg', boot: 'current' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kernel/dmesg.current'] },
  { pattern: re(`${P}kernel/dmesg\\.boot$`), is: { role: 'kernel', kind: 'log', formatHint: 'dmesg', boot: 'current' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kernel/dmesg.boot'] },
  // /var/log/dmesg is written at boot by the distro (the start of the current boot's ring buffer).
  { pattern: re(`${VARLOG}dmesg${ROTATED}$`), is: { role: 'kernel', kind: 'log', formatHint: 'dmesg', boot: 'current' }, samples: ['var/log/dmesg', 'dmesg.1'] },

  // --- journals -------------------------------------------------------------------------------
  { pattern: re(`${P}sos_commands/logs/journalctl_--(?:disk-usage|list-boots)$`), is: { role: 'facts', kind: 'ignore' }, samples: ['sos_commands/logs/journalctl_--disk-usage', 'sos_commands/logs/journalctl_--list-boots'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*--unit_(?:kubelet|atomic-openshift-node)[^/]*$`), is: { role: 'kubelet', kind: 'log', formatHint: 'journal-short' }, samples: ['sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet', 'sos_commands/openshift/journalctl_--no-pager_--unit_atomic-openshift-node'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*--unit_(?:crio|containerd|docker)[^/]*$`), is: { role: 'container-runtime', kind: 'log', formatHint: 'journal-short' }, samples: ['sos_commands/crio/journalctl_--no-pager_--unit_crio', 'sos_commands/containerd/journalctl_--no-pager_--unit_containerd'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*--unit_etcd[^/]*$`), is: { role: 'etcd', kind: 'log', formatHint: 'journal-short' }, samples: ['sos_commands/etcd/journalctl_--no-pager_--unit_etcd'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*(?:--output_export|-o_export)[^/]*$`), is: { role: 'journal', kind: 'log', formatHint: 'journal-export' }, samples: ['sos_commands/logs/journalctl_--no-pager_--output_export'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*(?:--output_json|-o_json)[^/]*$`), is: { role: 'journal', kind: 'log', formatHint: 'journal-json' }, samples: ['sos_commands/logs/journalctl_--no-pager_-o_json'] },
  { pattern: re(`${P}sos_commands/[^/]+/journalctl_[^/]*$`), is: { role: 'journal', kind: 'log', formatHint: 'journal-short' }, samples: ['sos_commands/logs/journalctl_--no-pager', 'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-1', 'sos_commands/logs/journalctl_--no-pager_--boot'] },
  { pattern: re(`${P}(?:var/log/|var_log/)?journal/[^/]+/[^/]+\\.journal~?$`), is: { role: 'journal', kind: 'log', formatHint: 'journal-binary' }, samples: ['var/log/journal/0f8e7d6c5b4a39281706f5e4d3c2b1a0/system.journal', 'journal/0f8e7d6c5b4a39281706f5e4d3c2b1a0/system@0005f6a1-1.journal~'] },
  // must-gather: `oc adm node-logs` output per role, journalctl text of every master / worker.
  { pattern: re(`${P}host_service_logs/(?:masters|workers)/kubelet_service\\.log$`), is: { role: 'kubelet', kind: 'log', formatHint: 'journal-short' }, samples: ['must-gather.local.5577/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-1a2b/host_service_logs/masters/kubelet_service.log'] },
  { pattern: re(`${P}host_service_logs/(?:masters|workers)/(?:crio|containerd)_service\\.log$`), is: { role: 'container-runtime', kind: 'log', formatHint: 'journal-short' }, samples: ['must-gather.local.5577/x/host_service_logs/workers/crio_service.log'] },
  { pattern: re(`${P}host_service_logs/(?:masters|workers)/[^/]+_service\\.log$`), is: { role: 'journal', kind: 'log', formatHint: 'journal-short' }, samples: ['must-gather.local.5577/x/host_service_logs/masters/NetworkManager_service.log'] },
  // EKS collector: `journalctl -u kubelet` and friends saved under the component's folder.
  { pattern: re(`${P}kubelet/kubelet\\.log$`), is: { role: 'kubelet', kind: 'log', formatHint: 'journal-short' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kubelet/kubelet.log'] },
  { pattern: re(`${P}containerd/containerd-log\\.txt$|${P}docker/docker\\.log$`), is: { role: 'container-runtime', kind: 'log', formatHint: 'journal-short' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/containerd/containerd-log.txt'] },
  // AKS periscope: journal extracts per unit.
  { pattern: re(`${P}(?:systemlogs|collector)/kubelet(?:\\.log|\\.txt)?$`), is: { role: 'kubelet', kind: 'log', formatHint: 'journal-short' }, samples: ['aks-periscope-2026-11-27T10-00-00Z/aks-nodepool1-12345678-vmss000000/systemlogs/kubelet'] },
  { pattern: re(`${P}(?:systemlogs|collector)/(?:containerd|docker)(?:\\.log|\\.txt)?$`), is: { role: 'container-runtime', kind: 'log', formatHint: 'journal-short' }, samples: ['aks-periscope-2026-11-27T10-00-00Z/aks-nodepool1-12345678-vmss000000/systemlogs/containerd'] },

  // --- pods and containers ------------------------------------------------------------------
  { pattern: re(`${P}(?:pods|containers)/[^/]*etcd[^/]*(?:/[^/]+)*\\.log${ROTATED}$|${P}namespaces/openshift-etcd/pods/etcd-[^/]+/etcd/`), is: { role: 'etcd', kind: 'log' }, samples: ['var/log/pods/kube-system_etcd-master-0_0a1b2c3d/etcd/0.log', 'var/log/containers/etcd-master-0_kube-system_etcd-0123abcd.log', 'must-gather.local.5577/x/namespaces/openshift-etcd/pods/etcd-master-0/etcd/etcd/logs/current.log'] },
  { pattern: re(`${P}(?:pods|containers)/[^/]*kube-apiserver[^/]*(?:/[^/]+)*\\.log${ROTATED}$|${P}namespaces/openshift-kube-apiserver/pods/kube-apiserver-[^/]+/kube-apiserver/`), is: { role: 'apiserver', kind: 'log' }, samples: ['var/log/pods/kube-system_kube-apiserver-master-0_9f8e/kube-apiserver/3.log', 'must-gather.local.5577/x/namespaces/openshift-kube-apiserver/pods/kube-apiserver-master-0/kube-apiserver/kube-apiserver/logs/previous.log'] },
  { pattern: re(`${P}(?:pods|containers)/[^/]*kube-controller-manager[^/]*(?:/[^/]+)*\\.log${ROTATED}$`), is: { role: 'controller-manager', kind: 'log' }, samples: ['var/log/pods/kube-system_kube-controller-manager-master-0_77aa/kube-controller-manager/0.log'] },
  { pattern: re(`${P}(?:pods|containers)/[^/]*kube-scheduler[^/]*(?:/[^/]+)*\\.log${ROTATED}$`), is: { role: 'scheduler', kind: 'log' }, samples: ['var/log/containers/kube-scheduler-master-0_kube-system_kube-scheduler-55aa.log'] },
  { pattern: re(`${P}namespaces/[^/]+/pods/[^/]+/[^/]+/[^/]+/logs/[^/]+\\.log$`), is: { role: 'pod', kind: 'log' }, samples: ['must-gather.local.5577/x/namespaces/openshift-dns/pods/dns-default-x7k2p/dns/dns/logs/current.log'] },
  { pattern: re(`${VARLOG}(?:pods|containers)/.+\\.log${ROTATED}$`), is: { role: 'pod', kind: 'log', formatHint: 'cri' }, samples: ['var/log/pods/default_web-7d9f_1234/nginx/0.log', 'var/log/containers/web-7d9f_default_nginx-abcd.log', 'var/log/pods/default_web-7d9f_1234/nginx/0.log.20261127-101010'] },
  { pattern: re(`${P}namespaces/[^/]+/core/events\\.yaml$|${P}events\\.(?:yaml|json)$`), is: { role: 'events', kind: 'log', formatHint: 'k8s-events' }, samples: ['must-gather.local.5577/x/namespaces/openshift-etcd/core/events.yaml'] },
  { pattern: re(`${P}namespaces/|${P}cluster-scoped-resources/|${P}event-filter\\.html$`), is: { role: 'other', kind: 'ignore' }, samples: ['must-gather.local.5577/x/namespaces/openshift-etcd/core/pods.yaml', 'must-gather.local.5577/x/event-filter.html'] },

  // --- classic /var/log files -----------------------------------------------------------------
  { pattern: re(`${VARLOG}(?:messages|syslog|daemon\\.log|user\\.log|cron|boot\\.log)${ROTATED}$`), is: { role: 'syslog', kind: 'log', formatHint: 'syslog' }, samples: ['var/log/messages', 'var/log/messages-20261122', 'syslog.1', 'var_log/messages'] },
  { pattern: re(`${VARLOG}kern\\.log${ROTATED}$`), is: { role: 'kernel', kind: 'log', formatHint: 'syslog' }, samples: ['var/log/kern.log', 'kern.log.2'] },
  { pattern: re(`${VARLOG}(?:secure|auth\\.log)${ROTATED}$`), is: { role: 'auth', kind: 'log', formatHint: 'syslog' }, samples: ['var/log/secure-20261122', 'auth.log'] },
  { pattern: re(`${VARLOG}audit/audit\\.log${ROTATED}$`), is: { role: 'audit', kind: 'log', formatHint: 'audit' }, samples: ['var/log/audit/audit.log', 'var/log/audit/audit.log.1'] },
  { pattern: re(`${VARLOG}(?:kubelet|kubernetes/kubelet)(?:\\.[A-Za-z0-9_-]+)*\\.log${ROTATED}$|${P}kubelet\\.(?:INFO|WARNING|ERROR)$`), is: { role: 'kubelet', kind: 'log', formatHint: 'klog' }, samples: ['var/log/kubelet.log', 'kubelet.log.1', 'var/log/kubernetes/kubelet.log'] },
  { pattern: re(`${VARLOG}(?:containerd|crio|cri-o|docker)[^/]*\\.log${ROTATED}$`), is: { role: 'container-runtime', kind: 'log', formatHint: 'logfmt' }, samples: ['var/log/containerd.log', 'crio.log'] },
  { pattern: re(`${VARLOG}etcd[^/]*\\.log${ROTATED}$`), is: { role: 'etcd', kind: 'log' }, samples: ['var/log/etcd.log'] },
  { pattern: re(`${VARLOG}kube-apiserver[^/]*\\.log${ROTATED}$|${VARLOG}kube-apiserver/`), is: { role: 'apiserver', kind: 'log' }, samples: ['var/log/kube-apiserver.log', 'var/log/kube-apiserver/audit.log'] },
  { pattern: re(`${VARLOG}aws-routed-eni/[^/]+\\.log${ROTATED}$|${VARLOG}azure/.+\\.log${ROTATED}$|${VARLOG}cloud-init(?:-output)?\\.log${ROTATED}$`), is: { role: 'other', kind: 'log' }, samples: ['var_log/aws-routed-eni/ipamd.log', 'var/log/azure/cluster-provision.log', 'var/log/cloud-init-output.log'] },
  // Binary or useless here: login accounting, sysstat binaries, package caches.
  { pattern: re(`${VARLOG}(?:wtmp|btmp|lastlog|faillog|tallylog)${ROTATED}$|${VARLOG}(?:sa|sysstat)/|${VARLOG}(?:anaconda|installer|dnf|yum|apt|rhsm)/|${VARLOG}(?:dnf|yum|hawkey|dpkg|alternatives)[^/]*\\.log`), is: { role: 'other', kind: 'ignore' }, samples: ['var/log/wtmp', 'var/log/sa/sa27', 'var/log/dnf.log', 'var/log/anaconda/journal.log'] },
  { pattern: re(`${P}var/log/`), is: { role: 'other', kind: 'log' }, samples: ['var/log/openvswitch/ovs-vswitchd.log', 'var/log/tuned/tuned.log'] },

  // --- the rest of a collector's tree: command output and config files, not logs --------------
  { pattern: re(`${P}(?:sos_commands|sos_logs|sos_reports|sos_strings|etc|proc|sys|usr|run|lib|boot|dev|root|home|opt|tmp)/|${P}(?:environment|version\\.txt|sos_reports)$`), is: { role: 'other', kind: 'ignore' }, samples: ['sos_commands/networking/ip_-d_address', 'etc/kubernetes/kubelet.conf', 'proc/cpuinfo', 'sos_logs/sos.log'] },
  { pattern: re(`${P}(?:system|networking|storage|ipamd|cni|sysctls|kubelet|docker|containerd|kernel|nodeadm)/[^/]+$`), is: { role: 'other', kind: 'ignore' }, samples: ['eks_i-0abc_2026-11-27_1000-UTC_0.7.6/system/ps.txt', 'eks_i-0abc_2026-11-27_1000-UTC_0.7.6/kubelet/kubeconfig.yaml'] },
];

function re(src: string): RegExp {
  return new RegExp(src);
}

/** Compression suffixes (.gz of a rotated log) do not change what a file is. */
const COMPRESSED = /\.(?:gz|xz|zst|bz2|lz4)$/;

/** Only the part after the last "!/" names the file; sosreport-<host>-… folders name the node. */
export function classifyEntry(path: string): Classification {
  const inner = innerPath(path).replace(COMPRESSED, '');
  const node = nodeFromPath(path) ?? undefined;
  for (const row of ROWS) {
    if (row.pattern.test(inner)) return node ? { ...row.is, node } : { ...row.is };
  }
  // Not a known collector path: a loose file or an unknown log. Sniffing decides its format.
  return node ? { role: 'other', kind: 'log', node } : { role: 'other', kind: 'log' };
}

/** The path inside the innermost archive ("a.tar.xz!/var/log/messages" → "var/log/messages"). */
export function innerPath(path: string): string {
  const cut = path.lastIndexOf('!/');
  return cut < 0 ? path : path.slice(cut + 2);
}

/** sos names its archive and folder `sosreport-<host>[-<case id>]-<YYYY-MM-DD>-<random>`
 *  (sos 3: `sosreport-<host>.<case>-<YYYYMMDDHHMMSS>`). The host part names the node until the
 *  bundle's own hostname file says better. */
export function nodeFromPath(path: string): string | null {
  let host: string | null = null;
  for (const seg of path.split(/!?\//)) {
    const m = /^sosreport-(.+?)(?:-\d+)?-\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:\.tar(?:\.\w+)?)?$/.exec(seg)
      ?? /^sosreport-(.+?)(?:\.[^.-]+)?-\d{14}(?:\.tar(?:\.\w+)?)?$/.exec(seg);
    if (m) host = m[1]!;
    const eks = /^eks_(i-[0-9a-f]+)_/.exec(seg);
    if (eks) host = eks[1]!;
    if (/^aks-(?!periscope)[a-z0-9]+-\d+-vmss[0-9a-z]+$/.test(seg)) host = seg;
  }
  return host;
}

/** The folder a node's files hang from: everything up to the last archive boundary plus a
 *  collector's wrapper folder. Sources and facts with the same key are one node. */
export function nodeKey(path: string): string {
  const cut = path.lastIndexOf('!/');
  let key = cut >= 0 ? path.slice(0, cut + 2) : '';
  const segs = (cut >= 0 ? path.slice(cut + 2) : path).split('/');
  // Wrappers may stack: sos-collector-x/sosreport-a-…/, aks-periscope-…/aks-nodepool1-…-vmss000000/.
  for (let i = 0; i < segs.length - 1 && WRAPPER.test(segs[i]!); i++) key += `${segs[i]}/`;
  return key;
}

/** Top folders of collector output (not part of the node's filesystem). AKS node names start
 *  with "aks-" too, which is what makes periscope's per-node folders separate nodes. */
const WRAPPER = /^(?:sosreport-|sos-collector|eks_|aks-|must-gather|scc_)/;
