// A person's mistake on a kubeadm control-plane node: during "cleanup" an engineer moves the
// static-pod manifests of etcd and the API server away (the kubelet stops those pods), stops the
// kubelet, and force-reboots the node with `reboot -f` — no clean shutdown is logged. The secure
// log has the sudo lines and auditd the USER_CMD records with the commands in hex.
import type { Scenario } from '../generator/scenario.ts';
import { controlPlane } from './common.ts';

const HOST = 'k8s-cp-01';

export const scenario: Scenario = {
  id: 'operator-mistake',
  title: 'Control-plane node went down during a maintenance window',
  description: 'k8s-cp-01 (RHEL 9, kubeadm control plane with stacked etcd) went down during a maintenance window in the evening and came back without its API server. The sosreport was taken afterwards.',
  category: 'operations',
  type: 'operator_action',
  layout: 'sosreport',
  seed: 1012,
  nodes: [controlPlane(HOST, '10.5.0.21', { zone: 'Europe/Berlin' })],
  crashNode: HOST,
  crashAt: '2025-12-02T19:47:58Z',
  outcome: 'hard_reset',
  quietSeconds: 1,
  story(w, { before, crashT }) {
    const rng = w.rng.fork('story');
    const pid = rng.int(200000, 300000);
    const login = before(19 * 60);
    w.secure(HOST, login, 'sshd', `Accepted publickey for mhoffmann from 10.5.9.33 port 52114 ssh2: RSA SHA256:${Buffer.from(rng.hex(32), 'hex').toString('base64').replace(/=+$/, '')}`, pid);
    w.secure(HOST, login + 9000, 'sshd', 'pam_unix(sshd:session): session opened for user mhoffmann(uid=1004) by (uid=0)', pid);
    w.log(HOST, login + 12000, 'systemd-logind', 'New session 41 of user mhoffmann.');
    w.audit(HOST, login + 15000, 'USER_LOGIN', `pid=${pid} uid=0 auid=1004 ses=41 subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=login id=1004 exe="/usr/sbin/sshd" hostname=? addr=10.5.9.33 terminal=/dev/pts/0 res=success'`);
    w.sudo(HOST, before(15 * 60), 'mhoffmann', 1004, '/usr/bin/ls -la /etc/kubernetes/manifests', 'pts/0', 41);
    const mv1 = w.sudo(HOST, before(12 * 60), 'mhoffmann', 1004, '/usr/bin/mv /etc/kubernetes/manifests/etcd.yaml /etc/kubernetes/manifests/kube-apiserver.yaml /root/manifests-old/', 'pts/0', 41);
    w.cite('operator_action', mv1, 'COMMAND=/usr/bin/mv /etc/kubernetes/manifests/etcd.yaml', 'the static-pod manifests of etcd and the API server are moved away by hand');
    w.kubelet(HOST, before(12 * 60 - 3), 'I', 'kubelet.go:2394', `"SyncLoop REMOVE" source="file" pods=["kube-system/etcd-${HOST}","kube-system/kube-apiserver-${HOST}"]`);
    w.kubelet(HOST, before(12 * 60 - 3.1), 'I', 'kuberuntime_container.go:779', `"Killing container with a grace period" pod="kube-system/etcd-${HOST}" podUID="${w.stableHex(`etcd-${HOST}`, 32)}" containerName="etcd" containerID="containerd://${rng.hex(64)}" gracePeriod=30`);
    w.etcd(HOST, before(12 * 60 - 3.2), 'info', 'osutil/interrupt_unix.go:64', 'received signal; shutting down', { signal: 'terminated' });
    w.etcd(HOST, before(12 * 60 - 3.3), 'info', 'embed/etcd.go:377', 'closing etcd server', { name: HOST, 'data-dir': '/var/lib/etcd', 'advertise-peer-urls': '[https://10.5.0.21:2380]' });
    w.silence(HOST, 'etcd', before(12 * 60 - 3.3), crashT);
    w.silence(HOST, 'kube-apiserver', before(12 * 60 - 3.5), crashT);
    for (let s = 11 * 60; s > 7 * 60; s -= 10) w.kubelet(HOST, before(s), 'E', 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${HOST}\\": Get \\"https://10.5.0.21:6443/api/v1/nodes/${HOST}?resourceVersion=0&timeout=10s\\": dial tcp 10.5.0.21:6443: connect: connection refused"`);
    const stop = w.sudo(HOST, before(7 * 60), 'mhoffmann', 1004, '/usr/bin/systemctl stop kubelet', 'pts/0', 41);
    w.cite('operator_action', stop, 'COMMAND=/usr/bin/systemctl stop kubelet', 'then the kubelet is stopped');
    w.systemd(HOST, before(7 * 60 - 0.2), 'Stopping kubelet: The Kubernetes Node Agent...');
    w.systemd(HOST, before(7 * 60 - 0.5), 'kubelet.service: Deactivated successfully.');
    w.systemd(HOST, before(7 * 60 - 0.51), 'Stopped kubelet: The Kubernetes Node Agent.');
    w.silence(HOST, 'kubelet', before(7 * 60 - 0.51), crashT);
    w.audit(HOST, before(7 * 60 - 0.5), 'SERVICE_STOP', `pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='unit=kubelet comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success'`);
    w.sudo(HOST, before(4 * 60), 'mhoffmann', 1004, '/usr/bin/rm -rf /var/lib/etcd/member/snap/db.tmp', 'pts/0', 41);
    const rb = w.sudo(HOST, crashT - 900, 'mhoffmann', 1004, '/usr/sbin/reboot -f', 'pts/0', 41);
    w.cite('operator_action', rb, 'COMMAND=/usr/sbin/reboot -f', 'and the node is force-rebooted: reboot -f skips the clean shutdown');
  },
  explanation:
    'Nothing failed on its own. An engineer (mhoffmann, ssh from 10.5.9.33) used sudo to move the etcd and kube-apiserver static-pod manifests out of /etc/kubernetes/manifests — the kubelet immediately stopped both pods — then stopped the kubelet, deleted a file under /var/lib/etcd, '
    + 'and ran "reboot -f", which reboots at once without stopping services: that is why the journal just stops, with no shutdown sequence. The node came back without its API server and etcd member because the manifests were still in /root/manifests-old. '
    + 'Evidence: var/log/secure (sudo COMMAND= lines) and var/log/audit/audit.log (USER_CMD, cmd= in hex). Action: restore the manifests, check the etcd member, and put control-plane maintenance behind a runbook / change review.',
};
