// Network: conntrack exhaustion and DNS failures (CoreDNS upstream errors, Go resolver errors in
// any component). NIC links and bonding are hardware (hardware.ts); API reachability is kubernetes.ts.
import type { Rule } from '../rule.ts';

export const NETWORK_RULES: Rule[] = [
  {
    id: 'network.conntrack-full',
    type: 'conntrack_full', category: 'network', severity: 'error',
    keys: ['table full, dropping packet'],
    // 2.6.x `ip_conntrack:`; 3.x–4.x net_ratelimit era prints the prefix twice (`nf_conntrack: nf_conntrack:`).
    pattern: /(?:nf|ip)_conntrack: (?:nf_conntrack: )?table full, dropping packet/,
    idents: /^(kernel|vmunix)$/,
    message: 'conntrack table full, dropping packets',
    versions: 'Linux 2.6–6.x',
    samples: {
      match: [
        { line: 'nf_conntrack: table full, dropping packet' },
        { line: 'nf_conntrack: nf_conntrack: table full, dropping packet ' },
        { line: 'ip_conntrack: table full, dropping packet.' },
      ],
      noMatch: ['nf_conntrack version 0.5.0 (65536 buckets, 262144 max)', 'net.netfilter.nf_conntrack_max = 131072'],
    },
  },
  {
    id: 'network.dns.coredns',
    type: 'dns_failure', category: 'network', severity: 'warning',
    keys: ['plugin/errors'],
    pattern: /plugin\/errors: \d+ (?<qname>\S+) (?<qtype>[A-Z0-9]+): (?<detail>[^\n]+)/,
    accept: (f) => {
      const d = String(f.detail);
      const up = /->(\[?[\da-fA-F.:]+\]?:\d+)/.exec(d);
      if (up) f.upstream = up[1]!;
      const err = /(i\/o timeout|connection refused|no route to host|network is unreachable|server misbehaving|context deadline exceeded|SERVFAIL|REFUSED)/.exec(d);
      if (err) f.error = err[1]!;
      delete f.detail;
      return true;
    },
    message: 'DNS query {qname} {qtype} failed upstream {upstream}: {error}',
    versions: 'CoreDNS 1.2–1.11 errors plugin',
    samples: {
      match: [
        { line: '[ERROR] plugin/errors: 2 accountant-server-http-provider-6b8756994f-zzf49. A: read udp 172.30.57.16:53039->119.29.29.29:53: i/o timeout', fields: { qname: 'accountant-server-http-provider-6b8756994f-zzf49.', qtype: 'A', upstream: '119.29.29.29:53', error: 'i/o timeout' } },
        { line: '[ERROR] plugin/errors: 2 example.com. AAAA: dial udp 10.0.0.2:53: connect: network is unreachable', fields: { qtype: 'AAAA', error: 'network is unreachable' } },
      ],
      noMatch: ['[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5'],
    },
  },
  {
    id: 'network.dns.go-resolver',
    type: 'dns_failure', category: 'network', severity: 'warning',
    keys: ['i/o timeout', 'server misbehaving', 'no such host', 'connection refused', 'failure in name resolution'],
    pattern: /lookup (?<qname>[\w.-]+)(?: on (?<upstream>[\da-fA-F.:\[\]]+))?: (?:read udp \S+: )?(?<error>i\/o timeout|server misbehaving|no such host|connection refused|Temporary failure in name resolution)/,
    message: 'DNS lookup of {qname} failed: {error}',
    versions: 'Go net resolver in Kubernetes components and runtimes (Go 1.x)',
    samples: {
      match: [
        { line: 'dial tcp: lookup registry-1.docker.io on 10.96.0.10:53: read udp 10.244.1.5:36652->10.96.0.10:53: i/o timeout', fields: { qname: 'registry-1.docker.io', upstream: '10.96.0.10:53', error: 'i/o timeout' } },
        { line: 'dial tcp: lookup api.example.internal on 127.0.0.53:53: server misbehaving', fields: { error: 'server misbehaving' } },
      ],
      noMatch: ['Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.0.0.2 10.0.0.3 10.0.0.4'],
    },
  },
];
