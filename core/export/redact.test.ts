// Redaction on log lines holding known addresses, host names, e-mails and secrets: none of them
// survives, each value keeps one pseudonym, sos clean's own pseudonyms and the log's meaning stay.
import { describe, expect, it } from 'vitest';
import { Redactor, looksSosCleaned } from './redact.ts';

const SECRETS = {
  ipv4: ['10.0.3.17', '192.168.122.1', '172.31.4.250'],
  ipv6: ['fe80::5054:ff:fe12:3456', '2001:db8:85a3::8a2e:370:7334', '2001:0db8:0000:0000:0000:ff00:0042:8329'],
  hosts: ['wrk-eu-03', 'master-0.ocp4.acme-corp.internal', 'registry.acme.example.com', 'ip-10-0-1-5.ec2.internal'],
  emails: ['jane.doe@acme-corp.com', 'oncall+k8s@example.org'],
  tokens: ['eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06bm9kZSJ9.c2lnbmF0dXJlX3NlY3JldA', 'sk_live_9f8e7d6c5b4a3f2e1d0c', 'hunter2pass', 's3cr3tP4ss', 'abc123sessioncookie', 'deadbeefcafe0042token'],
};

// Lines in the shapes these values take in real bundles (journal, kubelet klog, etcd zap, curl -v).
const LINES = [
  `Mar 14 03:27:06 wrk-eu-03 kubelet[2270]: E0314 03:27:06.412345 2270 kubelet_node_status.go:540] "Error updating node status" err="Get \\"https://master-0.ocp4.acme-corp.internal:6443/api/v1/nodes/wrk-eu-03?timeout=10s\\": dial tcp 10.0.3.17:6443: i/o timeout"`,
  'Mar 14 03:27:07 wrk-eu-03 kernel: IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready fe80::5054:ff:fe12:3456 via 2001:db8:85a3::8a2e:370:7334',
  'Mar 14 03:27:08 wrk-eu-03 NetworkManager[812]: <info>  [1710386828.1234] dhcp4 (eth0): address 192.168.122.1 gateway 172.31.4.250 dns 2001:0db8:0000:0000:0000:ff00:0042:8329',
  '{"level":"warn","ts":"2025-03-14T03:27:09.000Z","msg":"pull failed","image":"registry.acme.example.com/team/app:1.2","host":"ip-10-0-1-5.ec2.internal"}',
  'Mar 14 03:27:10 wrk-eu-03 alertmanager[77]: notify failed to=jane.doe@acme-corp.com cc=oncall+k8s@example.org',
  '> Authorization: Bearer eyJhbGciOiJSUzI1NiIsImtpZCI6IjEifQ.eyJzdWIiOiJzeXN0ZW06bm9kZSJ9.c2lnbmF0dXJlX3NlY3JldA',
  'GET https://api.acme.example.com/v1/items?limit=5&api_key=sk_live_9f8e7d6c5b4a3f2e1d0c&x=1 HTTP/1.1',
  'proxy configured: http://deploy:hunter2pass@proxy.acme.example.com:3128/',
  'Mar 14 03:27:11 wrk-eu-03 app[9]: login user=admin password=s3cr3tP4ss',
  '< Set-Cookie: session_id=abc123sessioncookie; Path=/; HttpOnly',
  'X-Auth-Token: deadbeefcafe0042token',
  'Mar 14 03:27:12 wrk-eu-03 kubelet[2270]: reconnect to 10.0.3.17 again (wrk-eu-03)',
];

describe('Redactor', () => {
  const r = new Redactor({ names: ['wrk-eu-03'] });
  const out = LINES.map((l) => r.text(l));
  const all = out.join('\n');

  it('leaves none of the known values', () => {
    for (const v of [...SECRETS.ipv4, ...SECRETS.ipv6, ...SECRETS.hosts, ...SECRETS.emails, ...SECRETS.tokens]) {
      expect(all.toLowerCase(), v).not.toContain(v.toLowerCase());
    }
    expect(all).not.toMatch(/acme/i);
  });

  it('gives one value one pseudonym, and different values different ones', () => {
    // 10.0.3.17 appears in line 0 and line 11; wrk-eu-03 in most lines.
    const ip = /dial tcp (ip-\d+):6443/.exec(out[0]!)?.[1];
    expect(ip).toBeDefined();
    expect(out[11]).toContain(`reconnect to ${ip} again`);
    const host = /^Mar 14 03:27:06 (host-\d+) /.exec(out[0]!)?.[1];
    expect(host).toBeDefined();
    expect(out[11]).toContain(`(${host})`);
    expect(out[2]).toMatch(/address ip-\d+ gateway ip-\d+ dns ip-\d+/);
    const ips = new Set(out[2]!.match(/ip-\d+/g));
    expect(ips.size).toBe(3);
    expect(r.pseudonym('ip', '10.0.3.17')).toBe(ip);
  });

  it('keeps the rest of the line readable', () => {
    expect(out[0]).toContain('"Error updating node status"');
    expect(out[0]).toMatch(/https:\/\/host-\d+:6443\/api\/v1\/nodes\/host-\d+\?timeout=10s/);
    expect(out[5]).toMatch(/^> Authorization: secret-\d+$/);
    expect(out[6]).toMatch(/api_key=secret-\d+&x=1 HTTP\/1\.1$/);
    expect(out[7]).toMatch(/^proxy configured: http:\/\/secret-\d+@host-\d+:3128\/$/);
    expect(out[8]).toMatch(/password=secret-\d+$/);
    expect(out[4]).toMatch(/to=email-1 cc=email-2$/);
    // Public names and what is not an address stay: klog stamps, a Go file:line, a version.
    const plain = 'I0314 03:27:06.412345 2270 reflector.go:169] k8s.io/client-go/informers/factory.go:150: Watch close - *v1.Pod total 4 items; kernel 4.18.0-477.27.1.el8_8.x86_64 10:00:00';
    expect(r.text(plain)).toBe(plain);
  });

  it('keeps a sos-cleaned bundle\'s own pseudonyms', () => {
    expect(looksSosCleaned(['host0'], [])).toBe(true);
    expect(looksSosCleaned(['wrk-eu-03'], ['sosreport-host0-2025-03-14-obfuscated/var/log/messages'])).toBe(true);
    expect(looksSosCleaned(['wrk-eu-03'], ['sosreport-wrk-eu-03/var/log/messages'])).toBe(false);
    const s = new Redactor({ names: ['host0'], keepSosPseudonyms: true });
    const line = 'Mar 14 03:27:06 host0 kubelet[1]: dial tcp 100.0.0.4:6443 via obfuscatedhost1.obfuscateddomain0.com; peer 10.9.8.7';
    const red = s.text(line);
    expect(red).toContain('host0 kubelet');
    expect(red).toContain('100.0.0.4:6443');
    expect(red).toContain('obfuscatedhost1.obfuscateddomain0.com');
    expect(red).not.toContain('10.9.8.7');
  });
});
